package dev.coffer.cli.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request over its own blocking TLS socket, for file content. The JDK's
 * {@link HttpClient} moves every TLS record (16 KiB) through its asynchronous pipeline:
 * for a large file that costs several times the CPU of the bytes themselves, and made the
 * client several times slower than curl. A blocking socket reads and writes records in
 * the calling thread, as curl does. Same trust ({@link PinningTrustManager}), same TLS
 * versions, host names checked; the connection is closed after the response
 * ({@code Connection: close}), so nothing is shared between requests.
 */
final class BlockingExchange {

	private static final int BUFFER = 256 * 1024;

	private static final int MAX_HEADER_LINE = 16 * 1024;

	private static final int MAX_HEADERS = 200;

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
	 */
	static HttpResponse<InputStream> send(SSLContext tls, SSLParameters parameters, Duration connectTimeout,
			HttpRequest request, Body body) throws IOException {
		URI uri = request.uri();
		int port = (uri.getPort() != -1) ? uri.getPort() : 443;
		SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
		try {
			SSLParameters socketParameters = tls.getDefaultSSLParameters();
			socketParameters.setProtocols(parameters.getProtocols());
			socketParameters.setEndpointIdentificationAlgorithm(parameters.getEndpointIdentificationAlgorithm());
			if (!isIpAddress(uri.getHost())) {
				socketParameters.setServerNames(List.of(new SNIHostName(uri.getHost())));
			}
			socket.setSSLParameters(socketParameters);
			socket.connect(new InetSocketAddress(uri.getHost(), port), (int) connectTimeout.toMillis());
			socket.setTcpNoDelay(true);
			socket.startHandshake();
			OutputStream out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
			InputStream in = new BufferedInputStream(socket.getInputStream(), BUFFER);
			out.write(head(request, uri, port, body).getBytes(StandardCharsets.ISO_8859_1));
			String statusLine;
			try {
				if (body != null) {
					body.writeTo(out);
				}
				out.flush();
				statusLine = readLine(in);
			}
			catch (IOException sending) {
				// A server that refuses a body (quota, size) may answer and close before
				// it has all arrived: its answer says more than the broken connection.
				statusLine = answerAfter(in, sending);
			}
			int status = statusCode(statusLine);
			HttpHeaders headers = readHeaders(in);
			InputStream content = new ClosingSocket(body(in, headers, request.method()), socket);
			return new Response(request, status, headers, content, socket.getSession());
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	/** The status line the server sent before the connection broke, else the failure. */
	private static String answerAfter(InputStream in, IOException sending) throws IOException {
		try {
			String line = readLine(in);
			if (line.startsWith("HTTP/1.")) {
				return line;
			}
		}
		catch (IOException ex) {
			sending.addSuppressed(ex);
		}
		throw sending;
	}

	private static boolean isIpAddress(String host) {
		return host.matches("[0-9.]+") || host.contains(":");
	}

	private static String head(HttpRequest request, URI uri, int port, Body body) {
		StringBuilder head = new StringBuilder();
		String target = uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		head.append(request.method()).append(' ').append(target).append(" HTTP/1.1\r\n");
		String host = uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost();
		head.append("Host: ").append(host).append((port != 443) ? ":" + port : "").append("\r\n");
		request.headers().map().forEach((name, values) -> values.forEach((value) -> {
			if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
				throw new IllegalArgumentException("A header value with a line break: " + name);
			}
			head.append(name).append(": ").append(value).append("\r\n");
		}));
		if (body != null) {
			head.append("Content-Length: ").append(body.length()).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		return head.toString();
	}

	private static int statusCode(String statusLine) throws IOException {
		String[] parts = statusLine.split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
			throw new IOException("Not an HTTP answer: " + statusLine);
		}
		return Integer.parseInt(parts[1]);
	}

	private static HttpHeaders readHeaders(InputStream in) throws IOException {
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (int i = 0; i < MAX_HEADERS; i++) {
			String line = readLine(in);
			if (line.isEmpty()) {
				return HttpHeaders.of(headers, (name, value) -> true);
			}
			int colon = line.indexOf(':');
			if (colon <= 0) {
				throw new IOException("Not an HTTP header: " + line);
			}
			headers.computeIfAbsent(line.substring(0, colon).strip(), (name) -> new ArrayList<>())
				.add(line.substring(colon + 1).strip());
		}
		throw new IOException("Too many headers in the server's answer");
	}

	/** A line of the head, without its CRLF. */
	static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		while (true) {
			int b = in.read();
			if (b < 0) {
				throw new EOFException("The connection closed in the middle of the server's answer");
			}
			if (b == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			if (line.length() >= MAX_HEADER_LINE) {
				throw new IOException("A header line of the server's answer is too long");
			}
			line.append((char) b);
		}
	}

	/** The body that follows the head: chunked, of a Content-Length, or to the end. */
	static InputStream body(InputStream in, HttpHeaders headers, String method) throws IOException {
		if (method.equals("HEAD")) {
			return InputStream.nullInputStream();
		}
		Optional<String> encoding = headers.firstValue("Transfer-Encoding");
		if (encoding.isPresent()) {
			if (!encoding.get().toLowerCase(Locale.ROOT).equals("chunked")) {
				throw new IOException("Unsupported Transfer-Encoding: " + encoding.get());
			}
			return new ChunkedBody(in);
		}
		Optional<String> length = headers.firstValue("Content-Length");
		if (length.isPresent()) {
			if (!length.get().matches("[0-9]{1,19}")) {
				throw new IOException("Bad Content-Length: " + length.get());
			}
			return new LengthBody(in, Long.parseLong(length.get()));
		}
		return in; // to the end of the connection
	}

	/** Exactly {@code length} bytes; an early end is an error, not the end. */
	private static final class LengthBody extends FilterInputStream {

		private long left;

		LengthBody(InputStream in, long length) {
			super(in);
			this.left = length;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			if (this.left == 0) {
				return -1;
			}
			int n = this.in.read(bytes, offset, (int) Math.min(length, this.left));
			if (n < 0) {
				throw new EOFException("The connection closed " + this.left + " bytes before the end of the answer");
			}
			this.left -= n;
			return n;
		}

	}

	/** A chunked body, decoded; trailers are skipped. */
	private static final class ChunkedBody extends FilterInputStream {

		private long left;

		private boolean ended;

		ChunkedBody(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			if (this.ended) {
				return -1;
			}
			if (this.left == 0) {
				String size = readLine(this.in);
				int extension = size.indexOf(';');
				String hex = ((extension >= 0) ? size.substring(0, extension) : size).strip();
				if (!hex.matches("[0-9a-fA-F]{1,15}")) {
					throw new IOException("Bad chunk size: " + size);
				}
				this.left = Long.parseLong(hex, 16);
				if (this.left == 0) {
					while (!readLine(this.in).isEmpty()) {
						// trailers
					}
					this.ended = true;
					return -1;
				}
			}
			int n = this.in.read(bytes, offset, (int) Math.min(length, this.left));
			if (n < 0) {
				throw new EOFException("The connection closed in the middle of a chunk");
			}
			this.left -= n;
			if (this.left == 0 && !readLine(this.in).isEmpty()) {
				throw new IOException("A chunk did not end with CRLF");
			}
			return n;
		}

	}

	/** Closes the socket with the body. */
	private static final class ClosingSocket extends FilterInputStream {

		private final SSLSocket socket;

		ClosingSocket(InputStream in, SSLSocket socket) {
			super(in);
			this.socket = socket;
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			return this.in.read(bytes, offset, length);
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

	private record Response(HttpRequest request, int statusCode, HttpHeaders headers, InputStream body,
			SSLSession session) implements HttpResponse<InputStream> {

		@Override
		public Optional<HttpResponse<InputStream>> previousResponse() {
			return Optional.empty();
		}

		@Override
		public Optional<SSLSession> sslSession() {
			return Optional.of(this.session);
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
