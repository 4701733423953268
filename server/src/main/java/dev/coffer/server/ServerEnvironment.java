package dev.coffer.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

import dev.coffer.server.tls.SelfSignedCertificate;

/**
 * Derives the settings that follow from Coffer's own ({@code coffer.*}) before the
 * application context starts, so that zero configuration gives a complete, secure server:
 * <ul>
 * <li>the data directory, created owner-only;</li>
 * <li>an embedded H2 database in it, protected by a generated password, opened in H2's
 * auto-server mode so that operator commands work while the server runs, its TCP port
 * bound to the loopback interface only; unless {@code spring.datasource.url} names
 * PostgreSQL or MariaDB/MySQL (a {@code jdbc:mysql:} URL is served by MariaDB
 * Connector/J);</li>
 * <li>HTTPS on 8443 with a self-signed certificate generated at first start, TLS 1.2/1.3
 * and AEAD cipher suites only, and a {@code __Host-} session cookie;</li>
 * <li>with TLS off (behind a reverse proxy): {@code X-Forwarded-*} honoured only from
 * {@code coffer.trusted-proxies}.</li>
 * </ul>
 * Every value is added with the lowest precedence: an explicit setting always wins.
 */
public class ServerEnvironment implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE = "cofferDerivedDefaults";

	static final String MYSQL_PROPERTY_SOURCE = "cofferMysqlThroughMariaDbDriver";

	static final String H2_BIND_ADDRESS = "h2.bindAddress";

	/**
	 * Parsed statements H2 keeps per connection (its default, 8, is fewer than one upload
	 * runs).
	 */
	static final int H2_QUERY_CACHE_SIZE = 64;

	static final String TLS_PROTOCOLS = "TLSv1.3,TLSv1.2";

	/**
	 * TLS 1.3 suites and TLS 1.2 ECDHE suites with AEAD ciphers: forward secrecy, no CBC.
	 */
	static final String TLS_CIPHERS = String.join(",", "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
			"TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
			"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
			"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
			"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

	@Override
	public int getOrder() {
		// After ConfigDataEnvironmentPostProcessor, so application.yml and friends are
		// visible.
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		CofferProperties coffer = Binder.get(environment).bindOrCreate("coffer", CofferProperties.class);
		Map<String, Object> defaults = new HashMap<>();
		try {
			boolean isNew = !Files.exists(coffer.dataDir());
			Path dataDir = OwnerOnlyFiles.createDirectories(coffer.dataDir());
			defaults.put("coffer.data-dir", dataDir.toString());
			// Operator commands run without a web server: no certificate to make or load.
			boolean web = application.getWebApplicationType() != WebApplicationType.NONE;
			boolean embedded = !environment.containsProperty("spring.datasource.url");
			if (isNew && !web && embedded) {
				// Most often a command run without the server's settings, which would
				// otherwise report on (or change) an empty database and succeed.
				System.err.println("note: there was no data directory at " + dataDir.toAbsolutePath()
						+ "; this command made a new, empty one. If your server keeps its data elsewhere, "
						+ "run the command in the server's working directory or with --coffer.data-dir=...");
			}
			if (embedded) {
				embeddedDatabase(dataDir, defaults, web);
			}
			else {
				mysqlThroughMariaDbDriver(environment);
			}
			if (web && coffer.tls().enabled()) {
				tls(dataDir, coffer.tls(), defaults);
			}
			else if (web) {
				plainHttpBehindProxy(coffer.trustedProxies(), defaults);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare the data directory " + coffer.dataDir(), ex);
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, defaults));
	}

	private static void embeddedDatabase(Path dataDir, Map<String, Object> defaults, boolean server)
			throws IOException {
		Path dbDir = OwnerOnlyFiles.createDirectories(dataDir.resolve("db"));
		Path passwordFile = dbDir.resolve("password");
		if (!Files.exists(passwordFile)) {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			OwnerOnlyFiles.write(passwordFile, Base64.getUrlEncoder().withoutPadding().encode(random));
		}
		else if (OwnerOnlyFiles.isAccessibleByOthers(passwordFile)) {
			// With it, any user of this machine can open the database through H2's
			// auto-server port on 127.0.0.1.
			throw new StartRefusedException(
					"The database password file " + passwordFile + " is accessible by group or others ("
							+ PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))
							+ "): with it, any user of this machine could open the database.",
					"Restrict it with: chmod 600 " + passwordFile + " (and keep copies owner-only too).", null);
		}
		String password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();
		// AUTO_SERVER makes the first process to open the database serve it to the others
		// (an operator command while the server runs) over TCP, on every interface unless
		// H2 is told otherwise. Read once, when H2 is first used: set it before.
		if (System.getProperty(H2_BIND_ADDRESS) == null) {
			System.setProperty(H2_BIND_ADDRESS, InetAddress.getLoopbackAddress().getHostAddress());
		}
		// WRITE_DELAY=0: a commit is written before it is acknowledged, so a killed
		// process never loses a transaction it reported as done (H2 otherwise waits up
		// to 500 ms; DurableTransactions adds the fsync H2 never does).
		// QUERY_CACHE_SIZE: H2 keeps this many parsed statements per connection (8 by
		// default); an upload alone runs about 15 different ones, so with 8 each was
		// parsed again on every request (16 % of an upload's CPU in a profile).
		// DEFRAG_ALWAYS (the server only): H2 never overwrites data in place, so
		// upload and delete churn makes the file grow far past what its rows need
		// while the server runs; this rewrites it with the live data whenever the
		// database closes. H2 itself closes it when the JVM stops, from its own
		// shutdown hook, which runs alongside Spring's and closes every connection at
		// once: a SHUTDOWN COMPACT run by the application at shutdown found the
		// database closed on every SIGTERM. Not for operator commands, which must
		// finish in seconds.
		defaults.put("spring.datasource.url",
				"jdbc:h2:file:" + dbDir.resolve("coffer") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;QUERY_CACHE_SIZE="
						+ H2_QUERY_CACHE_SIZE + (server ? ";DEFRAG_ALWAYS=TRUE" : ""));
		defaults.put("spring.datasource.username", "coffer");
		defaults.put("spring.datasource.password", password);
	}

	/**
	 * Lets a {@code jdbc:mysql:} URL alone select MySQL, as {@code jdbc:postgresql:} and
	 * {@code jdbc:mariadb:} do. Coffer ships MariaDB Connector/J, which speaks to MySQL 8
	 * too (MySQL's own driver is GPL-licensed and not bundled), but accepts a
	 * {@code jdbc:mysql:} URL only with {@code permitMysqlScheme}: that flag is added
	 * here, with the driver class. Nothing changes if MySQL's driver is on the class path
	 * or a driver class is configured.
	 */
	static void mysqlThroughMariaDbDriver(ConfigurableEnvironment environment) {
		String url = environment.getProperty("spring.datasource.url", "");
		if (!url.startsWith("jdbc:mysql:") || url.contains("permitMysqlScheme")
				|| environment.containsProperty("spring.datasource.driver-class-name")
				|| ClassUtils.isPresent("com.mysql.cj.jdbc.Driver", ServerEnvironment.class.getClassLoader())) {
			return;
		}
		String withFlag = url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
		environment.getPropertySources()
			.addFirst(new MapPropertySource(MYSQL_PROPERTY_SOURCE, Map.of("spring.datasource.url", withFlag,
					"spring.datasource.driver-class-name", "org.mariadb.jdbc.Driver")));
	}

	private static void tls(Path dataDir, CofferProperties.Tls tls, Map<String, Object> defaults) throws IOException {
		Path certificate = tls.certificate();
		Path privateKey = tls.privateKey();
		if (certificate == null || privateKey == null) {
			Path tlsDir = OwnerOnlyFiles.createDirectories(dataDir.resolve("tls"));
			certificate = tlsDir.resolve("certificate.pem");
			privateKey = tlsDir.resolve("private-key.pem");
			SelfSignedCertificate.ensure(certificate, privateKey);
		}
		String bundle = "spring.ssl.bundle.pem.coffer.";
		defaults.put(bundle + "keystore.certificate", "file:" + certificate.toAbsolutePath());
		defaults.put(bundle + "keystore.private-key", "file:" + privateKey.toAbsolutePath());
		defaults.put(bundle + "options.enabled-protocols", TLS_PROTOCOLS);
		defaults.put(bundle + "options.ciphers", TLS_CIPHERS);
		defaults.put("server.ssl.bundle", "coffer");
		defaults.put("server.port", 8443);
		defaults.put("coffer.tls.certificate-file", certificate.toAbsolutePath().toString());
		// A __Host- cookie is only accepted by browsers when Secure, Path=/ and without
		// Domain.
		defaults.put("server.servlet.session.cookie.name", "__Host-coffer-session");
		defaults.put("server.servlet.session.cookie.secure", true);
		defaults.put("server.servlet.session.cookie.path", "/");
		defaults.put("server.forward-headers-strategy", "none");
	}

	private static void plainHttpBehindProxy(List<String> trustedProxies, Map<String, Object> defaults) {
		defaults.put("server.port", 8080);
		defaults.put("coffer.tls.http-redirect-port", -1);
		defaults.put("server.servlet.session.cookie.name", "coffer-session");
		defaults.put("server.forward-headers-strategy", "native");
		// Tomcat trusts all private address ranges by default; Coffer trusts only what is
		// listed.
		defaults.put("server.tomcat.remoteip.internal-proxies", proxyPattern(trustedProxies));
		defaults.put("server.tomcat.remoteip.trusted-proxies", "");
	}

	static String proxyPattern(List<String> addresses) {
		if (addresses.isEmpty()) {
			return "(?!)"; // matches nothing
		}
		return addresses.stream().map(String::strip).map(Pattern::quote).collect(Collectors.joining("|"));
	}

}
