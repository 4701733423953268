package dev.coffer.bench;

import java.io.PrintStream;

/**
 * The large transfers' content and its SHA-256, computed once for the whole run (hashing
 * 1 GiB takes a second or more) and shared by Coffer's, nginx's and curl's transfers.
 */
final class LargeContent {

	private final long size;

	private final PrintStream log;

	private GeneratedContent content;

	private String sha256;

	LargeContent(long size, PrintStream log) {
		this.size = size;
		this.log = log;
	}

	GeneratedContent content() {
		compute();
		return this.content;
	}

	String sha256() {
		compute();
		return this.sha256;
	}

	private void compute() {
		if (this.content == null) {
			this.content = new GeneratedContent(this.size, this.size);
			this.log.printf("Computing the SHA-256 of the %s test content...%n", CofferBench.bytes(this.size));
			this.sha256 = this.content.sha256();
		}
	}

}
