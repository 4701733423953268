package dev.coffer.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs what a benchmark run compares Coffer with, where it is installed: nginx (large
 * transfers and load), curl as a second client, rclone to Coffer's and nginx's WebDAV.
 * Per protocol, after Coffer's own runs and while its server is still up; the figures go
 * to {@link SideBySide}, and what is not installed becomes a note there.
 */
final class References {

	private final BenchOptions options;

	private final PrintStream log;

	private final SideBySide results;

	/** Directories to delete at the end of the run (unless --keep). */
	private final List<Path> tempDirs;

	private final LargeContent content;

	private Optional<NginxServer.Installation> nginx = Optional.empty();

	private Rclone rclone;

	private Path rcloneSource;

	private Curl curl;

	private Path curlDir;

	References(BenchOptions options, PrintStream log, SideBySide results, List<Path> tempDirs, LargeContent content) {
		this.options = options;
		this.log = log;
		this.results = results;
		this.tempDirs = tempDirs;
		this.content = content;
	}

	/** Whether anything of this is to run per protocol. */
	boolean anyToRun() {
		boolean large = !this.options.skipLarge;
		boolean load = !this.options.skipLoad;
		return (this.options.runs("nginx") && this.nginx.isPresent() && (large || load)) || this.rclone != null
				|| (this.curl != null && large);
	}

	/** nginx and rclone, where installed; the report says which are not. */
	void find() throws IOException, InterruptedException {
		if (this.options.runs("nginx") || this.options.runs("rclone")) {
			this.nginx = NginxServer.find();
			if (this.nginx.isEmpty()) {
				this.results.notes.add("nginx is not installed (Debian: `nginx`, and `libnginx-mod-http-dav-ext` "
						+ "for PROPFIND): no nginx rows were measured.");
			}
			else {
				this.results.nginxDescription = this.nginx.get().description();
				this.log.println("Found " + this.results.nginxDescription + " at " + this.nginx.get().binary());
			}
		}
		if (this.options.runs("curl")) {
			Optional<Path> binary = Curl.find();
			if (binary.isEmpty()) {
				this.results.notes.add("curl is not installed: no curl rows were measured.");
			}
			else {
				this.curl = new Curl(binary.get(), this.options.workDir);
			}
		}
		if (this.options.runs("rclone")) {
			Optional<Path> binary = Rclone.find();
			if (binary.isEmpty()) {
				this.results.notes.add("rclone is not installed (Debian: `rclone`): no rclone rows were measured.");
			}
			else {
				this.rclone = new Rclone(binary.get(), this.options.workDir);
				this.results.rcloneDescription = this.rclone.version();
				this.results.rcloneProtocol = this.options.protocols.contains("https") ? "https"
						: this.options.protocols.getFirst();
			}
		}
	}

	/**
	 * nginx for this protocol (large transfers and load), and rclone to Coffer's and
	 * nginx's WebDAV, while Coffer's server is still up.
	 */
	void run(Path dataDir, String protocol, ServerProcess server, String token) throws Exception {
		boolean nginxRows = this.options.runs("nginx") && (!this.options.skipLarge || !this.options.skipLoad);
		boolean rcloneRows = this.rclone != null && protocol.equals(this.results.rcloneProtocol);
		boolean curlRows = this.curl != null && !this.options.skipLarge;
		if (curlRows) {
			curlCoffer(protocol, dataDir, server, token);
		}
		if (rcloneRows) {
			this.results.rcloneCoffer = rcloneCopy(protocol, dataDir, server.endpoint().scheme() + "://"
					+ ServerProcess.LOOPBACK + ":" + server.endpoint().port() + "/dav/", CofferBench.USER, token);
		}
		if (this.nginx.isEmpty() || !(nginxRows || rcloneRows || curlRows)) {
			return;
		}
		Path dir = SideBySide.nginxDir(this.options.workDir, protocol);
		this.tempDirs.add(dir);
		boolean tls = protocol.equals("https");
		Path tlsDir = dataDir.resolve("tls");
		this.log.printf("Starting nginx (%s) in %s ...%n", protocol, dir);
		try (NginxServer nginxServer = NginxServer.start(this.nginx.get(), dir,
				tls ? tlsDir.resolve("certificate.pem") : null, tls ? tlsDir.resolve("private-key.pem") : null)) {
			this.log.printf("nginx pid %d is up at %s%n", nginxServer.pid(), nginxServer.endpoint());
			if (nginxRows && !this.options.skipLarge) {
				this.results.nginxLarge(protocol, nginxServer, this.content.content(), this.content.sha256(), this.log);
			}
			if (nginxRows && !this.options.skipLoad) {
				this.results.nginxLoad(protocol, nginxServer, this.log);
			}
			if (curlRows) {
				curlNginx(protocol, dataDir, nginxServer);
			}
			if (rcloneRows) {
				if (this.nginx.get().davExtModule() == null) {
					this.results.notes.add("nginx has no dav-ext module (Debian: `libnginx-mod-http-dav-ext`), "
							+ "so no PROPFIND, which rclone needs: no rclone row for nginx.");
				}
				else {
					this.results.rcloneNginx = rcloneCopy(protocol, dataDir, nginxServer.endpoint().scheme() + "://"
							+ ServerProcess.LOOPBACK + ":" + nginxServer.endpoint().port() + "/", null, null);
				}
			}
		}
	}

	private Rclone.Copy rcloneCopy(String protocol, Path dataDir, String url, String user, String password)
			throws IOException, InterruptedException {
		if (this.rcloneSource == null) {
			this.rcloneSource = Files.createTempDirectory(this.options.workDir, "coffer-bench-rclone-");
			this.tempDirs.add(this.rcloneSource);
			Rclone.writeTree(this.rcloneSource, this.options.rcloneFiles, Rclone.FOLDERS, this.options.smallSize);
		}
		Path certificate = protocol.equals("https") ? dataDir.resolve("tls").resolve("certificate.pem") : null;
		this.log.printf("rclone copy of %d files to %s ...%n", this.options.rcloneFiles, url);
		Rclone.Copy copy = this.rclone.copy(this.rcloneSource, "rclone-bench",
				new Rclone.Target(url, user, password, certificate));
		this.log.printf("rclone: %.1f s; %d files, %d bytes there%n", copy.seconds(), copy.files(), copy.bytes());
		if (copy.files() != this.options.rcloneFiles) {
			throw new IOException("rclone copied " + copy.files() + " files, expected " + this.options.rcloneFiles);
		}
		return copy;
	}

	/** The large test content in a file, for curl to send; written once. */
	private Path curlContent() throws IOException {
		if (this.curlDir == null) {
			this.curlDir = Files.createTempDirectory(this.options.workDir, "coffer-bench-curl-");
			this.tempDirs.add(this.curlDir);
			try (var out = Files.newOutputStream(this.curlDir.resolve("large.bin"))) {
				this.content.content().writeTo(out);
			}
		}
		return this.curlDir.resolve("large.bin");
	}

	/** The API token and content type in a file, for curl's {@code -H @file}. */
	private Path curlHeaders(String token) throws IOException {
		Path headers = this.curlDir.resolve("headers");
		// Only this process's user can read the directory (createTempDirectory).
		Files.writeString(headers, "Authorization: Bearer " + token + "\nContent-Type: application/octet-stream\n",
				StandardCharsets.UTF_8);
		return headers;
	}

	private Path certificateFor(String protocol, Path dataDir) {
		return protocol.equals("https") ? dataDir.resolve("tls").resolve("certificate.pem") : null;
	}

	/** curl uploads the large content through the REST API and downloads it once. */
	private void curlCoffer(String protocol, Path dataDir, ServerProcess server, String token) throws Exception {
		Path file = curlContent();
		Path headers = curlHeaders(token);
		String base = server.endpoint().scheme() + "://" + ServerProcess.LOOPBACK + ":" + server.endpoint().port();
		Path certificate = certificateFor(protocol, dataDir);
		this.log.printf("curl: %s up and down through Coffer's REST API (%s)...%n", CofferBench.bytes(Files.size(file)),
				protocol);
		Curl.Result up = this.curl.transfer(base + "/api/v1/files?name=curl-large-" + protocol, file, headers,
				certificate);
		String id = CofferApi.jsonString(up.body(), "id");
		if (!this.content.sha256().equals(CofferApi.jsonString(up.body(), "sha256"))) {
			throw new IOException("curl's upload was stored with another SHA-256: " + up.body());
		}
		Curl.Result down = this.curl.transfer(base + "/api/v1/files/" + id + "/content", null, headers, certificate);
		try (HttpConnection connection = new HttpConnection(server.endpoint())) {
			new CofferApi(token).delete(connection, id);
		}
		this.results.curlCoffer.put(protocol,
				new SideBySide.CurlResult(Files.size(file) / up.seconds(), Files.size(file) / down.seconds()));
		this.log.printf("curl (Coffer %s): upload %.0f MB/s, download %.0f MB/s%n", protocol,
				Files.size(file) / up.seconds() / 1e6, Files.size(file) / down.seconds() / 1e6);
	}

	/** curl PUTs the large content to nginx and GETs it once. */
	private void curlNginx(String protocol, Path dataDir, NginxServer nginxServer) throws Exception {
		Path file = curlContent();
		String url = nginxServer.endpoint().scheme() + "://" + ServerProcess.LOOPBACK + ":"
				+ nginxServer.endpoint().port() + "/curl-large";
		Path certificate = certificateFor(protocol, dataDir);
		Curl.Result up = this.curl.transfer(url, file, null, certificate);
		Curl.Result down = this.curl.transfer(url, null, null, certificate);
		if (Files.size(nginxServer.root().resolve("curl-large")) != Files.size(file)) {
			throw new IOException("nginx stored another size for curl's upload");
		}
		Files.delete(nginxServer.root().resolve("curl-large"));
		this.results.curlNginx.put(protocol,
				new SideBySide.CurlResult(Files.size(file) / up.seconds(), Files.size(file) / down.seconds()));
		this.log.printf("curl (nginx %s): upload %.0f MB/s, download %.0f MB/s%n", protocol,
				Files.size(file) / up.seconds() / 1e6, Files.size(file) / down.seconds() / 1e6);
	}

}
