package io.cachet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * An application run in its own JVM while {@code cachet rotate-key} rotates the key of the root it uses: configured
 * with the old key file, it puts and gets random keys of the filled cache until a stop file appears, checking each
 * read against the value it last wrote (or the one filled), then writes its verdict and every value it wrote.
 *
 * <p>Arguments: root, entries filled, ready file, stop file, verdict file, seed.
 */
final class RotationApplication {
  private static final int FAILURES_KEPT = 20;

  private RotationApplication() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    int entries = Integer.parseInt(args[1]);
    Path ready = Path.of(args[2]);
    Path stop = Path.of(args[3]);
    Path verdict = Path.of(args[4]);
    Random random = new Random(Long.parseLong(args[5]));
    Map<Integer, String> written = new HashMap<>();
    List<String> failures = new ArrayList<>();
    long puts = 0;
    long gets = 0;
    long failed = 0;
    try (CacheManager manager = RotationIT.manager(root, null)) {
      Cache<String, String> cache = manager.createCache(RotationIT.BOOKS, RotationIT.configuration());
      Files.writeString(ready, "ready");
      for (int round = 1; !Files.exists(stop); round++) {
        for (int op = 0; op < 50; op++) {
          int i = random.nextInt(entries);
          try {
            if (random.nextInt(4) == 0) {
              String value = RotationIT.value(i, round);
              cache.put(RotationIT.key(i), value);
              written.put(i, value);
              puts++;
            } else {
              String read = cache.get(RotationIT.key(i));
              String expected = written.getOrDefault(i, RotationIT.value(i, 0));
              gets++;
              if (!expected.equals(read)) {
                failed++;
                keep(failures, RotationIT.key(i) + (read == null ? ": miss" : ": wrong value, of length "
                    + read.length()));
              }
            }
          } catch (RuntimeException e) {
            failed++;
            keep(failures, RotationIT.key(i) + ": " + e);
          }
          if (op % 10 == 9) {
            pause();
          }
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("puts=").append(puts).append('\n').append("gets=").append(gets).append('\n')
        .append("failures=").append(failed).append('\n');
    failures.forEach(failure -> out.append("failure=").append(failure).append('\n'));
    written.forEach((i, value) -> out.append("written=").append(i).append('=').append(value).append('\n'));
    Files.writeString(verdict, out, StandardCharsets.UTF_8);
  }

  /** A busy application, not one that takes a whole core from the rotation on a small machine. */
  private static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void keep(List<String> failures, String failure) {
    if (failures.size() < FAILURES_KEPT) {
      failures.add(failure);
    }
  }
}
