package dev.coffer.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Linux's {@code /proc} says about a process: resident memory (current and peak),
 * CPU time, per-thread CPU time. Linux only; the benchmark runs there.
 */
final class ProcFs {

	/** Clock ticks per second for {@code /proc/<pid>/stat}; 100 on every Linux in use. */
	static final long CLOCK_TICKS_PER_SECOND = 100;

	private ProcFs() {
	}

	/** Memory figures from {@code /proc/<pid>/status}, in KiB. */
	record Memory(long rssKiB, long hwmKiB) {
	}

	static Memory memory(long pid) throws IOException {
		return parseStatus(Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8));
	}

	static Memory parseStatus(String status) {
		return new Memory(kib(status, "VmRSS:"), kib(status, "VmHWM:"));
	}

	private static long kib(String status, String field) {
		for (String line : status.split("\n")) {
			if (line.startsWith(field)) {
				String value = line.substring(field.length()).strip();
				int space = value.indexOf(' ');
				return Long.parseLong((space > 0) ? value.substring(0, space) : value);
			}
		}
		return -1;
	}

	/**
	 * Resets the process's peak RSS (VmHWM) to its current RSS (Linux 4.0+; needs the
	 * right to write the process's clear_refs, which its owner has).
	 * @return whether it worked
	 */
	static boolean resetPeak(long pid) {
		try {
			Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
			return true;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * This process's effective user id, from {@code /proc/self/status}; -1 if unknown.
	 */
	static long effectiveUid() {
		try {
			return effectiveUidOfStatus(Files.readString(Path.of("/proc/self/status"), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/**
	 * The second number of the {@code Uid:} line (real, effective, saved, file system).
	 */
	static long effectiveUidOfStatus(String status) {
		for (String line : status.split("\n")) {
			if (line.startsWith("Uid:")) {
				String[] ids = line.substring(4).strip().split("\\s+");
				return (ids.length >= 2) ? Long.parseLong(ids[1]) : -1;
			}
		}
		return -1;
	}

	/** User plus system CPU time of a process (all threads) in nanoseconds. */
	static long cpuNanos(long pid) throws IOException {
		return cpuNanosOfStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
	}

	/**
	 * User plus system time from a {@code stat} line (fields 14 and 15), in nanoseconds.
	 */
	static long cpuNanosOfStat(String stat) {
		// The command name (field 2) is in parentheses and may contain spaces.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
		// fields[0] is field 3 (state), so field n is fields[n - 3].
		long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
		return ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
	}

	/**
	 * CPU time of a process and its descendants in nanoseconds: its own, its reaped
	 * children's (fields 16 and 17, e.g. PostgreSQL's ended backends), and each live
	 * descendant's. 0 for a process that is gone.
	 */
	static long treeCpuNanos(long pid) {
		long total = 0;
		List<Long> pids = new ArrayList<>();
		pids.add(pid);
		ProcessHandle.of(pid).ifPresent((process) -> process.descendants().forEach((d) -> pids.add(d.pid())));
		for (long each : pids) {
			try {
				total += cpuNanosWithChildrenOfStat(Files.readString(Path.of("/proc", Long.toString(each), "stat")));
			}
			catch (IOException ex) {
				// ended meanwhile
			}
		}
		return total;
	}

	/** Fields 14 to 17 of a {@code stat} line: own and reaped children's CPU time. */
	static long cpuNanosWithChildrenOfStat(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
		long ticks = 0;
		for (int field = 14; field <= 17; field++) {
			ticks += Long.parseLong(fields[field - 3]);
		}
		return ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
	}

	/** CPU nanoseconds per thread name (threads of one name added up). */
	static Map<String, Long> threadCpuNanos(long pid) throws IOException {
		Map<String, Long> byName = new TreeMap<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path task : tasks) {
				try {
					String name = Files.readString(task.resolve("comm")).strip();
					long nanos = cpuNanosOfStat(Files.readString(task.resolve("stat")));
					byName.merge(name, nanos, Long::sum);
				}
				catch (IOException ex) {
					// the thread ended meanwhile
				}
			}
		}
		return byName;
	}

	/** Thread CPU spent between two snapshots, busiest first, the top {@code limit}. */
	static List<Map.Entry<String, Long>> busiest(Map<String, Long> before, Map<String, Long> after, int limit) {
		List<Map.Entry<String, Long>> deltas = new ArrayList<>();
		after.forEach((name, nanos) -> deltas.add(Map.entry(name, nanos - before.getOrDefault(name, 0L))));
		deltas.sort(Comparator.comparing(Map.Entry<String, Long>::getValue).reversed());
		return deltas.subList(0, Math.min(limit, deltas.size()));
	}

}
