package dev.coffer.cli.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.MonitoringResponseOutOfOrderStrategy;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.util.Timeout;

/**
 * One request with file content, over a blocking HTTP/1.1 connection of its own (Apache
 * HttpClient's classic API). The JDK's {@link HttpClient} moves every TLS record (16 KiB)
 * through its asynchronous pipeline: for a large file that cost several times the CPU of
 * the bytes themselves and made the client several times slower than curl. A blocking
 * connection reads and writes records in the calling thread, as curl does. Same trust
 * ({@link PinningTrustManager} in {@code tls}), same TLS versions, host names checked by
 * the JDK as {@link HttpClient} does (endpoint identification {@code HTTPS}); no retries,
 * no redirects, no cookies. A body cut short of its {@code Content-Length} or chunked end
 * is an error, not an end. The connection is closed with the response, so nothing is
 * shared between requests.
 */
final class BlockingExchange {

	/** Bytes HttpClient buffers per connection each way; large reads bypass it. */
	private static final int BUFFER = 256 * 1024;

	/**
	 * How often, in bytes sent, to look for an early answer: over TLS each look waits up
	 * to a millisecond when none has come, so not every 8 KiB as HttpClient's default.
	 */
	private static final long EARLY_ANSWER_CHECK = 1024 * 1024;

	/** A request body: its length, and a writer of exactly that many bytes. */
	interface Body {

		long length();

		void writeTo(OutputStream out) throws IOException;

	}

	private BlockingExchange() {
	}

	/**
	 * Sends {@code request} (its method, URI and headers; its body is {@code body}, or
	 * none if null) and returns the answer with its body as a stream to read and close.
	 * @throws InterruptedException if the thread was interrupted meanwhile (HttpClient
	 * answers that with an I/O failure or a cancelled connection lease)
	 */
	static HttpResponse<InputStream> send(SSLContext tls, SSLParameters parameters, Duration connectTimeout,
			HttpRequest request, Body body) throws IOException, InterruptedException {
		CloseableHttpClient client = client(tls, parameters, connectTimeout);
		try {
			BasicClassicHttpRequest classic = new BasicClassicHttpRequest(request.method(), request.uri());
			request.headers()
				.map()
				.forEach((name, values) -> values.forEach((value) -> classic.addHeader(name, value)));
			classic.addHeader("Connection", "close");
			if (body != null) {
				classic.setEntity(new BodyEntity(body));
			}
			ClassicHttpResponse response = client.executeOpen(null, classic, null);
			HttpEntity entity = response.getEntity();
			InputStream content = (entity != null) ? entity.getContent() : InputStream.nullInputStream();
			return new Response(request, response.getCode(), headersOf(response),
					new ClosingExchange(content, response, client));
		}
		catch (IOException | RuntimeException ex) {
			client.close();
			if (Thread.currentThread().isInterrupted()) {
				InterruptedException interrupted = new InterruptedException("Interrupted");
				interrupted.initCause(ex);
				throw interrupted;
			}
			throw ex;
		}
	}

	private static CloseableHttpClient client(SSLContext tls, SSLParameters parameters, Duration connectTimeout) {
		return HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
					.setSslContext(tls)
					.setTlsVersions(parameters.getProtocols())
					// The JDK checks the host name during the handshake, as for
					// HttpClient.
					.setHostVerificationPolicy(HostnameVerificationPolicy.BUILTIN)
					.buildClassic())
				.setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
					.http1Config(Http1Config.custom().setBufferSize(BUFFER).build())
					// A server that refuses a body (quota, size) answers before it has
					// all
					// arrived and closes: look for that answer every EARLY_ANSWER_CHECK
					// bytes, so that it is read instead of a broken connection reported.
					.responseOutOfOrderStrategy(new MonitoringResponseOutOfOrderStrategy(EARLY_ANSWER_CHECK))
					.build())
				.setDefaultConnectionConfig(
						ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout)).build())
				.build())
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.disableContentCompression()
			.disableAuthCaching()
			.build();
	}

	private static HttpHeaders headersOf(ClassicHttpResponse response) {
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (Header header : response.getHeaders()) {
			headers.computeIfAbsent(header.getName(), (name) -> new ArrayList<>()).add(header.getValue());
		}
		return HttpHeaders.of(headers, (name, value) -> true);
	}

	/** A body written once, of a length known in advance. */
	private static final class BodyEntity extends AbstractHttpEntity {

		private final Body body;

		BodyEntity(Body body) {
			// The request's own Content-Type header stays; none is added here.
			super((String) null, null, false);
			this.body = body;
		}

		@Override
		public long getContentLength() {
			return this.body.length();
		}

		@Override
		public InputStream getContent() {
			throw new UnsupportedOperationException("The body is written, not read");
		}

		@Override
		public void writeTo(OutputStream out) throws IOException {
			this.body.writeTo(out);
		}

		@Override
		public boolean isRepeatable() {
			return false;
		}

		@Override
		public boolean isStreaming() {
			return false;
		}

		@Override
		public void close() {
		}

	}

	/**
	 * The body of an answer; closing it closes the connection, whether or not the body
	 * was read to its end (the rest is not read first).
	 */
	private static final class ClosingExchange extends FilterInputStream {

		private final ClassicHttpResponse response;

		private final CloseableHttpClient client;

		ClosingExchange(InputStream in, ClassicHttpResponse response, CloseableHttpClient client) {
			super(in);
			this.response = response;
			this.client = client;
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			return this.in.read(bytes, offset, length);
		}

		@Override
		public void close() throws IOException {
			try {
				this.response.close();
			}
			finally {
				this.client.close();
			}
		}

	}

	private record Response(HttpRequest request, int statusCode, HttpHeaders headers,
			InputStream body) implements HttpResponse<InputStream> {

		@Override
		public Optional<HttpResponse<InputStream>> previousResponse() {
			return Optional.empty();
		}

		@Override
		public Optional<SSLSession> sslSession() {
			return Optional.empty();
		}

		@Override
		public URI uri() {
			return this.request.uri();
		}

		@Override
		public HttpClient.Version version() {
			return HttpClient.Version.HTTP_1_1;
		}

	}

}
