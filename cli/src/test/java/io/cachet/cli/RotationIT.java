package io.cachet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cachet rotate-key} run as a separate process: a 100,000-entry cache rotated while an application in another
 * JVM, configured with the old key file, reads and writes it; and a rotation killed (SIGKILL) at random points, each
 * time leaving a store that reads right and verifies, and resumed to completion.
 */
class RotationIT {
  static final String BOOKS = "books";
  static final String VAULT = "vault";
  static final String LEDGER = "ledger";
  private static final int INLINE_THRESHOLD = 1024;
  private static final int BLOB_CHARS = 2000;
  private static final int CHUNK = 5000;
  private static final long TIMEOUT_SECONDS = 120;

  @TempDir Path temp;

  static CacheManager manager(Path root, String signingKeyFile) {
    Properties properties = new Properties();
    properties.setProperty("inlineThreshold", String.valueOf(INLINE_THRESHOLD));
    properties.setProperty("cache." + VAULT + ".encryptAtRest", "true");
    properties.setProperty("cache." + LEDGER + ".replayDetection", "shared");
    if (signingKeyFile != null) {
      properties.setProperty("signingKeyFile", signingKeyFile);
    }
    return Caching.getCachingProvider("io.cachet.CachetCachingProvider")
        .getCacheManager(root.toUri(), RotationIT.class.getClassLoader(), properties);
  }

  static MutableConfiguration<String, String> configuration() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  static String key(int i) {
    return "k" + i;
  }

  /** The value of key {@code i} written in {@code round} (0: filled); one in 50 is stored in a blob file. */
  static String value(int i, int round) {
    String value = "v" + i + "/" + round;
    return i % 50 == 0 ? (value + ";").repeat(BLOB_CHARS / (value.length() + 1) + 1) : value;
  }

  /** Fills each cache with {@code entries} of its size, in chunks; returns the values by cache. */
  private static Map<String, Map<Integer, String>> fill(Path root, Map<String, Integer> sizes) {
    Map<String, Map<Integer, String>> filled = new HashMap<>();
    try (CacheManager manager = manager(root, null)) {
      sizes.forEach((name, entries) -> {
        Cache<String, String> cache = manager.createCache(name, configuration());
        Map<Integer, String> values = new HashMap<>();
        for (int from = 0; from < entries; from += CHUNK) {
          Map<String, String> chunk = new HashMap<>();
          for (int i = from; i < Math.min(entries, from + CHUNK); i++) {
            chunk.put(key(i), value(i, 0));
            values.put(i, value(i, 0));
          }
          cache.putAll(chunk);
        }
        filled.put(name, values);
      });
    }
    return filled;
  }

  /** Reads every entry through a manager configured with {@code keyFile}: each must have its expected value. */
  private static void assertReadsBack(Path root, String keyFile, Map<String, Map<Integer, String>> expected) {
    try (CacheManager manager = manager(root, keyFile)) {
      expected.forEach((name, values) -> {
        Cache<String, String> cache = manager.createCache(name, configuration());
        List<Integer> keys = new ArrayList<>(values.keySet());
        for (int from = 0; from < keys.size(); from += CHUNK) {
          Set<String> chunk = new TreeSet<>();
          keys.subList(from, Math.min(keys.size(), from + CHUNK)).forEach(i -> chunk.add(key(i)));
          Map<String, String> read = cache.getAll(chunk);
          for (int i : keys.subList(from, Math.min(keys.size(), from + CHUNK))) {
            if (!values.get(i).equals(read.get(key(i)))) {
              throw new AssertionError(name + " " + key(i) + " read with " + keyFile + ": "
                  + (read.get(key(i)) == null ? "miss" : "wrong value"));
            }
          }
        }
      });
    }
  }

  /**
   * Every encrypted entry, every entry under the shared ledger and a few hundred others, read after each kill; every
   * entry is read at the end.
   */
  private static Map<String, Map<Integer, String>> sample(Map<String, Map<Integer, String>> expected, Random random) {
    Map<String, Map<Integer, String>> sample = new HashMap<>();
    sample.put(VAULT, expected.get(VAULT));
    sample.put(LEDGER, expected.get(LEDGER));
    Map<Integer, String> books = new HashMap<>();
    List<Integer> keys = new ArrayList<>(expected.get(BOOKS).keySet());
    for (int i = 0; i < 500; i++) {
      int key = keys.get(random.nextInt(keys.size()));
      books.put(key, expected.get(BOOKS).get(key));
    }
    sample.put(BOOKS, books);
    return sample;
  }

  /** Asserts that every row of each cache is signed with key {@code keyId} only, as {@code cachet caches} counts. */
  private static void assertSignedOnlyWith(Path root, String keyId, Map<String, Integer> entries) throws Exception {
    CliRun caches = CliRun.of("caches", root.toString(), "--json");
    assertEquals(0, caches.exitStatus(), caches::toString);
    for (Map.Entry<String, Integer> cache : entries.entrySet()) {
      String listed = section(caches.out(), "\"name\":\"" + cache.getKey() + "\"");
      assertEquals(String.valueOf(cache.getValue()), field(listed, "entries"), listed);
      Matcher signatures = Pattern.compile("\"signatures\":\\{([^}]*)}").matcher(listed);
      assertTrue(signatures.find(), listed);
      assertEquals("\"v6:" + keyId + "\":" + cache.getValue(), signatures.group(1),
          cache.getKey() + ": every row signed with the new key, none with another");
    }
  }

  /** The part of a JSON text from {@code start} to the end of that object (objects nested once at most). */
  private static String section(String json, String start) {
    int from = json.indexOf(start);
    assertTrue(from >= 0, () -> start + " not in " + json);
    Matcher end = Pattern.compile("\\{[^{}]*}|}").matcher(json);
    int at = from;
    while (end.find(at)) {
      if (end.group().equals("}")) {
        return json.substring(from, end.end());
      }
      at = end.end();
    }
    return json.substring(from);
  }

  /** A number, string or boolean field of a JSON object, as text. */
  private static String field(String json, String name) {
    Matcher matcher = Pattern.compile("\"" + name + "\":(\"[^\"]*\"|[^,}]*)").matcher(json);
    assertTrue(matcher.find(), () -> name + " not in " + json);
    return matcher.group(1).replace("\"", "");
  }

  private static List<String> cli(String... args) {
    // A run killed within seconds spends most of its life starting: the quick compiler starts it sooner.
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
        System.getProperty("cli.jar", "target/cachet-cli.jar")));
    command.addAll(List.of(args));
    return command;
  }

  private static Process start(List<String> command, Path log) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void assertVerifies(Path root, String when) throws Exception {
    CliRun verified = CliRun.of("verify", root.toString());
    assertEquals(0, verified.exitStatus(), () -> when + ": " + verified);
  }

  @Test
  void rotate_ofA100000EntryCache_whileAnotherJvmReadsAndWrites_losesNothing_andLeavesOnlyTheNewKey()
      throws Exception {
    Path root = temp.resolve("root");
    Map<String, Integer> sizes = Map.of(BOOKS, 100_000, VAULT, 2_000);
    long filling = System.nanoTime();
    Map<String, Map<Integer, String>> expected = fill(root, sizes);
    double fillSeconds = (System.nanoTime() - filling) / 1e9;

    Path ready = temp.resolve("ready");
    Path stop = temp.resolve("stop");
    Path verdict = temp.resolve("verdict");
    Path log = temp.resolve("application.log");
    long seed = new Random().nextLong();
    Process application = start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), RotationApplication.class.getName(),
        root.toString(), String.valueOf(sizes.get(BOOKS)), ready.toString(), stop.toString(), verdict.toString(),
        String.valueOf(seed)), log);
    CliRun rotated;
    try {
      for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); !Files.exists(ready); ) {
        assertTrue(application.isAlive() && System.nanoTime() < deadline, () -> "the application did not start: "
            + read(log));
        Thread.sleep(20);
      }
      rotated = CliRun.longRunning("rotate-key", root.toString(), "--new-key-file", "rotated.bin", "--json");
      Thread.sleep(300);
    } finally {
      Files.writeString(stop, "stop");
      if (!application.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        application.destroyForcibly().waitFor();
      }
    }
    assertEquals(0, rotated.exitStatus(), rotated::toString);
    assertEquals(0, application.exitValue(), () -> read(log));
    Map<String, String> outcome = new HashMap<>();
    for (String line : Files.readAllLines(verdict, StandardCharsets.UTF_8)) {
      String[] parts = line.split("=", 2);
      if (parts[0].equals("written")) {
        String[] written = parts[1].split("=", 2);
        expected.get(BOOKS).put(Integer.parseInt(written[0]), written[1]);
      } else {
        outcome.merge(parts[0], parts[1], (a, b) -> a + "\n" + b);
      }
    }
    assertEquals("0", outcome.get("failures"), () -> "seed " + seed + ": the application saw misses or wrong "
        + "values:\n" + outcome.get("failure") + "\n" + read(log));
    long operations = Long.parseLong(outcome.get("puts")) + Long.parseLong(outcome.get("gets"));
    assertTrue(Long.parseLong(outcome.get("puts")) > 0 && Long.parseLong(outcome.get("gets")) > 0,
        outcome::toString);

    String books = section(rotated.out(), "\"cache\":\"" + BOOKS + "\"");
    String keyId = field(books, "toKeyId");
    assertEquals("true", field(books, "rotated"), rotated::toString);
    assertEquals("0", field(books, "refused"), rotated::toString);
    long checking = System.nanoTime();
    assertSignedOnlyWith(root, keyId, sizes);
    long listed = System.nanoTime();
    // Without the old key file, every entry read back (each checked as it is read) verifies under the new key only.
    Files.delete(root.resolve("cache_signing_key.bin"));
    assertReadsBack(root, "rotated.bin", expected);
    System.out.printf(Locale.ROOT, "ROTATION checks: caches %.1f s, read back every entry %.1f s%n",
        (listed - checking) / 1e9, (System.nanoTime() - listed) / 1e9);

    long resigned = Long.parseLong(field(books, "resigned"));
    double seconds = Long.parseLong(field(books, "resigningMillis")) / 1000.0;
    System.out.printf(Locale.ROOT, "ROTATION entries=%d seconds=%.2f entries_per_s=%.0f app_ops=%d app_failures=0 "
        + "(fill %.1f s, whole command %s ms, vault: %s entries in %s ms, application seed %d)%n", resigned, seconds,
        resigned / seconds, operations, fillSeconds, field(books, "millis"),
        field(section(rotated.out(), "\"cache\":\"" + VAULT + "\""), "resigned"),
        field(section(rotated.out(), "\"cache\":\"" + VAULT + "\""), "resigningMillis"), seed);
  }

  @Test
  void rotate_killedAtRandomPoints_alwaysLeavesAStoreThatReadsAndVerifies_andResumesToCompletion() throws Exception {
    long seed = Long.getLong("rotation.seed", new Random().nextLong());
    System.out.println("KILLS seed=" + seed + " (replay with -Drotation.seed=" + seed + ")");
    Random random = new Random(seed);
    Path root = temp.resolve("root");
    // Large enough that a resumed run rarely finishes before its kill, small enough to fill in a second or two.
    Map<String, Integer> sizes = Map.of(BOOKS, 12_000, VAULT, 300, LEDGER, 1_000);
    Map<String, Map<Integer, String>> expected = fill(root, sizes);
    String from = null;
    int cycle = 1;
    int kills = 0;
    int completed = 0;
    Map<String, Integer> phases = new TreeMap<>();
    long checkNanos = 0;
    while (kills < 20) {
      String target = "rotated-" + cycle + ".bin";
      Progress before = Progress.of(root, target);
      Path log = temp.resolve("rotation-" + (kills + completed) + ".log");
      Process rotation = start(cli("rotate-key", root.toString(), "--new-key-file", target, "--batch", "50"), log);
      // The tool's start takes from under 1 s to over 2 s as the machine is loaded: most kills are timed from the
      // run's first change to the store (its begin, then a short wait; or its first batch when it resumes), the others
      // from its start.
      boolean fromStart = random.nextInt(4) == 0;
      long delay = random.nextInt(fromStart ? 2000 : before.begun() == 0 ? 1500 : 500);
      if (!fromStart) {
        while (rotation.isAlive() && Progress.of(root, target).equals(before)) {
          Thread.sleep(25);
        }
      }
      if (rotation.waitFor(delay, TimeUnit.MILLISECONDS)) {
        assertEquals(0, rotation.exitValue(), () -> "seed " + seed + ": " + read(log));
        completed++;
        from = target;
        cycle++;
        continue;
      }
      rotation.destroyForcibly().waitFor();
      kills++;
      phases.merge(Progress.of(root, target).killedIn(before, sizes.size()), 1, Integer::sum);
      // An application still configured with the key the rotation started from reads every entry.
      long checking = System.nanoTime();
      try {
        assertReadsBack(root, from, sample(expected, random));
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ", kill " + kills + " after " + delay + " ms of a rotation to "
            + target + ": " + e.getMessage() + "\n" + read(log), e);
      }
      checkNanos += System.nanoTime() - checking;
    }
    String target = "rotated-" + cycle + ".bin";
    CliRun finished = CliRun.of("rotate-key", root.toString(), "--new-key-file", target, "--json");
    assertEquals(0, finished.exitStatus(), finished::toString);
    String books = section(finished.out(), "\"cache\":\"" + BOOKS + "\"");
    assertSignedOnlyWith(root, field(books, "toKeyId"), sizes);
    assertVerifies(root, "seed " + seed + ", after the resumed rotation");
    assertReadsBack(root, target, expected);
    assertReadsBack(root, from, expected);
    System.out.println("KILLS kills=" + kills + " completed_before_kill=" + completed + " final_resigned="
        + field(books, "resigned") + " seed=" + seed + " killed_in=" + phases
        + String.format(Locale.ROOT, " (checks after the kills %.1f s)", checkNanos / 1e9));
  }

  /** How far a rotation to {@code target} has gone, as the store shows it. */
  private record Progress(int begun, int rotating, long resigned) {
    static Progress of(Path root, String target) throws Exception {
      StoredBytes stored = new StoredBytes(root);
      int begun = stored.column("SELECT name FROM namespaces WHERE key_file = ?", target).size();
      int rotating = stored.column("SELECT name FROM namespaces WHERE key_file = ? AND previous_keys IS NOT NULL",
          target).size();
      long resigned = ((Number) stored.column("SELECT count(*) FROM entries e JOIN namespaces n ON e.namespace = "
          + "n.name WHERE n.key_file = ? AND substr(e.entry_signature, 4, 16) = n.key_id", target).get(0)).longValue();
      return new Progress(begun, rotating, resigned);
    }

    /** Where a run that started at {@code before} was killed, {@code this} being the store after it. */
    String killedIn(Progress before, int caches) {
      if (equals(before)) {
        return "before changing anything";
      }
      if (rotating == 0) {
        return begun == caches ? "after retiring" : "between caches";
      }
      return resigned == before.resigned ? "waiting" : "re-signing";
    }
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
