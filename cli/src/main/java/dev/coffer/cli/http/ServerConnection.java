package dev.coffer.cli.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.apache.hc.client5.http.ConnectTimeoutException;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;

/**
 * One server, over HTTPS with {@link PinningTrustManager}: sends requests (with the API
 * token, if there is one), turns error answers into {@link ServerProblemException}s with
 * the server's explanation, and failed connections into exceptions that say what happened
 * (untrusted certificate, unreachable server).
 */
public final class ServerConnection {

	/** How long a connection may take to be made, TLS handshake included. */
	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

	/**
	 * How long the server may take to answer a request whose body is sent whole (API
	 * calls: listings, shares, links, ...) once the connection is made. File content has
	 * no such limit: it goes over {@link BlockingExchange}, where the end of a very large
	 * upload can take the server minutes to check.
	 */
	private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);

	/**
	 * How long a fresh TCP connection may take when telling a server that does not answer
	 * from one that cannot be reached.
	 */
	private static final int PROBE_TIMEOUT_MILLIS = 5000;

	private final URI server;

	private final String token;

	private final PinningTrustManager trust;

	private final HttpClient http;

	private final SSLContext tls;

	private final Duration connectTimeout;

	private final Duration answerTimeout;

	/**
	 * @param server the server's base URL, {@code https://host:port}
	 * @param pinnedFingerprint the fingerprint pinned for it, or {@code null}
	 * @param token the API token, or {@code null} for unauthenticated requests
	 */
	public ServerConnection(URI server, String pinnedFingerprint, String token) {
		this(server, pinnedFingerprint, token, CONNECT_TIMEOUT, ANSWER_TIMEOUT);
	}

	/** With shorter timeouts, for tests that wait for them. */
	ServerConnection(URI server, String pinnedFingerprint, String token, Duration connectTimeout,
			Duration answerTimeout) {
		this.server = server;
		this.connectTimeout = connectTimeout;
		this.answerTimeout = answerTimeout;
		this.token = token;
		this.trust = new PinningTrustManager(pinnedFingerprint);
		this.tls = sslContext(this.trust);
		this.http = HttpClient.newBuilder()
			.sslContext(this.tls)
			.sslParameters(tlsParameters())
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	public URI server() {
		return this.server;
	}

	/** {@code host:port}, the name a pinned fingerprint is kept under. */
	public static String hostAndPort(URI server) {
		int port = (server.getPort() != -1) ? server.getPort() : 443;
		return server.getHost() + ":" + port;
	}

	/** Trusts the certificate with this fingerprint for the rest of this connection. */
	public void pin(String fingerprint) {
		this.trust.pin(fingerprint);
	}

	/** A request to {@code path} (with query), with the token if there is one. */
	public HttpRequest.Builder request(String pathAndQuery) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(this.server.resolve(pathAndQuery))
			.header("User-Agent", "coffer-cli");
		if (this.token != null) {
			builder.header("Authorization", "Bearer " + this.token);
		}
		return builder;
	}

	/**
	 * Sends the request and reads a JSON answer.
	 * @return the answer, or {@code null} for an empty one (204)
	 * @throws ServerProblemException for an error answer
	 */
	public JsonElement json(HttpRequest request) {
		HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		if (response.statusCode() >= 300) {
			throw problem(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
		}
		return parse(response.body());
	}

	/**
	 * Sends the request with {@code body} as
	 * {@link #stream(HttpRequest, long, ContentWriter)} does, and reads a JSON answer.
	 * @return the answer, or {@code null} for an empty one
	 * @throws ServerProblemException for an error answer
	 */
	public JsonElement json(HttpRequest request, long length, ContentWriter body) {
		HttpResponse<InputStream> response = stream(request, length, body);
		try (InputStream in = response.body()) {
			return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw connectionFailure(ex);
		}
	}

	private JsonElement parse(String body) {
		if (body.isEmpty()) {
			return null;
		}
		try {
			return JsonParser.parseString(body);
		}
		catch (JsonParseException ex) {
			throw new CofferException(ExitCodes.SERVER_ERROR,
					"The server's answer is not JSON: is " + this.server + " a Coffer server?", ex);
		}
	}

	/**
	 * Sends the request and returns the answer's body as a stream, to be read and closed
	 * by the caller. File content: it goes over its own blocking connection
	 * ({@link BlockingExchange}).
	 * @throws ServerProblemException for an error answer (its body read and closed)
	 */
	public HttpResponse<InputStream> stream(HttpRequest request) {
		return exchange(request, null);
	}

	/**
	 * Sends the request with {@code body} (its length, and a writer of it) over its own
	 * blocking connection and returns the answer's body as a stream, to be read and
	 * closed by the caller.
	 * @throws ServerProblemException for an error answer (its body read and closed)
	 */
	public HttpResponse<InputStream> stream(HttpRequest request, long length, ContentWriter body) {
		return exchange(request, new BlockingExchange.Body() {
			@Override
			public long length() {
				return length;
			}

			@Override
			public void writeTo(OutputStream out) throws IOException {
				body.writeTo(out);
			}
		});
	}

	/**
	 * Writes a request body of the length given with it. A failure to read the local
	 * source is thrown unchecked ({@link java.io.UncheckedIOException}), so that it is
	 * not taken for the connection's.
	 */
	@FunctionalInterface
	public interface ContentWriter {

		void writeTo(OutputStream out) throws IOException;

	}

	private HttpResponse<InputStream> exchange(HttpRequest request, BlockingExchange.Body body) {
		HttpResponse<InputStream> response;
		try {
			response = BlockingExchange.send(this.tls, tlsParameters(), this.connectTimeout, request, body);
		}
		catch (IOException ex) {
			throw connectionFailure(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CofferException(ExitCodes.FAILED, "Interrupted", ex);
		}
		if (response.statusCode() >= 300) {
			String text;
			try (InputStream in = response.body()) {
				text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				text = "";
			}
			throw problem(response.statusCode(), text, response.headers().firstValue("Retry-After"));
		}
		return response;
	}

	/**
	 * Sends the request, whatever it answers; one whose body is sent whole must be
	 * answered within {@link #ANSWER_TIMEOUT} unless it sets a timeout of its own. One
	 * streamed from a source of unknown length ({@code put -}) has none: its answer comes
	 * only after the last byte, however long the source takes.
	 */
	public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
		boolean sentWhole = request.bodyPublisher().map((body) -> body.contentLength() >= 0).orElse(true);
		if (request.timeout().isEmpty() && sentWhole) {
			request = HttpRequest.newBuilder(request, (name, value) -> true).timeout(this.answerTimeout).build();
		}
		try {
			return this.http.send(request, handler);
		}
		catch (HttpConnectTimeoutException ex) {
			throw connectionFailure(ex);
		}
		catch (HttpTimeoutException ex) {
			throw new CofferException(ExitCodes.UNREACHABLE, this.server + " did not answer within "
					+ this.answerTimeout.toSeconds()
					+ " s: is it overloaded or stopped? If the command changes something, check whether it was done "
					+ "before you run it again.", ex);
		}
		catch (IOException ex) {
			throw connectionFailure(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CofferException(ExitCodes.FAILED, "Interrupted", ex);
		}
	}

	private CofferException connectionFailure(IOException ex) {
		String where = hostAndPort(this.server);
		Optional<PinningTrustManager.Refusal> refusal = this.trust.refusal();
		if (refusal.isPresent()) {
			PinningTrustManager.Refusal why = refusal.get();
			return switch (why.kind()) {
				case UNKNOWN_SELF_SIGNED -> new UntrustedServerException("The server " + where
						+ " has a self-signed certificate that is not trusted yet; its fingerprint is "
						+ why.presented() + ". Compare it with the fingerprint the server printed at start, then run: "
						+ "coffer login " + this.server + " --fingerprint " + why.presented(), why.presented(), true,
						false, ex);
				case CHANGED -> new UntrustedServerException("The certificate of " + where
						+ " has CHANGED since you trusted it: it was " + why.pinned() + ", it is now " + why.presented()
						+ ". Someone may be intercepting the connection. If the server's "
						+ "certificate was replaced on purpose, check the new fingerprint with its operator, then run: "
						+ "coffer login " + this.server + " --fingerprint " + why.presented(), why.presented(),
						why.selfSignedLeaf(), true, ex);
				case NOT_TRUSTED ->
					new UntrustedServerException("The certificate of " + where + " is not trusted: " + why.reason(),
							why.presented(), false, false, ex);
			};
		}
		if (isConnectTimeout(ex) && acceptsConnections()) {
			return new CofferException(ExitCodes.UNREACHABLE,
					this.server + " accepted the connection but did not answer within "
							+ this.connectTimeout.toSeconds() + " s: is it overloaded or stopped?",
					ex);
		}
		if (isConnectTimeout(ex) || ex instanceof ConnectException || ex.getCause() instanceof ConnectException) {
			return new CofferException(ExitCodes.UNREACHABLE,
					"Cannot connect to " + where + ": is the server running, and is the address right?", ex);
		}
		String reason = (ex.getMessage() != null) ? ": " + ex.getMessage() : "";
		return new CofferException(ExitCodes.UNREACHABLE, "The connection to " + where + " failed" + reason, ex);
	}

	/**
	 * Whether connecting timed out: the JDK's client says so alike whether the TCP
	 * connection or the TLS handshake got no answer.
	 */
	private static boolean isConnectTimeout(IOException ex) {
		return ex instanceof HttpConnectTimeoutException || ex instanceof ConnectTimeoutException;
	}

	/**
	 * Whether the server's port takes a TCP connection now: a server that does (its
	 * kernel does it for a stopped process) but never answers is overloaded or stopped,
	 * not absent.
	 */
	private boolean acceptsConnections() {
		int port = (this.server.getPort() != -1) ? this.server.getPort() : 443;
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.server.getHost(), port), PROBE_TIMEOUT_MILLIS);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	ServerProblemException problem(int status, String body, Optional<String> retryAfter) {
		String detail = jsonObject(body)
			.flatMap((problem) -> text(problem, "detail").or(() -> text(problem, "error_description"))
				.or(() -> text(problem, "title")))
			.orElse("The server answered " + status + ".");
		if (status == 401) {
			detail = detail + " Sign in again with: coffer login " + this.server;
		}
		if (status == 429 && retryAfter.isPresent()) {
			detail = detail + " (try again in " + retryAfter.get() + " s)";
		}
		// Seconds only: the server never sends an HTTP date here.
		Duration wait = retryAfter.filter((seconds) -> seconds.matches("[0-9]{1,6}"))
			.map((seconds) -> Duration.ofSeconds(Long.parseLong(seconds)))
			.orElse(null);
		return new ServerProblemException(status, detail, wait);
	}

	/** The body as a JSON object, or empty if it is none (a proxy's page, say). */
	static Optional<JsonObject> jsonObject(String body) {
		try {
			JsonElement parsed = JsonParser.parseString(body);
			return parsed.isJsonObject() ? Optional.of(parsed.getAsJsonObject()) : Optional.empty();
		}
		catch (JsonParseException ex) {
			return Optional.empty();
		}
	}

	static Optional<String> text(JsonObject object, String member) {
		JsonElement value = object.get(member);
		return (value != null && value.isJsonPrimitive()) ? Optional.of(value.getAsString()) : Optional.empty();
	}

	private static SSLContext sslContext(PinningTrustManager trust) {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { trust }, null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot set up TLS", ex);
		}
	}

	/** TLS 1.2 and 1.3 only, as the server; host names checked (for CA certificates). */
	private static SSLParameters tlsParameters() {
		SSLParameters parameters = new SSLParameters();
		parameters.setProtocols(new String[] { "TLSv1.3", "TLSv1.2" });
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		return parameters;
	}

}
