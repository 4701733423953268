package dev.coffer.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Coffer's own settings, under {@code coffer.*}.
 *
 * @param dataDir where all state lives: database, keys, certificate, blobs
 * @param signUp who may create an account
 * @param tls HTTPS settings
 * @param sessions session lifetime beyond Spring Session's idle timeout
 * @param trustedProxies addresses whose {@code X-Forwarded-*} headers are honoured; only
 * used when TLS is off (Coffer behind a reverse proxy)
 * @param files upload limits and storage housekeeping
 * @param throttle limits on failed logins and sign-ups
 * @param links public links to files
 * @param storage where encrypted blobs live
 */
@ConfigurationProperties("coffer")
public record CofferProperties(@DefaultValue("./coffer-data") Path dataDir, @DefaultValue("open") SignUpPolicy signUp,
		@DefaultValue Tls tls, @DefaultValue Sessions sessions, @DefaultValue List<String> trustedProxies,
		@DefaultValue Files files, @DefaultValue Throttle throttle, @DefaultValue Links links,
		@DefaultValue Storage storage) {

	/**
	 * Who may create an account. The very first account is always allowed and becomes
	 * admin.
	 */
	public enum SignUpPolicy {

		/** Anyone who can reach the server. */
		OPEN,
		/** Only holders of a one-time invite link issued by an admin. */
		INVITE,
		/** Nobody; admins create accounts with {@code user add}. */
		CLOSED

	}

	/**
	 * @param enabled HTTPS on; switch off only behind a TLS-terminating reverse proxy
	 * @param certificate PEM certificate chain replacing the generated self-signed one
	 * @param privateKey PEM private key for {@code certificate}
	 * @param httpRedirectPort plain-HTTP port answering with a redirect to HTTPS; -1 for
	 * none
	 */
	public record Tls(@DefaultValue("true") boolean enabled, Path certificate, Path privateKey,
			@DefaultValue("8080") int httpRedirectPort) {
	}

	/**
	 * @param absoluteTimeout how long a login lasts at most, however active the session
	 */
	public record Sessions(@DefaultValue("12h") Duration absoluteTimeout) {
	}

	/**
	 * @param maxUploadSize the largest file (version) one upload may carry
	 * @param defaultQuota how much each user may store, all versions counted, unless an
	 * admin set another quota for them
	 * @param orphanGracePeriod how old an unreferenced object or abandoned write must be
	 * before the sweeper removes it; longer than the slowest upload's commit takes
	 * @param sweepInterval how often the orphan sweeper runs (it also runs at start)
	 * @param maxFilesPerRequest the most files one multipart upload may carry
	 * @param maxFilesPerZip the most files one ZIP download may hold
	 * @param trashRetention how long deleted files and folders stay in the trash before
	 * they are deleted for good; 0 deletes at once
	 * @param thumbnailMaxPixels the most pixels (width times height, read from its
	 * header) an image may have for a thumbnail to be made of it; a larger one gets none
	 * and is never decoded
	 * @param unfinishedUploadExpiry how long a resumable upload may stay unfinished after
	 * it was started; then the sweeper removes what arrived of it
	 * @param resumableUploadThreshold from this size on, the web UI sends a file over the
	 * resumable (tus) uploads in pieces, so that a dropped connection or a reload goes on
	 * where it stopped; smaller files go in one request
	 */
	public record Files(@DefaultValue("10GB") DataSize maxUploadSize, @DefaultValue("10GB") DataSize defaultQuota,
			@DefaultValue("1h") Duration orphanGracePeriod, @DefaultValue("15m") Duration sweepInterval,
			@DefaultValue("100") int maxFilesPerRequest, @DefaultValue("1000") int maxFilesPerZip,
			@DefaultValue("30d") Duration trashRetention, @DefaultValue("40000000") long thumbnailMaxPixels,
			@DefaultValue("24h") Duration unfinishedUploadExpiry,
			@DefaultValue("32MB") DataSize resumableUploadThreshold) {
	}

	/**
	 * Limits on guessing, counted in the database so that they hold across nodes.
	 *
	 * @param login failed sign-ins
	 * @param signUpsPerHour sign-up posts (with or without an invite) per client address
	 * and hour
	 */
	public record Throttle(@DefaultValue Login login, @DefaultValue("10") int signUpsPerHour) {

		/**
		 * @param delayAfter from this failure on (per account, within {@code window}) the
		 * answer to a failed sign-in is delayed
		 * @param delay the first delay; it doubles with every further failure
		 * @param maxDelay the longest delay
		 * @param lockAfter this many failures per account within {@code window} lock the
		 * account name for {@code lockDuration}
		 * @param window how far back failures are counted
		 * @param lockDuration how long a lock lasts after the failure that caused it
		 * @param maxPerHour the most failures per account name in any hour, whatever the
		 * other settings
		 * @param addressLockAfter this many failures from one client address within
		 * {@code window}, across all account names, lock that address out of sign-in for
		 * {@code lockDuration}
		 */
		public record Login(@DefaultValue("5") int delayAfter, @DefaultValue("1s") Duration delay,
				@DefaultValue("10s") Duration maxDelay, @DefaultValue("10") int lockAfter,
				@DefaultValue("15m") Duration window, @DefaultValue("15m") Duration lockDuration,
				@DefaultValue("100") int maxPerHour, @DefaultValue("50") int addressLockAfter) {
		}

	}

	/**
	 * Public links (sharing.links).
	 *
	 * @param defaultExpiry how long a new link lasts unless its owner chooses otherwise
	 * @param maxExpiry the longest a link may last; every link expires
	 */
	public record Links(@DefaultValue("7d") Duration defaultExpiry, @DefaultValue("90d") Duration maxExpiry) {
	}

	/**
	 * @param type {@code local}: the directory {@code <data-dir>/blobs}; {@code s3}: an
	 * S3-compatible bucket
	 * @param s3 the bucket, when {@code type} is {@code s3}
	 */
	public record Storage(@DefaultValue("local") StorageType type, @DefaultValue S3 s3) {

		/** Where encrypted blobs live. */
		public enum StorageType {

			/** A local directory. */
			LOCAL,
			/** An S3-compatible bucket. */
			S3

		}

		/**
		 * @param endpoint the service's URL; unset for AWS S3 itself
		 * @param region the signing region; unset: the SDK's region chain for AWS, else
		 * {@code us-east-1}
		 * @param bucket the bucket, which must exist
		 * @param prefix prepended to every object key, e.g. {@code coffer/}; empty for
		 * none
		 * @param pathStyleAccess address the bucket as {@code endpoint/bucket} rather
		 * than {@code bucket.endpoint} (most self-hosted servers need this)
		 * @param accessKey static credentials; unset: the SDK's default credential chain
		 * (environment, profile, instance role…)
		 * @param secretKey the secret for {@code accessKey}
		 * @param partSize ciphertext per multipart-upload part, at least 5MB (the S3
		 * minimum); each upload in progress holds up to two parts in memory
		 */
		public record S3(URI endpoint, String region, String bucket, @DefaultValue("") String prefix,
				@DefaultValue("false") boolean pathStyleAccess, String accessKey, String secretKey,
				@DefaultValue("8MB") DataSize partSize) {

			@Override
			public String toString() {
				return "S3[endpoint=" + this.endpoint + ", region=" + this.region + ", bucket=" + this.bucket
						+ ", prefix=" + this.prefix + ", pathStyleAccess=" + this.pathStyleAccess + ", accessKey="
						+ this.accessKey + ", secretKey=" + ((this.secretKey != null) ? "[redacted]" : null)
						+ ", partSize=" + this.partSize + "]";
			}

		}

	}

}
