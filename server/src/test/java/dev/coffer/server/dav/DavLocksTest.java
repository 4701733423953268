package dev.coffer.server.dav;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebDAV locks (class 2) on a real server over HTTPS: what a lock keeps from writers that
 * do not submit its token, what its owner can do with it, and that it is nothing to
 * another user.
 */
class DavLocksTest {

	static final String EXCLUSIVE = """
			<?xml version="1.0" encoding="utf-8"?>
			<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope>
			<D:locktype><D:write/></D:locktype><D:owner><D:href>mailto:alice@example.org</D:href></D:owner></D:lockinfo>
			""";

	static final String SHARED = EXCLUSIVE.replace("<D:exclusive/>", "<D:shared/>");

	static TestServer server;

	static DavClient alice;

	static DavClient bob;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.dav.max-lock-timeout=10m");
		alice = new DavClient(server, "alice", DavAccounts.tokenOf(server, "alice"));
		bob = new DavClient(server, "bob", DavAccounts.tokenOf(server, "bob"));
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void put_onLockedFile_withoutTheToken_is423_andWithIt_is204() {
		assertThat(alice.send("PUT", "/dav/report.txt", "first").statusCode()).isEqualTo(201);
		HttpResponse<String> lock = alice.send("LOCK", "/dav/report.txt", EXCLUSIVE, "Depth", "0");
		assertThat(lock.statusCode()).isEqualTo(200);
		String token = tokenOf(lock);
		assertThat(token).startsWith("urn:uuid:");
		assertThat(lock.body()).contains("<D:locktoken><D:href>" + token + "</D:href></D:locktoken>")
			.contains("<D:exclusive/>")
			.contains("<D:depth>0</D:depth>")
			.contains("<D:owner><href xmlns=\"DAV:\">mailto:alice@example.org</href></D:owner>")
			.contains("<D:lockroot><D:href>/dav/report.txt</D:href></D:lockroot>");

		HttpResponse<String> refused = alice.send("PUT", "/dav/report.txt", "second");
		assertThat(refused.statusCode()).isEqualTo(423);
		assertThat(refused.body()).contains("<D:lock-token-submitted><D:href>/dav/report.txt</D:href>");
		for (String method : new String[] { "DELETE", "MOVE" }) {
			assertThat(
					alice.send(method, "/dav/report.txt", null, "Destination", server.baseUrl() + "/dav/elsewhere.txt")
						.statusCode())
				.as(method)
				.isEqualTo(423);
		}
		assertThat(alice.get("/dav/report.txt").body()).asString().isEqualTo("first");

		assertThat(alice.send("PUT", "/dav/report.txt", "second", "If", "(<" + token + ">)").statusCode())
			.isEqualTo(204);
		assertThat(alice
			.send("PUT", "/dav/report.txt", "third", "If",
					"<" + server.baseUrl() + "/dav/report.txt> (<" + token + ">)")
			.statusCode()).as("a list tagged with the resource").isEqualTo(204);
		assertThat(alice.get("/dav/report.txt").body()).asString().isEqualTo("third");
	}

	@Test
	void ifHeader_withTokenAndEtag_holdsOrIs412_asLongAsClientsSendIt() {
		alice.send("PUT", "/dav/etags.txt", "content");
		String token = tokenOf(alice.send("LOCK", "/dav/etags.txt", EXCLUSIVE));
		String etag = alice.get("/dav/etags.txt").headers().firstValue("ETag").orElseThrow();
		String wrong = etag.substring(0, etag.length() - 3) + "0\"";
		// litmus's complex_cond_put, whose own 200-byte buffer cuts this header short
		assertThat(alice
			.send("PUT", "/dav/etags.txt", "more", "If",
					"(<" + token + "> [" + etag + "]) (Not <DAV:no-lock> [" + etag + "])")
			.statusCode()).isEqualTo(204);
		String newEtag = alice.get("/dav/etags.txt").headers().firstValue("ETag").orElseThrow();
		assertThat(alice
			.send("PUT", "/dav/etags.txt", "again", "If",
					"(<" + token + "> [" + wrong + "]) (Not <DAV:no-lock> [" + wrong + "])")
			.statusCode()).isEqualTo(412);
		assertThat(alice.send("PUT", "/dav/etags.txt", "again", "If", "(<DAV:no-lock> [" + newEtag + "])").statusCode())
			.isEqualTo(412);
		assertThat(alice.send("PUT", "/dav/etags.txt", "again", "If", "(<" + token + "x>) (Not <DAV:no-lock>)")
			.statusCode()).as("the header holds, but the lock's token is not in it").isEqualTo(423);
		assertThat(alice.send("PUT", "/dav/etags.txt", "again", "If", "(<" + token + ">").statusCode())
			.as("a header that breaks the grammar")
			.isEqualTo(400);
	}

	@Test
	void lock_onUnmappedUrl_is201_andMakesAnEmptyLockedFile_thatAPutWithTheTokenFills() {
		HttpResponse<String> lock = alice.send("LOCK", "/dav/new.docx", EXCLUSIVE, "Timeout", "Second-60");
		assertThat(lock.statusCode()).isEqualTo(201);
		assertThat(lock.body()).containsPattern("<D:timeout>Second-(59|60)</D:timeout>");
		String token = tokenOf(lock);
		HttpResponse<String> found = alice.send("PROPFIND", "/dav/new.docx", null, "Depth", "0");
		assertThat(found.statusCode()).isEqualTo(207);
		assertThat(found.body()).contains("<D:getcontentlength>0</D:getcontentlength>").contains(token);
		assertThat(alice.send("PUT", "/dav/new.docx", "draft").statusCode()).isEqualTo(423);
		assertThat(alice.send("DELETE", "/dav/new.docx", null).statusCode()).isEqualTo(423);
		assertThat(alice.send("PUT", "/dav/new.docx", "draft", "If", "(<" + token + ">)").statusCode()).isEqualTo(204);
		assertThat(alice.get("/dav/new.docx").body()).asString().isEqualTo("draft");
		assertThat(server.bean(JdbcClient.class)
			.sql("select count(*) from file_versions v join files f on f.id = v.file_id where f.name = 'new.docx'")
			.query(Long.class)
			.single()).as("the content replaced the empty version the LOCK made").isEqualTo(1);
		assertThat(alice.send("LOCK", "/dav/missing/new.docx", EXCLUSIVE).statusCode()).as("no folder to put it in")
			.isEqualTo(409);
	}

	@Test
	void unlock_withAWrongToken_is409_andWithTheToken_is204_andFreesTheFile() {
		alice.send("PUT", "/dav/unlock.txt", "content");
		String token = tokenOf(alice.send("LOCK", "/dav/unlock.txt", EXCLUSIVE));
		HttpResponse<String> wrong = alice.send("UNLOCK", "/dav/unlock.txt", null, "Lock-Token",
				"<urn:uuid:00000000-0000-0000-0000-000000000000>");
		assertThat(wrong.statusCode()).isEqualTo(409);
		assertThat(wrong.body()).contains("<D:lock-token-matches-request-uri/>");
		assertThat(alice.send("UNLOCK", "/dav/etags.txt", null, "Lock-Token", "<" + token + ">").statusCode())
			.as("the token of a lock on another path")
			.isEqualTo(409);
		assertThat(alice.send("UNLOCK", "/dav/unlock.txt", null).statusCode()).as("no Lock-Token").isEqualTo(400);
		assertThat(alice.send("UNLOCK", "/dav/unlock.txt", null, "Lock-Token", "<" + token + ">").statusCode())
			.isEqualTo(204);
		assertThat(alice.send("PUT", "/dav/unlock.txt", "changed").statusCode()).isEqualTo(204);
		assertThat(alice.send("UNLOCK", "/dav/unlock.txt", null, "Lock-Token", "<" + token + ">").statusCode())
			.as("once unlocked")
			.isEqualTo(409);
	}

	@Test
	void anotherUser_cannotSeeUseOrUnlockYourLock_andIsNotHeldUpByIt() {
		alice.send("MKCOL", "/dav/private", null);
		alice.send("PUT", "/dav/private/plan.txt", "alice's");
		String token = tokenOf(alice.send("LOCK", "/dav/private/plan.txt", EXCLUSIVE));

		assertThat(bob.send("PROPFIND", "/dav/private/plan.txt", null, "Depth", "0").statusCode()).isEqualTo(404);
		assertThat(bob.send("UNLOCK", "/dav/private/plan.txt", null, "Lock-Token", "<" + token + ">").statusCode())
			.isEqualTo(409);
		assertThat(bob.send("LOCK", "/dav/private/plan.txt", EXCLUSIVE).statusCode()).as("bob has no folder private")
			.isEqualTo(409);
		assertThat(bob.send("MKCOL", "/dav/private", null).statusCode()).isEqualTo(201);
		assertThat(bob.send("PUT", "/dav/private/plan.txt", "bob's", "If", "(<" + token + ">)").statusCode())
			.as("alice's token is no lock in bob's tree")
			.isEqualTo(412);
		assertThat(bob.send("PUT", "/dav/private/plan.txt", "bob's").statusCode()).isEqualTo(201);
		assertThat(bob.send("PROPFIND", "/dav/private/plan.txt", null, "Depth", "0").body()).doesNotContain(token)
			.contains("<D:lockdiscovery/>");

		assertThat(alice.send("PUT", "/dav/private/plan.txt", "changed").statusCode()).as("still locked")
			.isEqualTo(423);
		assertThat(alice.get("/dav/private/plan.txt").body()).asString().isEqualTo("alice's");
	}

	@Test
	void folderLock_depthInfinity_coversWhatIsInside_andADeleteOfWhatHoldsALock() {
		alice.send("MKCOL", "/dav/projects", null);
		alice.send("MKCOL", "/dav/projects/a", null);
		String token = tokenOf(alice.send("LOCK", "/dav/projects/a", EXCLUSIVE));
		assertThat(alice.send("PUT", "/dav/projects/a/new.txt", "x").statusCode()).isEqualTo(423);
		assertThat(alice.send("PROPFIND", "/dav/projects/a/", null, "Depth", "0").body())
			.contains("<D:depth>infinity</D:depth>")
			.contains("<D:lockroot><D:href>/dav/projects/a/</D:href></D:lockroot>");
		HttpResponse<String> delete = alice.send("DELETE", "/dav/projects", null);
		assertThat(delete.statusCode()).as("a lock inside").isEqualTo(423);
		assertThat(delete.body()).contains("<D:href>/dav/projects/a</D:href>");
		assertThat(alice
			.send("PUT", "/dav/projects/a/new.txt", "x", "If",
					"<" + server.baseUrl() + "/dav/projects/a/> (<" + token + ">)")
			.statusCode()).isEqualTo(201);
		assertThat(alice.send("DELETE", "/dav/projects", null, "If", "(<" + token + ">)").statusCode())
			.as("an untagged list is about /dav/projects, which the lock does not cover")
			.isEqualTo(412);
		assertThat(alice
			.send("DELETE", "/dav/projects", null, "If", "<" + server.baseUrl() + "/dav/projects/a> (<" + token + ">)")
			.statusCode()).isEqualTo(204);
		assertThat(alice.send("MKCOL", "/dav/projects", null).statusCode()).isEqualTo(201);
		assertThat(alice.send("MKCOL", "/dav/projects/a", null).statusCode())
			.as("the DELETE took the lock away with the folder")
			.isEqualTo(201);
	}

	@Test
	void lock_conflicts_areRefused423_sharedLocksShare() {
		alice.send("PUT", "/dav/shared.txt", "content");
		String first = tokenOf(alice.send("LOCK", "/dav/shared.txt", SHARED));
		HttpResponse<String> exclusive = alice.send("LOCK", "/dav/shared.txt", EXCLUSIVE);
		assertThat(exclusive.statusCode()).isEqualTo(423);
		assertThat(exclusive.body()).contains("<D:no-conflicting-lock><D:href>/dav/shared.txt</D:href>");
		HttpResponse<String> second = alice.send("LOCK", "/dav/shared.txt", SHARED);
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(tokenOf(second)).isNotEqualTo(first);
		assertThat(alice.send("PROPFIND", "/dav/shared.txt", null, "Depth", "0").body())
			.contains(first, tokenOf(second))
			.contains("<D:supportedlock><D:lockentry><D:lockscope><D:exclusive/>");
		assertThat(alice.send("PUT", "/dav/shared.txt", "x", "If", "(<" + first + ">)").statusCode())
			.as("both shared locks' tokens are needed")
			.isEqualTo(423);
	}

	@Test
	void timeout_isCappedAtTheMaximum_refreshed_andAnExpiredLockHoldsNothing() {
		alice.send("PUT", "/dav/expiring.txt", "content");
		HttpResponse<String> lock = alice.send("LOCK", "/dav/expiring.txt", EXCLUSIVE, "Timeout",
				"Infinite, Second-4100000000");
		assertThat(lock.body()).containsPattern("<D:timeout>Second-(599|600)</D:timeout>");
		String token = tokenOf(lock);
		HttpResponse<String> refresh = alice.send("LOCK", "/dav/expiring.txt", null, "If", "(<" + token + ">)",
				"Timeout", "Second-120");
		assertThat(refresh.statusCode()).isEqualTo(200);
		assertThat(refresh.body()).containsPattern("<D:timeout>Second-(119|120)</D:timeout>").contains(token);
		assertThat(alice.send("LOCK", "/dav/expiring.txt", null, "If", "(<urn:uuid:" + token.substring(9, 17) + ">)")
			.statusCode()).as("a refresh of no lock").isEqualTo(412);

		server.bean(JdbcClient.class)
			.sql("update dav_locks set expires_at = ? where token = ?")
			.params(System.currentTimeMillis() - 1, token)
			.update();
		assertThat(alice.send("PUT", "/dav/expiring.txt", "after").statusCode()).isEqualTo(204);
		assertThat(alice.send("PROPFIND", "/dav/expiring.txt", null, "Depth", "0").body()).doesNotContain(token);
		assertThat(alice.send("LOCK", "/dav/expiring.txt", EXCLUSIVE).statusCode()).isEqualTo(200);
		assertThat(server.bean(JdbcClient.class)
			.sql("select count(*) from dav_locks where token = ?")
			.param(token)
			.query(Long.class)
			.single()).as("deleted when its owner took the next lock").isZero();
	}

	private static String tokenOf(HttpResponse<String> lock) {
		assertThat(lock.statusCode()).as(lock.body()).isBetween(200, 201);
		Matcher header = Pattern.compile("<(urn:uuid:[0-9a-f-]{36})>")
			.matcher(lock.headers().firstValue("Lock-Token").orElseThrow());
		assertThat(header.matches()).isTrue();
		return header.group(1);
	}

}
