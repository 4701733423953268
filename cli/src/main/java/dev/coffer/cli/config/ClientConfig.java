package dev.coffer.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What the client remembers between runs, in its configuration directory (owner-only, see
 * {@link PrivateFiles}):
 * <ul>
 * <li>{@code config.properties}: {@code server}, the server the last login was to;</li>
 * <li>{@code credentials.properties}: the API token for each server, by server URL;</li>
 * <li>{@code known_servers.properties}: the pinned certificate fingerprint of each server
 * whose self-signed certificate the user trusted, by {@code host:port};</li>
 * <li>{@code keys/<host>_<port>.json}: the user's private key for end-to-end encrypted
 * files on that server, encrypted under their passphrase ({@code coffer keys init});</li>
 * <li>{@code known_keys.properties}: the fingerprint of each other user's public key seen
 * or pinned ({@code coffer keys trust}), by {@code <server> <username>}.</li>
 * </ul>
 * Tokens are never taken from or written to the command line.
 */
public final class ClientConfig {

	private static final String SERVER = "server";

	private final Path directory;

	public ClientConfig(Path directory) {
		this.directory = directory;
	}

	public Path directory() {
		return this.directory;
	}

	public Optional<URI> defaultServer() {
		return Optional.ofNullable(load("config.properties").getProperty(SERVER)).map(URI::create);
	}

	public void setDefaultServer(URI server) {
		update("config.properties", SERVER, server.toString());
	}

	public Optional<String> token(URI server) {
		return Optional.ofNullable(load("credentials.properties").getProperty(server.toString()));
	}

	public void saveToken(URI server, String token) {
		update("credentials.properties", server.toString(), token);
	}

	public void forgetToken(URI server) {
		update("credentials.properties", server.toString(), null);
	}

	/**
	 * The fingerprint pinned for {@code hostAndPort}, in the form {@code SHA256:AB:CD:…}.
	 */
	public Optional<String> pinnedFingerprint(String hostAndPort) {
		return Optional.ofNullable(load("known_servers.properties").getProperty(hostAndPort));
	}

	public void pin(String hostAndPort, String fingerprint) {
		update("known_servers.properties", hostAndPort, fingerprint);
	}

	/** Where the private key for end-to-end encrypted files on {@code server} is kept. */
	public Path privateKeyFile(URI server) {
		String port = (server.getPort() != -1) ? String.valueOf(server.getPort()) : "443";
		return this.directory.resolve("keys").resolve(server.getHost() + "_" + port + ".json");
	}

	public Optional<String> privateKey(URI server) {
		try {
			return Optional.of(Files.readString(privateKeyFile(server), StandardCharsets.UTF_8));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + privateKeyFile(server), ex);
		}
	}

	public void savePrivateKey(URI server, String keyFile) {
		try {
			PrivateFiles.write(privateKeyFile(server), keyFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + privateKeyFile(server), ex);
		}
	}

	/**
	 * The fingerprint of {@code username}'s public key on {@code server}, if seen or
	 * pinned.
	 */
	public Optional<String> knownKey(URI server, String username) {
		return Optional.ofNullable(load("known_keys.properties").getProperty(server + " " + username));
	}

	public void rememberKey(URI server, String username, String fingerprint) {
		update("known_keys.properties", server + " " + username, fingerprint);
	}

	private Properties load(String name) {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(this.directory.resolve(name), StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		catch (NoSuchFileException ex) {
			// Nothing remembered yet.
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + this.directory.resolve(name), ex);
		}
		return properties;
	}

	private void update(String name, String key, String value) {
		Properties properties = load(name);
		if (value != null) {
			properties.setProperty(key, value);
		}
		else {
			properties.remove(key);
		}
		StringWriter text = new StringWriter();
		try {
			properties.store(text, "Written by coffer; owner-only");
			PrivateFiles.write(this.directory.resolve(name), text.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + this.directory.resolve(name), ex);
		}
	}

}
