package dev.coffer.server.files;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.coffer.server.support.ChildJvm;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An administrator sets a user's quota with {@code user quota}; uploads obey it at once.
 */
class UserQuotaTest {

	static final String PASSWORD = "correct horse battery staple";

	@Test
	void quotaSetByCommand_limitsUploads_andDefaultRestoresIt() throws Exception {
		try (TestServer server = TestServer.start()) {
			WebClient user = server.client();
			user.signUp("limited", PASSWORD);
			user.login("limited", PASSWORD);

			ChildJvm.Result set = ChildJvm.run(server.dataDir(), null, "user", "quota", "limited", "1mb");
			assertThat(set.exitCode()).as(set.stderr()).isZero();
			assertThat(set.stdout()).contains("Quota of limited: 1 MiB (1,048,576 bytes)");

			HttpResponse<String> tooBig = FilesApiTest.putAs(user, "big.bin", new byte[1024 * 1024 + 1]);
			assertThat(tooBig.statusCode()).isEqualTo(413);
			assertThat(tooBig.body()).contains("quota of 1 MiB");
			assertThat(user.get("/files").body()).contains("of 1 MiB used");

			ChildJvm.Result reset = ChildJvm.run(server.dataDir(), null, "user", "quota", "limited", "default");
			assertThat(reset.exitCode()).isZero();
			assertThat(FilesApiTest.putAs(user, "big.bin", new byte[1024 * 1024 + 1]).statusCode()).isEqualTo(201);

			ChildJvm.Result fraction = ChildJvm.run(server.dataDir(), null, "user", "quota", "limited", "1.5 MiB");
			assertThat(fraction.exitCode()).as("the sizes the admin page shows: " + fraction.stderr()).isZero();
			assertThat(user.get("/files").body()).contains("of 1.5 MiB used");

			ChildJvm.Result bad = ChildJvm.run(server.dataDir(), null, "user", "quota", "limited", "lots");
			assertThat(bad.exitCode()).as("a usage error").isEqualTo(2);
			assertThat(bad.stderr()).contains("like 500MiB");
		}
	}

}
