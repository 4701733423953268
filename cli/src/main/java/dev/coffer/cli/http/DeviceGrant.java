package dev.coffer.cli.http;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;

/**
 * The client's side of the OAuth 2.0 Device Authorization Grant (RFC 8628): asks the
 * server for a device code and a user code (§3.1, §3.2), then polls the token endpoint
 * (§3.4) at the interval the server asks for, slowing down when told to (§3.5), until the
 * user has approved or denied in a browser, or the code has expired.
 */
public final class DeviceGrant {

	/** Sent as {@code client_id}: Coffer's CLI is a public client (RFC 6749 §2.1). */
	static final String CLIENT_ID = "coffer-cli";

	static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

	private static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

	private final ServerConnection connection;

	public DeviceGrant(ServerConnection connection) {
		this.connection = connection;
	}

	/**
	 * Asks for a device code for a device called {@code deviceName} (shown to the user
	 * who approves, and the name of the token).
	 */
	public Authorization start(String deviceName) {
		JsonObject answer = post("/api/v1/oauth/device_authorization",
				"client_id=" + CLIENT_ID + "&device_name=" + CofferApi.encode(deviceName));
		if (answer.has("error")) {
			throw new CofferException(ExitCodes.REFUSED, describe(answer));
		}
		return new Authorization(string(answer, "device_code"), string(answer, "user_code"),
				URI.create(string(answer, "verification_uri")),
				answer.has("verification_uri_complete") ? URI.create(string(answer, "verification_uri_complete"))
						: null,
				Duration.ofSeconds(answer.get("expires_in").getAsLong()),
				Duration.ofSeconds(answer.has("interval") ? answer.get("interval").getAsLong() : 5));
	}

	/**
	 * Polls until the user decides.
	 * @return the access token
	 * @throws CofferException with {@link ExitCodes#NOT_SIGNED_IN} if the user denied or
	 * the code expired
	 */
	public String awaitToken(Authorization authorization) throws InterruptedException {
		Duration interval = authorization.interval();
		Instant giveUp = Instant.now().plus(authorization.expiresIn()).plus(interval);
		while (Instant.now().isBefore(giveUp)) {
			Thread.sleep(interval.toMillis());
			JsonObject answer = post("/api/v1/oauth/token", "grant_type=" + CofferApi.encode(GRANT_TYPE)
					+ "&device_code=" + CofferApi.encode(authorization.deviceCode()) + "&client_id=" + CLIENT_ID);
			if (answer.has("access_token")) {
				return string(answer, "access_token");
			}
			String error = answer.has("error") ? string(answer, "error") : "";
			switch (error) {
				case "authorization_pending" -> {
				}
				case "slow_down" -> interval = interval.plus(SLOW_DOWN_STEP);
				case "access_denied" -> throw new CofferException(ExitCodes.NOT_SIGNED_IN,
						"Signing in was denied in the browser. Nothing was stored.");
				case "expired_token" -> throw new CofferException(ExitCodes.NOT_SIGNED_IN,
						"The code expired before it was approved. Run coffer login again.");
				default -> throw new CofferException(ExitCodes.REFUSED, describe(answer));
			}
		}
		throw new CofferException(ExitCodes.NOT_SIGNED_IN,
				"The code expired before it was approved. Run coffer login again.");
	}

	/**
	 * A form post whose answer is the RFC's JSON: a success (200), or an RFC 6749 §5.2
	 * error, which comes with 400 and has an {@code error}. Anything else (429 for too
	 * many requests, say) is a problem document.
	 */
	private JsonObject post(String path, String form) {
		HttpResponse<String> response = this.connection.send(this.connection.request(path)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.US_ASCII))
			.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		int status = response.statusCode();
		if (status == 200 || status == 400) {
			Optional<JsonObject> answer = ServerConnection.jsonObject(response.body())
				.filter((json) -> status == 200 || json.has("error"));
			if (answer.isPresent()) {
				return answer.get();
			}
		}
		if (status == 404) {
			throw new CofferException(ExitCodes.SERVER_ERROR, this.connection.server()
					+ " does not offer device sign-in: is it a Coffer server, and up to date?");
		}
		throw this.connection.problem(status, response.body(), response.headers().firstValue("Retry-After"));
	}

	private static String describe(JsonObject error) {
		return ServerConnection.text(error, "error_description")
			.orElse("The server refused: " + ServerConnection.text(error, "error").orElse("unknown error"));
	}

	private static String string(JsonObject object, String member) {
		JsonElement value = object.get(member);
		if (value == null || !value.isJsonPrimitive()) {
			throw new CofferException(ExitCodes.SERVER_ERROR, "The server's answer lacks " + member + ".");
		}
		return value.getAsString();
	}

	/**
	 * What the device authorization endpoint answered (RFC 8628 §3.2).
	 *
	 * @param deviceCode the secret the client polls with
	 * @param userCode what the user checks and enters
	 * @param verificationUri where to enter it
	 * @param verificationUriComplete the same with the code filled in, or {@code null}
	 * @param expiresIn how long the codes are valid
	 * @param interval how long to wait between polls
	 */
	public record Authorization(String deviceCode, String userCode, URI verificationUri, URI verificationUriComplete,
			Duration expiresIn, Duration interval) {
	}

}
