package io.cachet.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.EntryLocks;
import io.cachet.store.StorageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileEntryLocksTest {
  @TempDir Path root;
  private FileEntryLocks locks;

  @BeforeEach
  void open() {
    locks = FileEntryLocks.open(root);
  }

  @AfterEach
  void close() {
    locks.close();
  }

  @Test
  void aHeldKey_blocksAnotherThread_untilReleased_evenThroughAnotherInstanceOnTheRoot() throws Exception {
    try (FileEntryLocks other = FileEntryLocks.open(root)) {
      EntryLocks.Held held = locks.lock("ns", List.of("k"));
      CompletableFuture<Void> waiting = lockAndReleaseAsync(other, "k");

      assertThrows(TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS));
      held.close();
      waiting.get(5, TimeUnit.SECONDS);
    }
  }

  /** A hold belongs to the thread that took it: another thread takes the key and lets it go. */
  private static CompletableFuture<Void> lockAndReleaseAsync(FileEntryLocks locks, String key) {
    return CompletableFuture.runAsync(() -> locks.lock("ns", List.of(key)).close());
  }

  private void repeatLocking(List<String> keys, CountDownLatch done) {
    for (int i = 0; i < 500; i++) {
      locks.lock("ns", keys).close();
    }
    done.countDown();
  }

  @Test
  void aKeyHeldByAnotherProcess_blocks_untilThatProcessIsKilled() throws Exception {
    Process holder = holderOfKey("k");
    try {
      CompletableFuture<Void> waiting = lockAndReleaseAsync(locks, "k");
      locks.lock("ns", List.of("another key")).close();

      assertThrows(TimeoutException.class, () -> waiting.get(300, TimeUnit.MILLISECONDS));
      holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      waiting.get(10, TimeUnit.SECONDS);
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void theLockFile_isOwnerOnly() throws Exception {
    locks.lock("ns", List.of("k")).close();

    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(root.resolve(FileEntryLocks.LOCK_FILE))));
  }

  @Test
  void aSymlinkInPlaceOfTheLockFile_isNotFollowed(@TempDir Path elsewhere) throws Exception {
    locks.close();
    Path target = elsewhere.resolve("target");
    Files.createSymbolicLink(root.resolve(FileEntryLocks.LOCK_FILE), target);
    locks = FileEntryLocks.open(root);

    StorageException refused = assertThrows(StorageException.class, () -> locks.lock("ns", List.of("k")));

    assertTrue(refused.getMessage().contains(FileEntryLocks.LOCK_FILE), refused.getMessage());
    assertFalse(Files.exists(target));
  }

  private static List<String> manyKeys(String prefix) {
    return IntStream.range(0, 2 * FileEntryLocks.WHOLE_FILE_FROM).mapToObj(i -> prefix + i).toList();
  }

  @Test
  void aHoldOfManyKeys_blocksAnotherThreadOnEachOfThem_untilReleased_andNestsInAHoldOfOneOfThem() throws Exception {
    List<String> keys = manyKeys("k");
    EntryLocks.Held held = locks.lock("ns", keys);
    CompletableFuture<Void> waiting = lockAndReleaseAsync(locks, keys.get(keys.size() / 2));

    assertThrows(TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS));
    held.close();
    waiting.get(5, TimeUnit.SECONDS);
    try (EntryLocks.Held one = locks.lock("ns", List.of(keys.get(0)))) {
      locks.lock("ns", keys).close();
    }
    lockAndReleaseAsync(locks, keys.get(0)).get(5, TimeUnit.SECONDS);
  }

  @Test
  void aHoldOfManyKeys_waitsForOneOfThemHeldByAnotherProcess_andTakesOthersAtOnce() throws Exception {
    Process holder = holderOfKey("k");
    try {
      List<String> withHeldKey = new ArrayList<>(manyKeys("other"));
      withHeldKey.add("k");
      List<String> others = manyKeys("more").stream().filter(key -> !sameStripe(key, "k")).toList();
      locks.lock("ns", others).close();
      CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> locks.lock("ns", withHeldKey).close());

      assertThrows(TimeoutException.class, () -> waiting.get(300, TimeUnit.MILLISECONDS));
      holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      waiting.get(10, TimeUnit.SECONDS);
    } finally {
      holder.destroyForcibly();
    }
  }

  /** Whether two keys of namespace "ns" share a stripe, as {@link FileEntryLocks} maps them. */
  private static boolean sameStripe(String a, String b) {
    int ha = "ns".hashCode() * 31 + a.hashCode();
    int hb = "ns".hashCode() * 31 + b.hashCode();
    return ((ha ^ (ha >>> 16)) & (FileEntryLocks.STRIPES - 1)) == ((hb ^ (hb >>> 16)) & (FileEntryLocks.STRIPES - 1));
  }

  /** Another JVM holding the key's lock, once it says so. */
  private Process holderOfKey(String key) throws IOException {
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), root.toString(), "ns", key)
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("held", out.readLine());
      return holder;
    } catch (IOException | RuntimeException | AssertionError e) {
      holder.destroyForcibly();
      throw e;
    }
  }
}
