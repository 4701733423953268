package dev.coffer.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser stand-in over real HTTPS: keeps cookies, does not follow redirects (tests
 * assert them), trusts exactly the test server's certificate and nothing else, and fills
 * in the CSRF token from the form it posts, as a browser would.
 */
public final class WebClient {

	/** What Chromium sends for a page load. */
	static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	/** Read at each request: a restarted TestServer listens on a new port. */
	private final Supplier<String> baseUrl;

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http;

	public WebClient(TestServer server) {
		this(server::baseUrl, server.certificateFile());
	}

	/**
	 * A client of a server at {@code baseUrl} (a {@link ChildServer}, a cluster node)
	 * whose certificate is in {@code certificateFile}.
	 */
	public WebClient(String baseUrl, Path certificateFile) {
		this(() -> baseUrl, certificateFile);
	}

	private WebClient(Supplier<String> baseUrl, Path certificateFile) {
		this.baseUrl = baseUrl;
		this.http = HttpClient.newBuilder()
			.sslContext(trusting(certificateFile))
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	public HttpResponse<String> get(String path) {
		return send(request(path).GET().build());
	}

	/**
	 * GET with extra headers (name, value, name, value...) replacing the browser
	 * defaults.
	 */
	public HttpResponse<String> get(String path, String... headers) {
		HttpRequest.Builder request = request(path);
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.setHeader(headers[i], headers[i + 1]);
		}
		return send(request.GET().build());
	}

	/**
	 * GETs the page at {@code pagePath}, fills the form posting to {@code action} (its
	 * own action, or a submit button's {@code formaction}), posts it.
	 */
	public HttpResponse<String> submit(String pagePath, String action, Map<String, String> fields) {
		HttpResponse<String> page = get(pagePath);
		Document document = Jsoup.parse(page.body());
		Element form = document.selectFirst("form[action=" + action + "]");
		Element button = document.selectFirst("button[formaction=" + action + "]");
		if (form == null && button != null) {
			form = button.closest("form");
		}
		if (form == null) {
			throw new AssertionError("No form posting to " + action + " on " + pagePath + ": " + page.body());
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (Element input : form.select("input[type=hidden]")) {
			values.put(input.attr("name"), input.attr("value"));
		}
		values.putAll(fields);
		return postForm(action, values);
	}

	/**
	 * The CSRF token a page script would use (from the {@code csrf-token} meta tag), for
	 * API calls made with this client's session, as the web UI's upload script makes
	 * them.
	 */
	public String csrfToken() {
		var meta = Jsoup.parse(get("/account").body()).selectFirst("meta[name=csrf-token]");
		if (meta == null) {
			throw new AssertionError("No CSRF meta tag: not signed in?");
		}
		return meta.attr("content");
	}

	/**
	 * An API request with this session and its CSRF header, as the web UI's script sends
	 * it.
	 */
	public HttpRequest.Builder apiRequest(String path) {
		return request(path).setHeader("Accept", "application/json").setHeader("X-CSRF-TOKEN", csrfToken());
	}

	/** A request whose body is streamed as bytes. */
	public HttpResponse<byte[]> sendForBytes(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A request whose answer's body is read as it arrives (close it to hang up early).
	 */
	public HttpResponse<InputStream> sendForStream(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** POSTs exactly these fields (no CSRF token added). */
	public HttpResponse<String> postForm(String path, Map<String, String> fields) {
		String body = fields.entrySet()
			.stream()
			.map((e) -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
		return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/** Signs in through the login form; returns the response to the login POST. */
	public HttpResponse<String> login(String username, String password) {
		return submit("/login", "/login", Map.of("username", username, "password", password));
	}

	/** Signs up through the sign-up form. */
	public HttpResponse<String> signUp(String username, String password) {
		return submit("/signup", "/signup",
				Map.of("username", username, "password", password, "passwordConfirmation", password));
	}

	public HttpResponse<String> logout() {
		return submit("/account", "/logout", Map.of());
	}

	public Optional<String> cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((c) -> c.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst();
	}

	public String sessionCookie() {
		return cookie("__Host-coffer-session").orElse(null);
	}

	/**
	 * Copies this client's cookies into another (as if a cookie were stolen or shared).
	 */
	public void copyCookiesTo(WebClient other) {
		URI base = URI.create(this.baseUrl.get());
		for (HttpCookie cookie : this.cookies.getCookieStore().getCookies()) {
			other.cookies.getCookieStore().add(base, cookie);
		}
	}

	public HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl.get() + path))
			.timeout(Duration.ofSeconds(30))
			.setHeader("Accept", BROWSER_ACCEPT);
	}

	public static Document html(HttpResponse<String> response) {
		return Jsoup.parse(response.body());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	static SSLContext trusting(Path certificateFile) {
		try (InputStream in = Files.newInputStream(certificateFile)) {
			Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
			KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
			trustStore.load(null, null);
			trustStore.setCertificateEntry("coffer", certificate);
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trustStore);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot trust " + certificateFile, ex);
		}
	}

}
