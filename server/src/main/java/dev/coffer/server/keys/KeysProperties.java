package dev.coffer.server.keys;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Master key rotation settings, under {@code coffer.keys.*}.
 *
 * @param reloadInterval how often a running server checks the key file for a ring that
 * another process (e.g. {@code keys rotate}) saved; a rotation waits twice this long
 * before wrapping anything with a new key
 * @param rewrapInterval how often the re-wrap job looks for data keys not wrapped by the
 * primary master key
 * @param rewrapBatchSize how many data keys the re-wrap job re-wraps per batch (one short
 * transaction each)
 * @param rewrapBatchPause a pause between batches, to leave the database to the users on
 * a busy server (and, in tests, time to kill the server mid-job)
 * @param rewrapLease how long the node running the re-wrap job holds the job's lock
 * without renewing it; a node that dies mid-job is taken over after this
 */
@ConfigurationProperties("coffer.keys")
public record KeysProperties(@DefaultValue("5s") Duration reloadInterval, @DefaultValue("30s") Duration rewrapInterval,
		@DefaultValue("200") int rewrapBatchSize, @DefaultValue("0s") Duration rewrapBatchPause,
		@DefaultValue("2m") Duration rewrapLease) {

	public KeysProperties {
		if (rewrapBatchSize < 1 || rewrapBatchSize > 10_000) {
			throw new IllegalArgumentException("coffer.keys.rewrap-batch-size must be 1 to 10000");
		}
	}

	/**
	 * How long a rotation waits between adding a new key and making it primary: long
	 * enough for every running server to have reloaded the key file at least once.
	 */
	public Duration propagationDelay() {
		return this.reloadInterval.multipliedBy(2).plusSeconds(1);
	}

}
