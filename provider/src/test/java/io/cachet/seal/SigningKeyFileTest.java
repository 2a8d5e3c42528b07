package io.cachet.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyFileTest {
  @TempDir Path root;

  @Test
  void loadOrCreate_createsOnce_thenLoadsTheSameKey() {
    byte[] created = SigningKeyFile.loadOrCreate(root, SigningKeyFile.DEFAULT_NAME, () -> false);
    byte[] loaded = SigningKeyFile.loadOrCreate(root, SigningKeyFile.DEFAULT_NAME, () -> true);

    assertEquals(32, created.length);
    assertArrayEquals(created, loaded);
  }

  @Test
  void loadOrCreate_givesEveryRacingCallerTheSameKey() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<byte[]>> keys = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        keys.add(pool.submit(() -> SigningKeyFile.loadOrCreate(root, SigningKeyFile.DEFAULT_NAME, () -> false)));
      }
      byte[] first = keys.get(0).get();
      for (Future<byte[]> key : keys) {
        assertArrayEquals(first, key.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void loadOrCreate_refusesNamesThatLeaveTheRoot() {
    assertThrows(SigningKeyException.class, () -> SigningKeyFile.loadOrCreate(root, "../key.bin", () -> false));
    assertThrows(SigningKeyException.class, () -> SigningKeyFile.loadOrCreate(root, "a/key.bin", () -> false));
  }

  @Test
  void loadOrCreate_refusesADirectory_namingIt() throws Exception {
    Files.createDirectory(root.resolve(SigningKeyFile.DEFAULT_NAME));

    SigningKeyException failure = assertThrows(SigningKeyException.class,
        () -> SigningKeyFile.loadOrCreate(root, SigningKeyFile.DEFAULT_NAME, () -> false));

    assertTrue(failure.getMessage().contains("not a regular file"), failure.getMessage());
  }

  @Test
  void loadOrCreate_failsClosed_whenMissingButSignedDataExists() {
    SigningKeyException failure = assertThrows(SigningKeyException.class,
        () -> SigningKeyFile.loadOrCreate(root, SigningKeyFile.DEFAULT_NAME, () -> true));

    assertTrue(failure.getMessage().contains(root.resolve(SigningKeyFile.DEFAULT_NAME).toString()));
    assertTrue(Files.notExists(root.resolve(SigningKeyFile.DEFAULT_NAME)));
  }
}
