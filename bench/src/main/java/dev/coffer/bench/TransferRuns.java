package dev.coffer.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Repeated large transfers to one WebDAV-style target (Coffer's {@code /dav/}, nginx):
 * per repetition a PUT, a GET whose bytes the client hashes and checks, a GET that only
 * discards them, and a DELETE; the rates of each, and the server's CPU time of the last
 * repetition. Each PUT follows the same disk test as the REST API's uploads
 * ({@link #TransferRuns(long, BeforePut)}), so that both meet the same page cache.
 */
final class TransferRuns {

	/** CPU time of the server side (a process, or a process and its children). */
	@FunctionalInterface
	interface CpuClock {

		long nanos() throws IOException;

	}

	/**
	 * What runs, untimed, before each PUT: the disk test that the REST API's uploads
	 * follow too. On a virtual machine that hands freed memory back to its host, writing
	 * into new page-cache pages costs several CPU seconds per GiB in the kernel, and far
	 * less right after a disk test has written and deleted as many bytes (its pages are
	 * reused): a PUT measured without it is not comparable with an upload measured after
	 * it.
	 */
	@FunctionalInterface
	interface BeforePut {

		void run() throws IOException;

	}

	final long size;

	private final BeforePut beforePut;

	final List<Double> uploadBps = new ArrayList<>();

	final List<Double> downloadHashedBps = new ArrayList<>();

	final List<Double> downloadPlainBps = new ArrayList<>();

	/** Server CPU seconds of the last repetition's PUT and plain GET. */
	double lastUploadServerCpu;

	double lastDownloadServerCpu;

	String tls;

	TransferRuns(long size, BeforePut beforePut) {
		this.size = size;
		this.beforePut = beforePut;
	}

	/**
	 * One repetition: PUT {@code path}, GET it twice (hashed and checked against
	 * {@code expectedSha256}, then plain), DELETE it.
	 */
	void round(DavClient dav, HttpConnection connection, CpuClock server, String path, GeneratedContent content,
			String expectedSha256) throws IOException {
		this.beforePut.run();
		long cpu = server.nanos();
		long start = System.nanoTime();
		dav.put(connection, path, this.size, content::writeTo);
		long put = System.nanoTime() - start;
		this.lastUploadServerCpu = (server.nanos() - cpu) / 1e9;
		this.uploadBps.add(this.size / (put / 1e9));

		start = System.nanoTime();
		CofferApi.Downloaded hashed = dav.get(connection, path, true);
		long get = System.nanoTime() - start;
		if (hashed.bytes() != this.size || !expectedSha256.equals(hashed.sha256())) {
			throw new IOException("GET " + path + " sent " + hashed.bytes() + " bytes with SHA-256 " + hashed.sha256()
					+ ", expected " + this.size + " bytes with " + expectedSha256);
		}
		this.downloadHashedBps.add(this.size / (get / 1e9));

		cpu = server.nanos();
		start = System.nanoTime();
		CofferApi.Downloaded plain = dav.get(connection, path, false);
		get = System.nanoTime() - start;
		this.lastDownloadServerCpu = (server.nanos() - cpu) / 1e9;
		if (plain.bytes() != this.size) {
			throw new IOException("GET " + path + " sent " + plain.bytes() + " bytes, expected " + this.size);
		}
		this.downloadPlainBps.add(this.size / (get / 1e9));
		dav.delete(connection, path);
	}

	double upload() {
		return CofferBench.median(this.uploadBps);
	}

	double downloadHashed() {
		return CofferBench.median(this.downloadHashedBps);
	}

	double downloadPlain() {
		return CofferBench.median(this.downloadPlainBps);
	}

	/** Server CPU seconds per GiB of the last PUT and plain GET. */
	double uploadCpuPerGiB() {
		return this.lastUploadServerCpu / (this.size / (double) (1L << 30));
	}

	double downloadCpuPerGiB() {
		return this.lastDownloadServerCpu / (this.size / (double) (1L << 30));
	}

}
