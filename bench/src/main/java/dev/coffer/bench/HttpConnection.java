package dev.coffer.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal HTTP/1.1 client connection over a plain or TLS socket, kept alive between
 * requests. It is deliberately small and allocation-free on the body path, so that the
 * client spends as little of the machine's CPU as possible: request bodies are written
 * straight to the socket, response bodies are handed to a {@link BodySink} in the
 * socket's own chunks. Not thread-safe: one connection per client thread.
 */
final class HttpConnection implements Closeable {

	/** Where to connect: a loopback address and port, with TLS or without. */
	record Endpoint(String host, int port, SSLSocketFactory tls, String tlsHostName) {

		String scheme() {
			return (this.tls != null) ? "https" : "http";
		}

		@Override
		public String toString() {
			return scheme() + "://" + this.host + ":" + this.port;
		}

	}

	/** Writes a request body. */
	@FunctionalInterface
	interface BodySource {

		void writeTo(OutputStream out) throws IOException;

	}

	/** Receives a response body in pieces. */
	@FunctionalInterface
	interface BodySink {

		void accept(byte[] bytes, int offset, int length) throws IOException;

	}

	/** A response: status, headers (names in lower case) and, if collected, the body. */
	record Response(int status, Map<String, String> headers, long bodyLength, byte[] body) {

		String bodyText() {
			return (this.body != null) ? new String(this.body, StandardCharsets.UTF_8) : "";
		}

		String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	static final int READ_BUFFER_SIZE = 1 << 20;

	private static final int SOCKET_TIMEOUT_MILLIS = 120_000;

	private final Endpoint endpoint;

	private final byte[] readBuffer = new byte[READ_BUFFER_SIZE];

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	private int connects;

	HttpConnection(Endpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * How many times this connection (re)connected: the first time and after each close.
	 */
	int connects() {
		return this.connects;
	}

	/** The negotiated TLS protocol and cipher suite, or "none" for plain HTTP. */
	String tlsDescription() throws IOException {
		ensureOpen();
		if (this.socket instanceof SSLSocket ssl) {
			return ssl.getSession().getProtocol() + " " + ssl.getSession().getCipherSuite();
		}
		return "none";
	}

	/**
	 * Sends a request and reads the whole response, collecting its body into memory. Only
	 * for small responses.
	 */
	Response send(String method, String target, List<String> headers, long contentLength, BodySource body)
			throws IOException {
		ByteArrayOutputStream collected = new ByteArrayOutputStream();
		Response response = send(method, target, headers, contentLength, body, collected::write);
		return new Response(response.status(), response.headers(), response.bodyLength(), collected.toByteArray());
	}

	/**
	 * Sends a request ({@code contentLength} -1 for none) and streams the response body
	 * to {@code sink}.
	 */
	Response send(String method, String target, List<String> headers, long contentLength, BodySource body,
			BodySink sink) throws IOException {
		ensureOpen();
		try {
			try {
				writeRequest(method, target, headers, contentLength, body);
			}
			catch (IOException ex) {
				// The server may have answered early (401, 413, ...) and closed: say
				// what.
				throw new IOException(ex.getMessage() + "; the server answered: " + earlyAnswer(), ex);
			}
			return readResponse(method, sink);
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private void writeRequest(String method, String target, List<String> headers, long contentLength, BodySource body)
			throws IOException {
		StringBuilder head = new StringBuilder(256);
		head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		head.append("Host: ").append(hostHeader()).append("\r\n");
		for (String header : headers) {
			head.append(header).append("\r\n");
		}
		if (contentLength >= 0) {
			head.append("Content-Length: ").append(contentLength).append("\r\n");
		}
		head.append("\r\n");
		this.out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		if (body != null) {
			body.writeTo(this.out);
		}
		this.out.flush();
	}

	private String earlyAnswer() {
		try {
			this.socket.setSoTimeout(1000);
			Response head = readHead(this.in);
			return head.status() + " " + head.headers();
		}
		catch (IOException | RuntimeException ex) {
			return "nothing readable";
		}
	}

	private String hostHeader() {
		String host = (this.endpoint.tlsHostName() != null) ? this.endpoint.tlsHostName() : this.endpoint.host();
		return host + ":" + this.endpoint.port();
	}

	private Response readResponse(String method, BodySink sink) throws IOException {
		Response head = readHead(this.in);
		while (head.status() >= 100 && head.status() < 200) {
			head = readHead(this.in);
		}
		boolean noBody = "HEAD".equals(method) || head.status() == 204 || head.status() == 304;
		long length = 0;
		boolean keepAlive = !"close".equalsIgnoreCase(head.header("connection"));
		if (!noBody) {
			String transferEncoding = head.header("transfer-encoding");
			String contentLength = head.header("content-length");
			if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
				length = readChunked(this.in, this.readBuffer, sink);
			}
			else if (contentLength != null) {
				length = Long.parseLong(contentLength.strip());
				readFixed(this.in, this.readBuffer, length, sink);
			}
			else {
				length = readToEnd(this.in, this.readBuffer, sink);
				keepAlive = false;
			}
		}
		if (!keepAlive) {
			close();
		}
		return new Response(head.status(), head.headers(), length, null);
	}

	/** Reads a status line and headers. */
	static Response readHead(InputStream in) throws IOException {
		String statusLine = readLine(in);
		if (statusLine == null) {
			throw new EOFException("Connection closed before a response");
		}
		String[] parts = statusLine.split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
			throw new IOException("Not an HTTP/1.x status line: " + statusLine);
		}
		int status = Integer.parseInt(parts[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
				String value = line.substring(colon + 1).strip();
				headers.merge(name, value, (a, b) -> a + ", " + b);
			}
		}
		return new Response(status, headers, 0, null);
	}

	static long readChunked(InputStream in, byte[] buffer, BodySink sink) throws IOException {
		long total = 0;
		while (true) {
			String sizeLine = readLine(in);
			if (sizeLine == null) {
				throw new EOFException("Connection closed inside a chunked body");
			}
			int semicolon = sizeLine.indexOf(';');
			String hex = ((semicolon >= 0) ? sizeLine.substring(0, semicolon) : sizeLine).strip();
			long size = Long.parseLong(hex, 16);
			if (size == 0) {
				// Trailers, up to the empty line.
				for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
					// ignored
				}
				return total;
			}
			readFixed(in, buffer, size, sink);
			total += size;
			String end = readLine(in);
			if (end == null || !end.isEmpty()) {
				throw new IOException("Malformed chunk end");
			}
		}
	}

	static void readFixed(InputStream in, byte[] buffer, long length, BodySink sink) throws IOException {
		long remaining = length;
		while (remaining > 0) {
			int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
			if (n < 0) {
				throw new EOFException("Connection closed with " + remaining + " of " + length + " bytes unread");
			}
			sink.accept(buffer, 0, n);
			remaining -= n;
		}
	}

	private static long readToEnd(InputStream in, byte[] buffer, BodySink sink) throws IOException {
		long total = 0;
		for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
			sink.accept(buffer, 0, n);
			total += n;
		}
		return total;
	}

	/**
	 * A CRLF- (or LF-) terminated ISO-8859-1 line without its terminator; null at EOF.
	 */
	static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder(64);
		int c;
		while ((c = in.read()) != -1) {
			if (c == '\n') {
				int length = line.length();
				if (length > 0 && line.charAt(length - 1) == '\r') {
					line.setLength(length - 1);
				}
				return line.toString();
			}
			if (line.length() > 65536) {
				throw new IOException("Header line too long");
			}
			line.append((char) c);
		}
		return (line.length() > 0) ? line.toString() : null;
	}

	private void ensureOpen() throws IOException {
		if (this.socket != null) {
			return;
		}
		Socket plain = new Socket();
		try {
			plain.setTcpNoDelay(true);
			plain.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
			plain.connect(new InetSocketAddress(this.endpoint.host(), this.endpoint.port()), 10_000);
			Socket connected = plain;
			if (this.endpoint.tls() != null) {
				SSLSocket ssl = (SSLSocket) this.endpoint.tls()
					.createSocket(plain, this.endpoint.tlsHostName(), this.endpoint.port(), true);
				SSLParameters parameters = ssl.getSSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				parameters.setApplicationProtocols(new String[] { "http/1.1" });
				ssl.setSSLParameters(parameters);
				ssl.startHandshake();
				connected = ssl;
			}
			this.socket = connected;
			this.in = new BufferedInputStream(connected.getInputStream(), 64 * 1024);
			this.out = new BufferedOutputStream(connected.getOutputStream(), 64 * 1024);
			this.connects++;
		}
		catch (IOException | RuntimeException ex) {
			plain.close();
			throw ex;
		}
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
			this.socket = null;
			this.in = null;
			this.out = null;
		}
	}

}
