package io.cachet.reliability.crash;

import java.nio.file.Path;
import java.util.Arrays;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * The child JVM of {@link CrashPointTest}. {@code seed DURABILITY}: stores the first version of a blob-sized
 * value and a small one, and exits. {@code overwrite DURABILITY POINT}: arms Cachet's crash point (before
 * any Cachet class is loaded) and overwrites the blob-sized value, so that the JVM halts at that step.
 */
public final class CrashPointWorkload {
  static final String BLOB_KEY = "blob";
  static final String SMALL_KEY = "small";
  static final int BLOB_BYTES = 140 * 1024;

  private CrashPointWorkload() {}

  public static void main(String[] args) {
    if (args[0].equals("overwrite")) {
      System.setProperty("cachet.test.crashAt", args[2]);
    }
    try (CacheManager manager = CrashWorkload.open(Path.of(System.getProperty("cachet.root")), args[1])) {
      Cache<Object, Object> cache = CrashWorkload.cacheOf(manager);
      if (args[0].equals("seed")) {
        cache.put(BLOB_KEY, version(1));
        cache.put(SMALL_KEY, "small value");
      } else {
        cache.put(BLOB_KEY, version(2));
        System.out.println("the write returned without reaching " + args[2]);
      }
    }
  }

  /** The blob-sized value of one version: every byte is the version number. */
  static byte[] version(int number) {
    byte[] bytes = new byte[BLOB_BYTES];
    Arrays.fill(bytes, (byte) number);
    return bytes;
  }
}
