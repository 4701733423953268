package dev.coffer.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX permissions")
class MasterKeyRingFileTest {

	@TempDir
	Path dataDirectory;

	private Path keyFile() {
		return this.dataDirectory.resolve("keys").resolve("master.json");
	}

	@Test
	void loadOrCreate_onFirstStart_createsAnOwnerOnlyFileInAnOwnerOnlyDirectory() throws Exception {
		MasterKeyRing ring = MasterKeyRing.loadOrCreate(keyFile());

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile()))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile().getParent())))
			.isEqualTo("rwx------");
		assertThat(MasterKeyRing.fromKeysetJson(Files.readString(keyFile())).keys()).isEqualTo(ring.keys());
		try (var files = Files.list(keyFile().getParent())) {
			assertThat(files).as("no temporary files left").containsExactly(keyFile());
		}
	}

	@Test
	void loadOrCreate_again_returnsTheSameKeys() throws Exception {
		MasterKeyRing created = MasterKeyRing.loadOrCreate(keyFile());
		WrappedDataKey wrapped = created.wrap(DataKey.generate(), "blob-1");

		MasterKeyRing reloaded = MasterKeyRing.loadOrCreate(keyFile());

		assertThat(reloaded.keys()).isEqualTo(created.keys());
		assertThat(reloaded.unwrap(wrapped, "blob-1")).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw-----w-" })
	void loadOrCreate_ofAFileOthersCanAccess_isRefusedNamingThePathAndTheFix(String permissions) throws Exception {
		MasterKeyRing.loadOrCreate(keyFile());
		Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString(permissions));

		assertThatThrownBy(() -> MasterKeyRing.loadOrCreate(keyFile())).isInstanceOf(CryptoException.class)
			.hasMessageContaining(keyFile().toString())
			.hasMessageContaining("chmod 600 " + keyFile());
	}

	@Test
	void loadOrCreate_ofACorruptFile_failsWithoutQuotingIt() throws Exception {
		Files.createDirectories(keyFile().getParent());
		Files.writeString(keyFile(), "{\"not\": \"a key set c2VjcmV0\"}");
		Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("rw-------"));

		assertThatThrownBy(() -> MasterKeyRing.loadOrCreate(keyFile())).isInstanceOf(CryptoException.class)
			.hasMessageNotContaining("c2VjcmV0");
		assertThat(Files.readString(keyFile())).as("a bad file is never replaced").contains("c2VjcmV0");
	}

	@Test
	void saveTo_afterRotation_replacesTheFileKeepingItOwnerOnly() throws Exception {
		MasterKeyRing rotated = MasterKeyRing.loadOrCreate(keyFile()).withNewPrimaryKey();

		rotated.saveTo(keyFile());

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile()))).isEqualTo("rw-------");
		assertThat(MasterKeyRing.loadOrCreate(keyFile()).keys()).isEqualTo(rotated.keys()).hasSize(2);
	}

	@Test
	void loadOrCreate_fromProcessesStartingTogether_agreesOnOneRing() throws Exception {
		int starters = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(starters);
		try {
			List<Callable<Integer>> tasks = IntStream.range(0, starters).<Callable<Integer>>mapToObj((i) -> () -> {
				start.await();
				return MasterKeyRing.loadOrCreate(keyFile()).primaryKeyId();
			}).toList();
			List<Future<Integer>> results = tasks.stream().map(executor::submit).toList();
			start.countDown();
			int expected = MasterKeyRing.fromKeysetJson(waitForFile()).primaryKeyId();
			for (Future<Integer> result : results) {
				assertThat(result.get()).isEqualTo(expected);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private String waitForFile() throws Exception {
		for (int i = 0; i < 500 && !Files.exists(keyFile()); i++) {
			Thread.sleep(10);
		}
		return Files.readString(keyFile());
	}

}
