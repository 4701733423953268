package dev.coffer.server.storage;

import java.io.IOException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.CofferProperties.Storage.StorageType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Chooses the blob store: the local directory {@code <data-dir>/blobs}, or an
 * S3-compatible bucket ({@code coffer.storage.type: s3}), which must be reachable at
 * start.
 */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

	/**
	 * Connections to the store per node. A download holds one while it streams (a slow
	 * client keeps it longer), so the SDK's default of 50 would queue the 51st concurrent
	 * download.
	 */
	private static final int MAX_CONNECTIONS = 512;

	/** Signing region for a non-AWS endpoint when none is configured. */
	private static final String DEFAULT_REGION = "us-east-1";

	@Bean
	BlobStore blobStore(CofferProperties coffer) throws IOException {
		CofferProperties.Storage storage = coffer.storage();
		if (storage.type() == StorageType.S3) {
			return s3BlobStore(storage.s3());
		}
		return new LocalBlobStore(coffer.dataDir().resolve("blobs"));
	}

	static S3BlobStore s3BlobStore(CofferProperties.Storage.S3 settings) {
		if (settings.bucket() == null || settings.bucket().isBlank()) {
			throw new IllegalStateException("coffer.storage.s3.bucket must be set when coffer.storage.type is s3");
		}
		String endpoint = (settings.endpoint() != null) ? settings.endpoint().toString() : "AWS S3";
		S3Client client;
		try {
			client = s3Client(settings);
		}
		catch (SdkException ex) {
			throw new IllegalStateException("Cannot set up the S3 client for " + endpoint + ": " + ex.getMessage(), ex);
		}
		S3BlobStore store;
		try {
			store = new S3BlobStore(client, settings.bucket(), settings.prefix(), settings.partSize().toBytes());
		}
		catch (IllegalArgumentException ex) {
			client.close();
			throw new IllegalStateException(ex.getMessage(), ex);
		}
		try {
			store.checkBucket(endpoint);
		}
		catch (RuntimeException ex) {
			store.close();
			throw ex;
		}
		return store;
	}

	/**
	 * The synchronous client. Checksums are sent and checked only where S3 requires them:
	 * many S3-compatible servers reject the newer checksum headers, and the content is
	 * authenticated by its own encryption anyway. Also the client of the audit log's
	 * checkpoint objects, on the same endpoint and credentials.
	 */
	public static S3Client s3Client(CofferProperties.Storage.S3 settings) {
		S3ClientBuilder builder = S3Client.builder()
			.httpClientBuilder(Apache5HttpClient.builder().maxConnections(MAX_CONNECTIONS))
			.credentialsProvider(credentials(settings))
			.forcePathStyle(settings.pathStyleAccess())
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
		if (settings.endpoint() != null) {
			builder.endpointOverride(settings.endpoint());
		}
		if (settings.region() != null && !settings.region().isBlank()) {
			builder.region(Region.of(settings.region()));
		}
		else if (settings.endpoint() != null) {
			builder.region(Region.of(DEFAULT_REGION));
		}
		return builder.build();
	}

	private static AwsCredentialsProvider credentials(CofferProperties.Storage.S3 settings) {
		boolean hasAccessKey = settings.accessKey() != null && !settings.accessKey().isBlank();
		boolean hasSecretKey = settings.secretKey() != null && !settings.secretKey().isBlank();
		if (hasAccessKey != hasSecretKey) {
			throw new IllegalStateException(
					"Set both coffer.storage.s3.access-key and coffer.storage.s3.secret-key, or neither (then the SDK's default credential chain is used)");
		}
		if (hasAccessKey) {
			return StaticCredentialsProvider
				.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
		}
		return DefaultCredentialsProvider.builder().build();
	}

}
