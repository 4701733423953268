package dev.coffer.server.files;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Writes the sort keys of files from before folders (migration V20 moved them into their
 * owners' root folders with an empty key): the key is {@link FileNameOrder}, which is
 * Java, so SQL cannot. Runs once the context is ready, before the server takes requests;
 * afterwards every file gets its key when its name is written, so there is nothing left
 * to do and it costs one query. Safe on several nodes at once: each writes the same keys.
 */
@Component
class SortKeyBackfill implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(SortKeyBackfill.class);

	private static final int BATCH = 500;

	private final FileRepository files;

	SortKeyBackfill(FileRepository files) {
		this.files = files;
	}

	@Override
	public void afterSingletonsInstantiated() {
		int written = 0;
		List<String[]> batch = this.files.withoutSortKey(BATCH);
		while (!batch.isEmpty()) {
			for (String[] file : batch) {
				this.files.setSortKey(file[0], file[1]);
			}
			written += batch.size();
			batch = this.files.withoutSortKey(BATCH);
		}
		if (written > 0) {
			logger.info("Wrote the folder sort keys of {} files from before folders", written);
		}
	}

}
