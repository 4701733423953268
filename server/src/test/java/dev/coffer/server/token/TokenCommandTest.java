package dev.coffer.server.token;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.ChildJvm;
import dev.coffer.server.support.TestServer;

import static dev.coffer.server.token.TokenPages.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code token create|list|revoke} run as separate processes against the data directory
 * of a running server, as an operator provisioning a script would.
 */
class TokenCommandTest {

	static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		server.client().signUp("operator", PASSWORD);
		server.client().signUp("backup", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void create_printsOnlyTheTokenOnStdout_andItWorks_untilRevoked() throws Exception {
		ChildJvm.Result create = ChildJvm.run(server.dataDir(), null, "token", "create", "Backup", "--name",
				"nightly backup", "--expires-in", "30");
		assertThat(create.exitCode()).as(create.stderr()).isZero();
		assertThat(create.stdout().lines().toList()).hasSize(1);
		String token = create.stdout().strip();
		assertThat(token).matches("coffer_pat_[A-Za-z0-9_-]{43}");
		assertThat(create.stderr()).contains("nightly backup").contains("for Backup").doesNotContain(token);

		HttpResponse<String> me = TokenPages.call(server.client(), "GET", "/api/v1/me", token);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"username\":\"backup\"");

		ChildJvm.Result list = ChildJvm.run(server.dataDir(), null, "token", "list", "backup");
		assertThat(list.exitCode()).as(list.stderr()).isZero();
		assertThat(list.stdout()).containsPattern("active\\s+\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\\s+\\d{4}-")
			.contains("nightly backup")
			.doesNotContain(token);
		String id = list.stdout()
			.lines()
			.filter((line) -> line.contains("nightly backup"))
			.findFirst()
			.orElseThrow()
			.split("\\s+")[0];

		ChildJvm.Result revoke = ChildJvm.run(server.dataDir(), null, "token", "revoke", "backup", id);
		assertThat(revoke.exitCode()).as(revoke.stderr()).isZero();
		assertThat(revoke.stdout()).contains("Revoked API token " + id);
		assertThat(TokenPages.call(server.client(), "GET", "/api/v1/me", token).statusCode()).isEqualTo(401);
	}

	@Test
	void disable_revokesTheTokens_createIsRefusedWhileDisabled_andEnableRevivesNothing() throws Exception {
		server.client().signUp("leaver", PASSWORD);
		ChildJvm.Result create = ChildJvm.run(server.dataDir(), null, "token", "create", "leaver", "--expires-in",
				"30");
		assertThat(create.exitCode()).as(create.stderr()).isZero();
		String token = create.stdout().strip();
		assertThat(TokenPages.call(server.client(), "GET", "/api/v1/me", token).statusCode()).isEqualTo(200);

		ChildJvm.Result disable = ChildJvm.run(server.dataDir(), null, "user", "disable", "leaver");
		assertThat(disable.exitCode()).as(disable.stderr()).isZero();
		ChildJvm.Result refused = ChildJvm.run(server.dataDir(), null, "token", "create", "leaver");
		assertThat(refused.exitCode()).isEqualTo(1);
		assertThat(refused.stdout()).isEmpty();
		assertThat(refused.stderr()).contains("error: The account leaver is disabled, so it cannot have API tokens.")
			.contains("user enable leaver")
			.doesNotContain("Exception");
		ChildJvm.Result enable = ChildJvm.run(server.dataDir(), null, "user", "enable", "leaver");
		assertThat(enable.exitCode()).as(enable.stderr()).isZero();
		assertThat(TokenPages.call(server.client(), "GET", "/api/v1/me", token).statusCode()).isEqualTo(401);
		ChildJvm.Result list = ChildJvm.run(server.dataDir(), null, "token", "list", "leaver");
		assertThat(list.stdout()).contains("revoked").doesNotContain("active");
	}

	@Test
	void create_forAnUnknownUser_orWithABadExpiry_failsWithOneLine() throws Exception {
		ChildJvm.Result unknown = ChildJvm.run(server.dataDir(), null, "token", "create", "nobody");
		assertThat(unknown.exitCode()).isEqualTo(1);
		assertThat(unknown.stdout()).isEmpty();
		assertThat(unknown.stderr()).contains("error: No such user.").doesNotContain("Exception");

		ChildJvm.Result badExpiry = ChildJvm.run(server.dataDir(), null, "token", "create", "operator", "--expires-in",
				"0");
		assertThat(badExpiry.exitCode()).as("a usage error").isEqualTo(2);
		assertThat(badExpiry.stdout()).isEmpty();
		assertThat(badExpiry.stderr()).contains("1 to 3650 days");
	}

	@Test
	void revoke_ofAnotherUsersToken_isRefused() throws Exception {
		ChildJvm.Result create = ChildJvm.run(server.dataDir(), null, "token", "create", "operator");
		assertThat(create.exitCode()).as(create.stderr()).isZero();
		String token = create.stdout().strip();
		String id = ChildJvm.run(server.dataDir(), null, "token", "list", "operator")
			.stdout()
			.lines()
			.skip(1)
			.findFirst()
			.orElseThrow()
			.split("\\s+")[0];

		ChildJvm.Result wrongUser = ChildJvm.run(server.dataDir(), null, "token", "revoke", "backup", id);
		assertThat(wrongUser.exitCode()).isEqualTo(1);
		assertThat(wrongUser.stderr()).as("said to the operator, not to the token's owner")
			.contains("error: backup has no API token with id " + id)
			.doesNotContain("You have");
		assertThat(TokenPages.call(server.client(), "GET", "/api/v1/me", token).statusCode()).isEqualTo(200);
	}

}
