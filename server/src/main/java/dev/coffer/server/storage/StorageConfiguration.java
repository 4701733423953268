package dev.coffer.server.storage;

import java.io.IOException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.coffer.server.CofferProperties;

/** Chooses the blob store. Today: the local directory {@code <data-dir>/blobs}. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

	@Bean
	BlobStore blobStore(CofferProperties coffer) throws IOException {
		return new LocalBlobStore(coffer.dataDir().resolve("blobs"));
	}

}
