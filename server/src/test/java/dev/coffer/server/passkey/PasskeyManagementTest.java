package dev.coffer.server.passkey;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys over HTTPS without a browser: what the WebAuthn endpoints demand (a session,
 * CSRF, user verification), refused registrations, who may delete a passkey, the second
 * step a passkey brings, and the admin's reset. Real WebAuthn ceremonies are in
 * {@code browser.PasskeyBrowserTest}; here passkeys are stored through Spring's own
 * repository, as a registration stores them.
 */
class PasskeyManagementTest {

	private static final String PASSWORD = "correct horse battery staple";

	private static TestServer server;

	private static WebClient admin;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		admin = server.client();
		admin.signUp("pk-admin", PASSWORD); // the first account is the admin
		admin.login("pk-admin", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void authenticationOptions_needTheCsrfToken_andAskForUserVerification() {
		WebClient anonymous = server.client();
		HttpResponse<String> withoutToken = anonymous.send(
				anonymous.request("/webauthn/authenticate/options").POST(HttpRequest.BodyPublishers.noBody()).build());
		assertThat(withoutToken.statusCode()).isEqualTo(403);

		HttpResponse<String> options = postJson(anonymous, loginPageCsrf(anonymous), "/webauthn/authenticate/options",
				"");
		assertThat(options.statusCode()).isEqualTo(200);
		assertThat(options.body()).contains("\"rpId\":\"localhost\"")
			.contains("\"userVerification\":\"required\"")
			.contains("\"challenge\":\"");
	}

	@Test
	void registrationOptions_withoutSignIn_areRefusedAndStoreNothing() {
		WebClient anonymous = server.client();
		long entities = count("user_entities");
		HttpResponse<String> refused = postJson(anonymous, loginPageCsrf(anonymous), "/webauthn/register/options", "");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).doesNotContain("challenge");
		assertThat(count("user_entities")).isEqualTo(entities);
	}

	@Test
	void registrationOptions_forASignedInUser_requireUserVerificationAndADiscoverablePasskey() {
		WebClient alice = signedIn("pk-alice");
		HttpResponse<String> options = postJson(alice, alice.csrfToken(), "/webauthn/register/options", "");
		assertThat(options.statusCode()).isEqualTo(200);
		assertThat(options.body()).contains("\"id\":\"localhost\"")
			.contains("\"name\":\"pk-alice\"")
			.contains("\"userVerification\":\"required\"")
			.contains("\"residentKey\":\"required\"");
	}

	@Test
	void register_withoutAName_is400WithTheReason_andStoresNothing() {
		WebClient carol = signedIn("pk-carol");
		String csrf = carol.csrfToken();
		assertThat(postJson(carol, csrf, "/webauthn/register/options", "").statusCode()).isEqualTo(200);
		HttpResponse<String> unnamed = postJson(carol, csrf, "/webauthn/register", registration(""));
		assertThat(unnamed.statusCode()).isEqualTo(400);
		assertThat(unnamed.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(unnamed.body()).contains("Give the passkey a name")
			.as("the same problem as the API answers, with the field")
			.contains("\"field\":\"label\"", "\"title\":\"Bad Request\"");

		assertThat(postJson(carol, csrf, "/webauthn/register/options", "").statusCode()).isEqualTo(200);
		HttpResponse<String> tooLong = postJson(carol, csrf, "/webauthn/register", registration("x".repeat(65)));
		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertThat(tooLong.body()).contains("at most 64 characters");
		assertThat(passkeysOf("pk-carol")).isZero();
	}

	@Test
	void register_withAnAnswerThatDoesNotVerify_is400_andStoresNothing() {
		WebClient dave = signedIn("pk-dave");
		String csrf = dave.csrfToken();
		assertThat(postJson(dave, csrf, "/webauthn/register/options", "").statusCode()).isEqualTo(200);
		HttpResponse<String> forged = postJson(dave, csrf, "/webauthn/register", registration("laptop"));
		assertThat(forged.statusCode()).isEqualTo(400);
		assertThat(forged.body()).contains("could not be verified");
		assertThat(passkeysOf("pk-dave")).isZero();
	}

	@Test
	void register_withoutOptionsFirst_is400_andStoresNothing() {
		WebClient erin = signedIn("pk-erin");
		HttpResponse<String> noOptions = postJson(erin, erin.csrfToken(), "/webauthn/register", registration("laptop"));
		assertThat(noOptions.statusCode()).isEqualTo(400);
		assertThat(passkeysOf("pk-erin")).isZero();
	}

	@Test
	void accountPage_listsThePasskeys_withTheirNamesEscaped() {
		WebClient frank = signedIn("pk-frank");
		storePasskey("pk-frank", "<b>phone</b>");
		Document page = WebClient.html(frank.get("/account"));
		assertThat(page.select("#passkeys td.passkey-name").eachText()).containsExactly("<b>phone</b>");
		assertThat(page.select("#passkeys b")).isEmpty();
		assertThat(page.select("#passkeys form[action^=/account/passkeys/]")).hasSize(1);
	}

	@Test
	void deletingAnotherUsersPasskey_is404_andKeepsIt_whileTheOwnerCanDeleteIt() {
		WebClient mallory = signedIn("pk-mallory");
		WebClient grace = signedIn("pk-grace");
		String id = storePasskey("pk-grace", "laptop");

		HttpResponse<String> refused = mallory.postForm("/account/passkeys/" + id + "/delete",
				Map.of("_csrf", mallory.csrfToken()));
		assertThat(refused.statusCode()).isEqualTo(404);
		assertThat(auditCount("passkey.deleted", "pk-mallory")).isZero();
		assertThat(passkeysOf("pk-grace")).isEqualTo(1);

		// Spring Security's own DELETE endpoint is closed, for the owner too.
		HttpResponse<String> springDelete = grace.send(grace.request("/webauthn/register/" + id)
			.setHeader("X-CSRF-TOKEN", grace.csrfToken())
			.DELETE()
			.build());
		assertThat(springDelete.statusCode()).isEqualTo(404);
		assertThat(passkeysOf("pk-grace")).isEqualTo(1);

		HttpResponse<String> deleted = grace.postForm("/account/passkeys/" + id + "/delete",
				Map.of("_csrf", grace.csrfToken()));
		assertThat(deleted.statusCode()).isEqualTo(302);
		assertThat(deleted.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/account#passkeys"));
		assertThat(passkeysOf("pk-grace")).isZero();
		assertThat(auditCount("passkey.deleted", "pk-grace")).isEqualTo(1);
	}

	@Test
	void deleting_aMalformedId_is404() {
		WebClient heidi = signedIn("pk-heidi");
		HttpResponse<String> response = heidi.postForm("/account/passkeys/not%20an%20id/delete",
				Map.of("_csrf", heidi.csrfToken()));
		assertThat(response.statusCode()).isEqualTo(404);
	}

	@Test
	void passwordLogin_ofAUserWithAPasskey_asksForTheSecondStep_offeringThePasskey() {
		server.client().signUp("pk-ivan", PASSWORD);
		storePasskey("pk-ivan", "laptop");
		WebClient ivan = server.client();
		HttpResponse<String> login = ivan.login("pk-ivan", PASSWORD);
		assertThat(login.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).doesNotContain("error"));

		HttpResponse<String> files = ivan.get("/files");
		assertThat(files.statusCode()).isEqualTo(302);
		assertThat(files.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login/second-factor"));
		Document step = WebClient.html(ivan.get("/login/second-factor"));
		assertThat(step.select("button[data-passkey-sign-in]").text()).isEqualTo("Use a passkey");
		// No authenticator app: no code to ask for.
		assertThat(step.select("form[action=/login/second-factor]")).isEmpty();
		// The passkey step may fetch its options; registering another passkey may not.
		assertThat(postJson(ivan, csrfOf(step), "/webauthn/authenticate/options", "").body())
			.contains("\"allowCredentials\":[{");
		assertThat(postJson(ivan, csrfOf(step), "/webauthn/register/options", "").statusCode()).isEqualTo(302);
	}

	@Test
	void adminReset_removesThePasskeys_andThePasswordAloneSignsInAgain() {
		server.client().signUp("pk-judy", PASSWORD);
		storePasskey("pk-judy", "laptop");
		storePasskey("pk-judy", "phone");

		HttpResponse<String> reset = admin.submit("/admin/users", "/admin/users/second-factor/reset",
				Map.of("username", "pk-judy", "confirm", "true"));
		assertThat(reset.statusCode()).isEqualTo(302);
		assertThat(passkeysOf("pk-judy")).isZero();
		assertThat(auditCount("admin.mfa_reset", "pk-admin")).isPositive();

		WebClient judy = server.client();
		judy.login("pk-judy", PASSWORD);
		assertThat(judy.get("/files").statusCode()).isEqualTo(200);
	}

	@Test
	void deletingTheAccount_removesItsPasskeys() {
		WebClient ken = signedIn("pk-ken");
		storePasskey("pk-ken", "laptop");
		HttpResponse<String> deleted = ken.submit("/account", "/account/delete", Map.of("password", PASSWORD));
		assertThat(deleted.statusCode()).isEqualTo(302);
		assertThat(passkeysOf("pk-ken")).isZero();
		assertThat(jdbc().sql("select count(*) from user_entities where name = 'pk-ken'").query(Long.class).single())
			.isZero();
	}

	private static WebClient signedIn(String username) {
		WebClient client = server.client();
		client.signUp(username, PASSWORD);
		client.login(username, PASSWORD);
		// Signed in before any passkey exists: the session has passed the second step.
		assertThat(client.get("/files").statusCode()).isEqualTo(200);
		return client;
	}

	/**
	 * Stores a passkey for the user the way a registration does, with Spring's
	 * repositories.
	 */
	private static String storePasskey(String username, String name) {
		PublicKeyCredentialUserEntityRepository entities = server.bean(PublicKeyCredentialUserEntityRepository.class);
		PublicKeyCredentialUserEntity entity = entities.findByUsername(username);
		if (entity == null) {
			entity = ImmutablePublicKeyCredentialUserEntity.builder()
				.id(Bytes.random())
				.name(username)
				.displayName(username)
				.build();
			entities.save(entity);
		}
		Bytes credentialId = Bytes.random();
		server.bean(UserCredentialRepository.class)
			.save(ImmutableCredentialRecord.builder()
				.credentialType(PublicKeyCredentialType.PUBLIC_KEY)
				.credentialId(credentialId)
				.userEntityUserId(entity.getId())
				.publicKey(new ImmutablePublicKeyCose(new byte[] { 1, 2, 3 }))
				.signatureCount(0)
				.uvInitialized(true)
				.transports(Set.of())
				.backupEligible(false)
				.backupState(false)
				.label(name)
				.build());
		return credentialId.toBase64UrlString();
	}

	/** A well-formed registration answer that no authenticator made. */
	private static String registration(String name) {
		return """
				{"publicKey":{"credential":{"id":"AAECAw","rawId":"AAECAw","type":"public-key",\
				"response":{"attestationObject":"AAECAw","clientDataJSON":"AAECAw","transports":["internal"]},\
				"clientExtensionResults":{},"authenticatorAttachment":"platform"},"label":"%s"}}""".formatted(name);
	}

	private static HttpResponse<String> postJson(WebClient client, String csrf, String path, String json) {
		return client.send(client.request(path)
			.setHeader("Content-Type", "application/json")
			.setHeader("Accept", "application/json")
			.setHeader("X-CSRF-TOKEN", csrf)
			.POST(json.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private static String loginPageCsrf(WebClient client) {
		return csrfOf(WebClient.html(client.get("/login")));
	}

	private static String csrfOf(Document page) {
		return page.selectFirst("meta[name=csrf-token]").attr("content");
	}

	private static long passkeysOf(String username) {
		return jdbc()
			.sql("select count(*) from user_credentials c join user_entities e "
					+ "on c.user_entity_user_id = e.id where e.name = ?")
			.param(username)
			.query(Long.class)
			.single();
	}

	private static long count(String table) {
		return jdbc().sql("select count(*) from " + table).query(Long.class).single();
	}

	private static long auditCount(String action, String actor) {
		return jdbc().sql("select count(*) from audit_events where action = ? and actor = ?")
			.params(action, actor)
			.query(Long.class)
			.single();
	}

	private static JdbcClient jdbc() {
		return server.bean(JdbcClient.class);
	}

}
