package io.cachet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.testing.SharedStoreServers;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cachet caches} on the shared store (PostgreSQL rows, S3 blobs), reached through an options file. */
class SharedStoreListingIT {
  @TempDir Path temp;

  @Test
  void caches_ofAnOptionsFileNamingTheSharedStore_countsItsRowsAndObjects() throws Exception {
    Properties options = SharedStoreServers.options("cli_listing", true);
    options.setProperty("root", temp.resolve("keys").toString());
    Path file = temp.resolve("shared.properties");
    try (Writer out = Files.newBufferedWriter(file)) {
      options.store(out, null);
    }
    try (CacheManager manager = Caching.getCachingProvider("io.cachet.CachetCachingProvider")
        .getCacheManager(file.toUri(), SharedStoreListingIT.class.getClassLoader())) {
      Cache<Object, Object> cache = manager.createCache("shared", new MutableConfiguration<>());
      for (int i = 0; i < 6; i++) {
        cache.put(i, new byte[i < 2 ? 50_000 : 100]);
      }
    }

    CliRun listed = CliRun.of("caches", file.toString());

    assertEquals(0, listed.exitStatus(), listed::toString);
    String line = listed.line("shared");
    assertTrue(line.matches("shared\\s+6\\s+\\d+ B\\s+2 \\(97\\.\\d KiB\\)\\s+0\\s+v6=6\\s+cache_signing_key\\.bin.*"),
        line);
  }
}
