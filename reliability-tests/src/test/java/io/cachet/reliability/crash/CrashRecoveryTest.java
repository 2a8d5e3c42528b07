package io.cachet.reliability.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cachet.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing JVM with SIGKILL at random moments, again and again on one root, and after every kill
 * checks that SQLite's file is intact and that every acknowledged write is there with its value, in
 * {@code normal} durability as in {@code full}: an application crash loses nothing SQLite committed. The
 * operation in flight at the kill may or may not have happened, but wholly or not at all. The next open
 * after the sweep's grace period leaves no blob file but those of live entries.
 *
 * <p>Cycles: system property {@code crash.cycles} (default 50); the seed of each run is printed, and
 * {@code crash.seed} replays one.
 */
class CrashRecoveryTest {
  private static final int CYCLES = Integer.getInteger("crash.cycles", 50);
  // Fifty JVM starts dominate the run, and a workload killed within half a second gains nothing from the C2 compiler.
  private static final ChildJvm.Options QUICK_START = ChildJvm.Options.WORKLOAD.withJvmArgs("-XX:TieredStopAtLevel=1",
      "-XX:+UseSerialGC");

  @TempDir Path root;
  @TempDir Path work;

  @Test
  void everyAcknowledgedWriteSurvivesSigkill_inNormalAndFullDurability() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    Random random = new Random(seed);
    Map<Object, String> model = new HashMap<>();
    long nextSeq = 1;
    long acknowledgedChecked = 0;
    int pendingApplied = 0;
    int pendingNotApplied = 0;
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      String durability = cycle % 2 == 0 ? "full" : "normal";
      Path journal = work.resolve("cycle-" + cycle + ".journal");
      ChildJvm child = ChildJvm.start("crash-" + cycle, root, work.resolve("logs"), QUICK_START, CrashWorkload.class,
          journal.toString(), Long.toString(random.nextLong()), Long.toString(nextSeq), durability);
      awaitReady(child, cycle, seed);
      Thread.sleep(50 + random.nextInt(400));
      child.kill();

      CrashJournal.Record record = CrashJournal.read(journal);
      for (CrashOp op : record.acknowledged()) {
        op.applyTo(model);
        nextSeq = Math.max(nextSeq, op.seq() + 1);
      }
      acknowledgedChecked += record.acknowledged().size();
      assertIntact(cycle, seed);
      // As if this open came later than the sweep's grace period: the orphans of the kill are swept now.
      ageBlobFiles();
      Map<Object, String> observed = readAll(cycle, seed);
      if (!observed.equals(model)) {
        CrashOp pending = record.pending();
        Map<Object, String> withPending = new HashMap<>(model);
        if (pending != null) {
          pending.applyTo(withPending);
        }
        if (pending == null || !observed.equals(withPending)) {
          fail("cycle " + cycle + " (" + durability + ", seed " + seed + "): the store differs from every "
              + "acknowledged write" + (pending == null ? "" : " (with or without " + pending + ")")
              + "\nexpected " + new TreeMap<>(stringKeys(model)) + "\nobserved " + new TreeMap<>(stringKeys(observed)));
        }
        model = withPending;
        pendingApplied++;
      } else if (record.pending() != null) {
        pendingNotApplied++;
      }
      if (record.pending() != null) {
        nextSeq = Math.max(nextSeq, record.pending().seq() + 1);
      }
      assertEquals(blobValues(model), blobFiles(),
          "cycle " + cycle + " (seed " + seed + "): blob files left besides those of live entries");
    }
    System.out.printf("crash harness: seed %d, %d cycles, %d acknowledged operations checked, lost 0, corrupt 0, "
        + "in-flight operations found applied %d / not applied %d, orphan blobs left 0%n", seed, CYCLES,
        acknowledgedChecked, pendingApplied, pendingNotApplied);
    assertTrue(acknowledgedChecked >= CYCLES, "the workload barely ran: " + acknowledgedChecked + " operations");
  }

  private static void awaitReady(ChildJvm child, int cycle, long seed) throws InterruptedException {
    long deadline = System.nanoTime() + ChildJvm.TIMEOUT.toNanos();
    while (!child.stdoutLines().contains("ready")) {
      if (!child.isAlive() || System.nanoTime() > deadline) {
        fail("cycle " + cycle + " (seed " + seed + "): the workload did not start\n" + child.describe());
      }
      Thread.sleep(10);
    }
  }

  /** SQLite's own check of the whole file, before Cachet opens it. */
  private void assertIntact(int cycle, long seed) throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("cachet.db"));
        ResultSet rs = db.createStatement().executeQuery("PRAGMA integrity_check")) {
      rs.next();
      assertEquals("ok", rs.getString(1), "cycle " + cycle + " (seed " + seed + "): integrity_check");
    }
  }

  /** Every key's value as text, read and verified by Cachet in this JVM; iterating must agree with the gets. */
  private Map<Object, String> readAll(int cycle, long seed) {
    try (CacheManager manager = CrashWorkload.open(root, "normal")) {
      Cache<Object, Object> cache = CrashWorkload.cacheOf(manager);
      Map<Object, String> observed = new HashMap<>();
      for (int key = 0; key < CrashOp.KEYS; key++) {
        Object value = cache.get(key);
        if (value != null) {
          observed.put(key, CrashOp.describe(value));
        }
      }
      Object counter = cache.get(CrashOp.COUNTER);
      if (counter != null) {
        observed.put(CrashOp.COUNTER, CrashOp.describe(counter));
      }
      Map<Object, String> iterated = new HashMap<>();
      for (Cache.Entry<Object, Object> entry : cache) {
        iterated.put(entry.getKey(), CrashOp.describe(entry.getValue()));
      }
      assertEquals(observed, iterated, "cycle " + cycle + " (seed " + seed + "): iteration and get disagree");
      return observed;
    }
  }

  private void ageBlobFiles() throws Exception {
    Path blobs = root.resolve("blobs");
    if (Files.isDirectory(blobs)) {
      FileTime earlier = FileTime.from(Instant.now().minus(Duration.ofMinutes(2)));
      try (Stream<Path> files = Files.walk(blobs)) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          Files.setLastModifiedTime(file, earlier);
        }
      }
    }
  }

  private static long blobValues(Map<Object, String> model) {
    return model.values().stream().filter(value -> value.startsWith("blob ")).count();
  }

  private long blobFiles() throws Exception {
    Path blobs = root.resolve("blobs");
    if (!Files.isDirectory(blobs)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(blobs)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  private static Map<String, String> stringKeys(Map<Object, String> map) {
    Map<String, String> byText = new HashMap<>();
    map.forEach((key, value) -> byText.put(String.valueOf(key), value));
    return byText;
  }
}
