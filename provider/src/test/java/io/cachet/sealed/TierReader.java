package io.cachet.sealed;

import io.cachet.CachetCachingProvider;
import io.cachet.CachetConfiguration;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import javax.cache.Cache;

/**
 * The reading process of {@link HeapTierAcrossProcessesTest}: reads keys through its heap tier for as long as the
 * writer runs, and checks each value against the writer's acknowledgement file, which holds the number of the
 * last put that had returned. Prints {@code READS n STALE m} and exits 1 if any read was stale.
 *
 * <p>Arguments: the root directory, the acknowledgement file, the number of puts, the number of keys.
 */
public final class TierReader {
  private TierReader() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path acknowledged = Path.of(args[1]);
    int puts = Integer.parseInt(args[2]);
    int keys = Integer.parseInt(args[3]);
    Random random = new Random(11);
    long reads = 0;
    long stale = 0;
    try (CachetCachingProvider provider = new CachetCachingProvider()) {
      Cache<String, String> cache = provider.getCacheManager(root.toUri(), TierReader.class.getClassLoader())
          .createCache("counters", new CachetConfiguration<String, String>().setTypes(String.class, String.class)
              .setHeapEntries(1_000));
      System.out.println("READY");
      long deadline = System.nanoTime() + 90_000_000_000L;
      int last = 0;
      while (last < puts && System.nanoTime() < deadline) {
        last = acknowledged(acknowledged);
        int key = random.nextInt(keys);
        // The newest put of this key that had returned before this read began.
        int newest = last - Math.floorMod(last - key, keys);
        String read = cache.get("k" + key);
        reads++;
        if (newest > 0 && (read == null || Integer.parseInt(read) < newest)) {
          stale++;
          System.out.println("STALE k" + key + " read " + read + " after put " + newest + " returned");
        }
      }
    }
    System.out.println("READS " + reads + " STALE " + stale);
    System.exit(stale == 0 ? 0 : 1);
  }

  private static int acknowledged(Path file) throws Exception {
    try {
      return Integer.parseInt(Files.readString(file).trim());
    } catch (NoSuchFileException e) {
      return 0;
    }
  }
}
