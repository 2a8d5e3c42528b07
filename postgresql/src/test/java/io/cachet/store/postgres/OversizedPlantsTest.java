package io.cachet.store.postgres;

import static io.cachet.store.postgres.SharedStoreAttacker.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cachet.ReplayDetection;
import io.cachet.store.postgres.SharedStoreAttacker.Backend;
import io.cachet.testing.ChildJvm;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Columns and payloads of the shared store made far larger than any writer makes them, by a database user (a
 * 40 MiB {@code bytea} in {@code inline_value} and {@code key_bytes}, 40 MiB of text in {@code object_type}, and
 * without a bucket a 40 MiB row of the {@code blobs} table) or by a bucket writer (a 40 MiB object under a row's
 * blob id; the columns, the same with or without a bucket, are planted in the other run), are refused without being loaded: a host in a child JVM whose heap is smaller than one of them reads
 * each as a miss with one integrity event (DESIGN §10.8), and the intact entry beside them.
 */
class OversizedPlantsTest {
  private static final String CHILD_HEAP = "32m";
  private static final int PLANTED_BYTES = 40 * 1024 * 1024;
  private static final String PLANTED_BYTEA = "convert_to(repeat('x', ?), 'UTF8')";

  @TempDir Path directory;

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void oversizedColumnsAndPayloads_areRefusedWithoutBeingLoaded_byAHostWithASmallHeap(Backend backend)
      throws Exception {
    try (SharedStoreAttacker attacker = SharedStoreAttacker.open(backend, directory.resolve("writer"))) {
      Cache<String, String> cache = attacker.newCache(ReplayDetection.PROCESS);
      String name = cache.getName();
      Map<String, String> keys = new HashMap<>();
      for (String key : List.of("inline", "key", "text", "small", "payload")) {
        cache.put(key, value(key, key.equals("payload") ? 20_000 : 100));
        keys.put(key, attacker.lastWritten(name));
      }
      attacker.plantZeros(attacker.payload(name, keys.get("payload")), PLANTED_BYTES);
      // The rows are PostgreSQL's with or without a bucket: planted once, in the run without.
      boolean columns = backend == Backend.POSTGRESQL;
      if (columns) {
        attacker.update(name, keys.get("inline"), "inline_value = " + PLANTED_BYTEA, PLANTED_BYTES);
        attacker.update(name, keys.get("key"), "key_bytes = " + PLANTED_BYTEA, PLANTED_BYTES);
        attacker.update(name, keys.get("text"), "object_type = repeat('x', ?)", PLANTED_BYTES);
      }
      Path options = directory.resolve("options.properties");
      try (Writer out = Files.newBufferedWriter(options)) {
        attacker.options().store(out, null);
      }

      List<String> lines;
      try (ChildJvm child = ChildJvm.start("oversized-" + backend, directory.resolve("logs"),
          ChildJvm.java(CHILD_HEAP, OversizedPlantsWorkload.class,
              attacker.otherHostRoot(directory.resolve("reader")).toString(), options.toString(), name))) {
        child.assertExitCode(0);
        lines = child.stdoutLines();
      }

      assertEquals(columns
          ? List.of("EVENT SIZE_MISMATCH true", "GET inline MISS", "EVENT SIZE_MISMATCH true", "GET payload MISS",
              "EVENT BAD_SIGNATURE true", "CONTAINS text false", "EVENT KEY_MISMATCH true", "GETALL [small]",
              "ITERATE [small]", "DONE")
          : List.of("GET inline 100 chars", "EVENT SIZE_MISMATCH true", "GET payload MISS", "CONTAINS text true",
              "GETALL [key, small]", "ITERATE [inline, key, small, text]", "DONE"), lines);
      assertEquals(value("small", 100), cache.get("small"));
    }
  }
}
