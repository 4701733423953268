package dev.coffer.cli.e2e;

/** For tests that look for a file key where it must not be: its raw bytes. */
public final class FileKeys {

	private FileKeys() {
	}

	public static byte[] material(FileKey key) {
		return key.material();
	}

}
