package dev.coffer.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * nginx as the reference the issues compare Coffer with: started by the benchmark as a
 * child process ({@code daemon off}) from a minimal configuration it writes into its own
 * directory (no system configuration, pid file, logs or temporary files outside it), on
 * 127.0.0.1 and a free port, plain HTTP or HTTPS with Coffer's own certificate and TLS
 * 1.3 only. One location serves static GETs of a document root and takes WebDAV writes
 * ({@code PUT DELETE MKCOL COPY MOVE}, and {@code PROPFIND OPTIONS} through Debian's
 * {@code libnginx-mod-http-dav-ext} when it is installed).
 */
final class NginxServer implements AutoCloseable {

	/** Where Debian's packages put the binary and the WebDAV PROPFIND module. */
	static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/local/sbin/nginx"),
			Path.of("/usr/local/nginx/sbin/nginx"));

	static final List<Path> DAV_EXT_MODULES = List.of(Path.of("/usr/lib/nginx/modules/ngx_http_dav_ext_module.so"),
			Path.of("/usr/local/nginx/modules/ngx_http_dav_ext_module.so"));

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	/** The nginx found on this machine: its binary, and the PROPFIND module or null. */
	record Installation(Path binary, Path davExtModule, String version) {

		String description() {
			return this.version + ((this.davExtModule != null) ? " with the dav-ext module (PROPFIND)"
					: " without the dav-ext module (no PROPFIND)");
		}

	}

	/**
	 * What the generated configuration says.
	 *
	 * @param prefix the directory for the configuration, pid file, logs and temporary
	 * files
	 * @param root the document root that PUTs write to and GETs read from
	 * @param certificate PEM certificate for HTTPS, or null for plain HTTP
	 * @param privateKey its PEM private key, or null
	 * @param davExtModule the dav-ext module to load, or null
	 * @param workersAsUser the {@code user} directive's value, needed when the master
	 * runs as root (workers would otherwise run as nobody and could not write the root),
	 * or null
	 */
	record Config(Path prefix, Path root, int port, Path certificate, Path privateKey, Path davExtModule,
			String workersAsUser) {

		boolean tls() {
			return this.certificate != null;
		}

	}

	private final Process process;

	private final Config config;

	private final HttpConnection.Endpoint endpoint;

	private final Thread shutdownHook;

	private NginxServer(Process process, Config config, HttpConnection.Endpoint endpoint) {
		this.process = process;
		this.config = config;
		this.endpoint = endpoint;
		this.shutdownHook = new Thread(this::stop, "stop-nginx-" + process.pid());
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/** The nginx on this machine, if any. */
	static Optional<Installation> find() {
		Optional<Path> binary = BINARIES.stream().filter(Files::isExecutable).findFirst();
		if (binary.isEmpty()) {
			return Optional.empty();
		}
		Path module = DAV_EXT_MODULES.stream().filter(Files::isRegularFile).findFirst().orElse(null);
		return Optional.of(new Installation(binary.get(), module, version(binary.get())));
	}

	private static String version(Path binary) {
		try {
			Process process = new ProcessBuilder(binary.toString(), "-v").redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			process.waitFor(10, TimeUnit.SECONDS);
			// "nginx version: nginx/1.22.1"
			return out.contains("nginx/") ? out.substring(out.indexOf("nginx/")) : out;
		}
		catch (IOException ex) {
			return "nginx (version unknown)";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "nginx (version unknown)";
		}
	}

	/**
	 * The configuration file's text. Every path in it is absolute and under the prefix,
	 * except the certificate, its key and the module.
	 */
	static String render(Config config) {
		Path prefix = config.prefix().toAbsolutePath();
		StringBuilder conf = new StringBuilder();
		conf.append("# Written by coffer-bench for one run; nothing here is read from the system.\n");
		if (config.davExtModule() != null) {
			conf.append("load_module ").append(config.davExtModule()).append(";\n");
		}
		if (config.workersAsUser() != null) {
			conf.append("user ").append(config.workersAsUser()).append(";\n");
		}
		conf.append("daemon off;\n");
		conf.append("worker_processes auto;\n");
		conf.append("pid ").append(prefix.resolve("nginx.pid")).append(";\n");
		conf.append("error_log ").append(prefix.resolve("error.log")).append(" warn;\n");
		conf.append("events {\n    worker_connections 1024;\n}\n");
		conf.append("http {\n");
		conf.append("    access_log off;\n");
		// As Debian's own nginx.conf: the kernel copies files to plain sockets.
		conf.append("    sendfile on;\n    tcp_nopush on;\n");
		conf.append("    default_type application/octet-stream;\n");
		for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
			conf.append("    ")
				.append(temp)
				.append("_temp_path ")
				.append(prefix.resolve("temp").resolve(temp))
				.append(";\n");
		}
		conf.append("    server {\n");
		conf.append("        listen ")
			.append(ServerProcess.LOOPBACK)
			.append(':')
			.append(config.port())
			.append(config.tls() ? " ssl" : "")
			.append(";\n");
		if (config.tls()) {
			conf.append("        ssl_certificate ").append(config.certificate().toAbsolutePath()).append(";\n");
			conf.append("        ssl_certificate_key ").append(config.privateKey().toAbsolutePath()).append(";\n");
			conf.append("        ssl_protocols TLSv1.3;\n");
		}
		conf.append("        root ").append(config.root().toAbsolutePath()).append(";\n");
		conf.append("        location / {\n");
		conf.append("            dav_methods PUT DELETE MKCOL COPY MOVE;\n");
		if (config.davExtModule() != null) {
			conf.append("            dav_ext_methods PROPFIND OPTIONS;\n");
		}
		conf.append("            create_full_put_path on;\n");
		conf.append("            dav_access user:rw;\n");
		conf.append("            client_max_body_size 0;\n");
		conf.append("        }\n");
		conf.append("    }\n");
		conf.append("}\n");
		return conf.toString();
	}

	/**
	 * Writes the configuration into {@code dir} and starts nginx on a free port; returns
	 * once it accepts connections.
	 * @param certificate PEM certificate for HTTPS, or null for plain HTTP
	 */
	static NginxServer start(Installation nginx, Path dir, Path certificate, Path privateKey)
			throws IOException, InterruptedException {
		Path root = Files.createDirectories(dir.resolve("root"));
		for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
			Files.createDirectories(dir.resolve("temp").resolve(temp));
		}
		int port = ServerProcess.freePort();
		Config config = new Config(dir, root, port, certificate, privateKey, nginx.davExtModule(),
				ProcFs.effectiveUid() == 0 ? "root root" : null);
		Path conf = dir.resolve("nginx.conf");
		Files.writeString(conf, render(config), StandardCharsets.UTF_8);
		Path log = dir.resolve("stderr.log");
		// -e: the error log before the configuration is read (nginx 1.19.5+); -p: the
		// prefix, so nothing defaults to /etc/nginx or /var/log/nginx.
		Process process = new ProcessBuilder(nginx.binary().toString(), "-p", dir.toAbsolutePath() + "/", "-c",
				conf.toAbsolutePath().toString(), "-e", dir.resolve("error.log").toAbsolutePath().toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
			.start();
		HttpConnection.Endpoint endpoint = new HttpConnection.Endpoint(ServerProcess.LOOPBACK, port,
				(certificate != null) ? ServerProcess.trusting(certificate).getSocketFactory() : null,
				(certificate != null) ? "localhost" : null);
		NginxServer server = new NginxServer(process, config, endpoint);
		try {
			server.awaitListening();
			return server;
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			server.close();
			throw ex;
		}
	}

	private void awaitListening() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (true) {
			if (!this.process.isAlive()) {
				throw new IOException("nginx exited with " + this.process.exitValue() + " while starting: "
						+ ServerProcess.tail(this.config.prefix().resolve("stderr.log"), 20) + "\n"
						+ ServerProcess.tail(this.config.prefix().resolve("error.log"), 20));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(ServerProcess.LOOPBACK, this.config.port()), 1000);
				return;
			}
			catch (IOException ex) {
				if (System.nanoTime() > deadline) {
					throw new IOException("nginx did not listen within " + START_TIMEOUT + ": "
							+ ServerProcess.tail(this.config.prefix().resolve("error.log"), 20));
				}
			}
			Thread.sleep(50);
		}
	}

	HttpConnection.Endpoint endpoint() {
		return this.endpoint;
	}

	/** The document root: what PUTs wrote. */
	Path root() {
		return this.config.root();
	}

	long pid() {
		return this.process.pid();
	}

	/** CPU time of the master and its workers. */
	long cpuNanos() {
		return ProcFs.treeCpuNanos(this.process.pid());
	}

	private void stop() {
		// SIGTERM: nginx's fast shutdown, workers included.
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		stop();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// already shutting down
		}
	}

}
