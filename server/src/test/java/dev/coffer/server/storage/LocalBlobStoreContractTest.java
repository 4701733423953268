package dev.coffer.server.storage;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** The {@link BlobStore} contract on a local directory. */
class LocalBlobStoreContractTest extends BlobStoreContract {

	@TempDir
	Path root;

	@Override
	BlobStore store() throws IOException {
		return new LocalBlobStore(this.root);
	}

}
