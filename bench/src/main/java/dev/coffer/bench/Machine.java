package dev.coffer.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/** Facts about the machine the benchmark ran on, for the report. */
record Machine(int cpus, String cpuModel, String cpuFlags, long memoryMiB, String jdk, String os, String date,
		String fileSystem) {

	/**
	 * The report's sentence on where and under what load a run was measured: CPUs, model,
	 * JDK, the load average at the start (given) and now, at the end.
	 */
	String underLoad(String loadAtStart) {
		return "Machine: " + this.cpus + " CPUs, " + this.cpuModel + ", " + this.jdk + "; load average " + loadAtStart
				+ " at start, " + loadAverage() + " at end.";
	}

	static Machine describe(Path dataDir) {
		String cpuModel = "unknown";
		String flags = "";
		long memoryMiB = -1;
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name") && cpuModel.equals("unknown")) {
					cpuModel = line.substring(line.indexOf(':') + 1).strip();
				}
				if (line.startsWith("flags") && flags.isEmpty()) {
					StringBuilder relevant = new StringBuilder();
					for (String flag : line.substring(line.indexOf(':') + 1).strip().split(" ")) {
						if (flag.equals("aes") || flag.equals("vaes") || flag.equals("sha_ni") || flag.equals("avx2")
								|| flag.equals("avx512f") || flag.equals("vpclmulqdq")) {
							relevant.append((relevant.length() > 0) ? " " : "").append(flag);
						}
					}
					flags = relevant.toString();
				}
			}
			for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
				if (line.startsWith("MemTotal:")) {
					memoryMiB = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// best effort
		}
		String fileSystem = "unknown";
		try {
			FileStore store = Files.getFileStore(dataDir);
			fileSystem = store.type() + " on " + store.name();
		}
		catch (IOException ex) {
			// best effort
		}
		String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version");
		String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
		return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel, flags, memoryMiB, jdk, os,
				LocalDate.now().toString(), fileSystem);
	}

	/** The 1, 5 and 15 minute load averages. */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

}
