package dev.coffer.cli.command;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Optional;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.ClientContext;
import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.config.ClientConfig;
import dev.coffer.cli.http.CofferApi;
import dev.coffer.cli.http.DeviceGrant;
import dev.coffer.cli.http.Fingerprints;
import dev.coffer.cli.http.ServerConnection;
import dev.coffer.cli.http.UntrustedServerException;

/**
 * Signs in without giving the client a password: the user approves this device in a
 * browser where they are signed in (RFC 8628), and the client keeps the personal access
 * token it receives. {@code --token-stdin} takes a token made on the account page
 * instead, for machines without a browser.
 */
@Command(name = "login",
		description = { "Sign in to a Coffer server and remember it.",
				"Shows a code to approve in a browser where you are signed in (passkey, two-step and all);"
						+ " the client receives an API token named after this device." })
public final class LoginCommand extends ServerCommand {

	/** The longest token name the server takes. */
	private static final int MAX_DEVICE_NAME = 64;

	@Parameters(paramLabel = "URL", description = "The server, e.g. https://files.example.org:8443")
	URI url;

	@Option(names = "--token-stdin",
			description = "Read an API token (from the account page) from standard input instead of approving in a browser")
	boolean tokenStdin;

	@Option(names = "--fingerprint", paramLabel = "SHA256:…",
			description = "Trust the server's self-signed certificate if it has this fingerprint (as the server printed at start), without asking")
	String fingerprint;

	@Option(names = "--device-name", paramLabel = "NAME",
			description = "What to call this device on the approval page and in your token list (default: coffer on <host name>)")
	String deviceName;

	@Override
	void run() throws Exception {
		URI server = Servers.normalize(this.url);
		ClientConfig config = config();
		String hostAndPort = ServerConnection.hostAndPort(server);
		String expected = (this.fingerprint != null) ? parseFingerprint(this.fingerprint) : null;
		String device = this.tokenStdin ? null : deviceName();
		ServerConnection anonymous = new ServerConnection(server, config.pinnedFingerprint(hostAndPort).orElse(null),
				null);
		Optional<String> newPin = establishTrust(anonymous, expected);
		String token = this.tokenStdin ? readToken() : approveInBrowser(anonymous, device);
		ServerConnection signedIn = new ServerConnection(server,
				newPin.or(() -> config.pinnedFingerprint(hostAndPort)).orElse(null), token);
		JsonObject me = new CofferApi(signedIn).me();
		newPin.ifPresent((pin) -> config.pin(hostAndPort, pin));
		Optional<String> previous = config.token(server);
		config.saveToken(server, token);
		config.setDefaultServer(server);
		previous.filter((old) -> !old.equals(token)).ifPresent((old) -> revokeQuietly(server, newPin, old));
		print(me, "Signed in to " + server + " as " + me.get("username").getAsString() + ".");
	}

	/**
	 * Makes one request to see whether the certificate is trusted; if it is a self-signed
	 * certificate seen for the first time, pins it when it has the expected fingerprint
	 * or the user confirms it at the terminal.
	 * @return the fingerprint to pin, if the user just trusted one
	 */
	private Optional<String> establishTrust(ServerConnection connection, String expected) {
		try {
			probe(connection);
			return Optional.empty();
		}
		catch (UntrustedServerException ex) {
			String presented = ex.presentedFingerprint();
			if (expected != null) {
				if (!ex.selfSignedLeaf()) {
					throw ex;
				}
				if (!presented.equals(expected)) {
					throw new CofferException(ExitCodes.UNTRUSTED_SERVER,
							"The server's certificate has the fingerprint " + presented + ", not " + expected
									+ " as given with --fingerprint. Nothing was trusted.");
				}
			}
			else if (!ex.canBePinned() || !confirm(connection.server(), presented)) {
				throw this.tokenStdin ? withTokenStdin(ex) : ex;
			}
			connection.pin(presented);
			probe(connection);
			return Optional.of(presented);
		}
	}

	/**
	 * The refusal, its suggested login command keeping --token-stdin: without it, that
	 * command would start signing in through a browser instead.
	 */
	private static CofferException withTokenStdin(UntrustedServerException ex) {
		if (ex.presentedFingerprint() == null
				|| !ex.getMessage().endsWith("--fingerprint " + ex.presentedFingerprint())) {
			return ex;
		}
		return new CofferException(ex.exitCode(), ex.getMessage() + " --token-stdin", ex);
	}

	private boolean confirm(URI server, String presented) {
		Optional<ClientContext.Terminal> terminal = context().terminal();
		if (terminal.isEmpty()) {
			return false;
		}
		err().println("The server " + ServerConnection.hostAndPort(server)
				+ " has a self-signed certificate that this computer has not seen before.");
		err().println("Its fingerprint is " + presented);
		err().println("Compare it with the fingerprint the server printed at start (or ask its operator).");
		err().flush();
		String answer = terminal.get().ask("Trust this certificate and remember it? (yes/no) ");
		return answer.strip().toLowerCase(Locale.ROOT).matches("y|yes");
	}

	private static void probe(ServerConnection connection) {
		connection.send(connection.request("/api/v1/me").GET().build(), HttpResponse.BodyHandlers.discarding());
	}

	private String approveInBrowser(ServerConnection connection, String device) throws InterruptedException {
		DeviceGrant grant = new DeviceGrant(connection);
		DeviceGrant.Authorization authorization = grant.start(device);
		err().println("To sign in, open this page in a browser where you are signed in to Coffer:");
		err().println();
		err().println("    " + ((authorization.verificationUriComplete() != null)
				? authorization.verificationUriComplete() : authorization.verificationUri()));
		err().println();
		err().println("check that it shows the code " + authorization.userCode() + " and the device \"" + device
				+ "\", and approve. The code expires in " + authorization.expiresIn().toMinutes() + " minutes.");
		err().println("Waiting for approval...");
		err().flush();
		return grant.awaitToken(authorization);
	}

	private String readToken() throws IOException {
		String line = context().stdinReader().readLine();
		String token = (line != null) ? line.strip() : "";
		if (token.isEmpty()) {
			throw new CofferException(ExitCodes.USAGE,
					"--token-stdin reads the token from standard input, which was empty.");
		}
		return token;
	}

	private String deviceName() {
		if (this.deviceName != null) {
			// The server's limit, said before anything is asked of it (the server says
			// what else it refuses).
			int length = CofferApi.normalized(this.deviceName).strip().length();
			if (length > MAX_DEVICE_NAME) {
				throw new CofferException(ExitCodes.USAGE, "--device-name takes at most " + MAX_DEVICE_NAME
						+ " characters (this one has " + length + ").");
			}
			return this.deviceName;
		}
		String host = System.getenv("HOSTNAME");
		if (host == null || host.isBlank()) {
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (IOException ex) {
				host = "this computer";
			}
		}
		String name = "coffer on " + host;
		return (name.length() > MAX_DEVICE_NAME) ? name.substring(0, MAX_DEVICE_NAME) : name;
	}

	private static String parseFingerprint(String typed) {
		try {
			return Fingerprints.parse(typed);
		}
		catch (IllegalArgumentException ex) {
			throw new CofferException(ExitCodes.USAGE, ex.getMessage());
		}
	}

	/** Signing in again replaces the old token; it should stop working too. */
	private void revokeQuietly(URI server, Optional<String> newPin, String oldToken) {
		String pinned = newPin.or(() -> config().pinnedFingerprint(ServerConnection.hostAndPort(server))).orElse(null);
		try {
			new CofferApi(new ServerConnection(server, pinned, oldToken)).revokeOwnToken();
		}
		catch (CofferException ex) {
			// Already revoked or expired: nothing to do.
		}
	}

}
