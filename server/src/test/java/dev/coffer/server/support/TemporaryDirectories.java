package dev.coffer.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.util.FileSystemUtils;

/**
 * Temporary directories for servers' data and storage, deleted when the test JVM exits.
 * Not earlier: a server is stopped and started again on its directory, and several nodes
 * share one, so no single stop can tell that the directory is no longer wanted. Without
 * this each run of the suite left gigabytes of test data in the temporary directory.
 */
public final class TemporaryDirectories {

	private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> CREATED.forEach(TemporaryDirectories::deleteTree),
					"delete-temporary-directories"));
	}

	private TemporaryDirectories() {
	}

	/**
	 * A new directory in the system's temporary directory, its name starting with
	 * {@code prefix}.
	 */
	public static Path create(String prefix) {
		try {
			Path directory = Files.createTempDirectory(prefix);
			CREATED.add(directory);
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteTree(Path root) {
		try {
			FileSystemUtils.deleteRecursively(root);
		}
		catch (IOException ex) {
			// Best effort at exit: what is left is only disk space.
		}
	}

}
