package io.cachet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cachet purge}, {@code inspect} and {@code rotate-key} of a cache with a shared ledger against a root an
 * application keeps open meanwhile.
 */
class MaintenanceIT {
  @TempDir Path temp;

  private static CacheManager manager(Path root) {
    Properties properties = new Properties();
    properties.setProperty("heapEntries", "1000");
    return Caching.getCachingProvider("io.cachet.CachetCachingProvider")
        .getCacheManager(root.toUri(), MaintenanceIT.class.getClassLoader(), properties);
  }

  private static Cache<String, String> create(CacheManager manager, String name, int entries) {
    Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    for (int i = 0; i < entries; i++) {
      cache.put("key-" + i, "secret-value-" + i);
    }
    return cache;
  }

  @Test
  void purge_asksFirst_thenEmptiesOneCache_whichTheRunningApplicationSeesEmptyAndGoesOnUsing() throws Exception {
    Path root = temp.resolve("root");
    try (CacheManager manager = manager(root)) {
      Cache<String, String> sessions = create(manager, "sessions", 30);
      Cache<String, String> kept = create(manager, "kept", 5);
      assertEquals("secret-value-3", sessions.get("key-3"), "held in the application's heap tier");

      CliRun declined = CliRun.withInput("n\n", "purge", root.toString(), "sessions");
      assertEquals(2, declined.exitStatus(), declined::toString);
      assertTrue(declined.out().contains("Delete all 30 entries of cache sessions"), declined::toString);
      assertTrue(declined.err().contains("nothing was deleted"), declined::toString);
      assertEquals("secret-value-3", sessions.get("key-3"));

      CliRun purged = CliRun.withInput("y\n", "purge", root.toString(), "sessions");
      assertEquals(0, purged.exitStatus(), purged::toString);
      assertTrue(purged.out().contains("Purged cache sessions: 30 entries deleted."), purged::toString);

      for (int i = 0; i < 30; i++) {
        assertNull(sessions.get("key-" + i), "purged, also from the application's heap tier");
      }
      assertEquals("secret-value-4", kept.get("key-4"), "other caches are left alone");
      sessions.put("after", "written after the purge");
      assertEquals("written after the purge", sessions.get("after"));

      CliRun verified = CliRun.of("verify", root.toString());
      assertEquals(0, verified.exitStatus(), verified::toString);
      assertEquals(2, CliRun.of("purge", root.toString(), "missing", "--yes").exitStatus());
    }
  }

  @Test
  void rotateKey_ofACacheWithASharedLedger_keepsARefusedEntryWhenAsked_andRepairThenLeavesAStoreThatVerifies()
      throws Exception {
    Path root = temp.resolve("root");
    Properties properties = new Properties();
    properties.setProperty("replayDetection", "shared");
    properties.setProperty("storageMode", "true");
    try (CacheManager manager = Caching.getCachingProvider("io.cachet.CachetCachingProvider")
        .getCacheManager(root.toUri(), MaintenanceIT.class.getClassLoader(), properties)) {
      Cache<String, String> ledgered = create(manager, "ledgered", 40);
      StoredBytes stored = new StoredBytes(root);
      String tampered = stored.keyHashes("ledgered", false).get(0);
      stored.update("ledgered", tampered, "expires_at = ?", 4102444800000L);

      CliRun rotated = CliRun.of("rotate-key", root.toString(), "--new-key-file", "rotated.bin", "--keep-refused");

      assertEquals(0, rotated.exitStatus(), rotated::toString);
      assertTrue(rotated.out().contains("39 entries re-signed, 0 refused and deleted, 1 refused and kept"),
          rotated::toString);
      int read = 0;
      for (int i = 0; i < 40; i++) {
        read += ledgered.get("key-" + i) == null ? 0 : 1;
      }
      assertEquals(39, read, "the application, configured with the old key, reads every untampered entry");
      ledgered.put("after", "written after the rotation");
      CliRun found = CliRun.of("verify", root.toString());
      assertEquals(1, found.exitStatus(), found::toString);
      assertTrue(found.out().contains(tampered), found::toString);

      CliRun repaired = CliRun.of("repair", root.toString());
      assertEquals(0, repaired.exitStatus(), repaired::toString);
      CliRun verified = CliRun.of("verify", root.toString());
      assertEquals(0, verified.exitStatus(), verified::toString);
      assertEquals("written after the rotation", ledgered.get("after"));
      int readAfterRepair = 0;
      for (int i = 0; i < 40; i++) {
        readAfterRepair += ledgered.get("key-" + i) == null ? 0 : 1;
      }
      assertEquals(39, readAfterRepair, "repair deleted the refused entry only");
    }
  }

  @Test
  void inspect_showsSignedMetadata_printsValuesOnlyWhenAskedAndOnlyVerified_andNamesARefusedRow() throws Exception {
    Path root = temp.resolve("root");
    try (CacheManager manager = manager(root)) {
      create(manager, "kept", 3);
    }
    StoredBytes stored = new StoredBytes(root);
    List<String> hashes = stored.keyHashes("kept", false);

    CliRun listed = CliRun.of("inspect", root.toString(), "kept", "--limit", "2");
    assertEquals(0, listed.exitStatus(), listed::toString);
    assertTrue(listed.out().startsWith(hashes.get(0) + "  verified"), listed::toString);
    assertTrue(listed.out().contains(hashes.get(1) + "  verified"), listed::toString);
    assertFalse(listed.out().contains(hashes.get(2)), "--limit 2: " + listed);
    assertTrue(listed.out().contains("class java.lang.String, signature v6"), listed::toString);
    assertFalse(listed.out().contains("secret-value") || listed.out().contains("key-"), "no key or value unasked");

    CliRun values = CliRun.of("inspect", root.toString(), "kept", "--values");
    assertEquals(0, values.exitStatus(), values::toString);
    for (int i = 0; i < 3; i++) {
      assertTrue(values.out().contains("  key   key-" + i + "\n") || values.out().contains("  key   key-" + i + "\r"),
          values::toString);
      assertTrue(values.out().contains("  value secret-value-" + i), values::toString);
    }

    byte[] inline = (byte[]) stored.value("kept", hashes.get(1), "inline_value");
    inline[inline.length - 1] ^= 1;
    stored.update("kept", hashes.get(1), "inline_value = ?", (Object) inline);
    CliRun refused = CliRun.of("inspect", root.toString(), "kept", "--key-hash", hashes.get(1), "--values");
    assertEquals(1, refused.exitStatus(), refused::toString);
    assertTrue(refused.out().startsWith(hashes.get(1) + "  REFUSED: hash-mismatch"), refused::toString);
    assertFalse(refused.out().contains("secret-value") || refused.out().contains("key-"),
        "nothing of a refused row is decoded: " + refused);

    Files.move(root.resolve("cache_signing_key.bin"), temp.resolve("key.aside"));
    CliRun withoutKey = CliRun.of("verify", root.toString());
    assertEquals(1, withoutKey.exitStatus(), withoutKey::toString);
    assertTrue(withoutKey.out().lines().anyMatch(line -> line.matches("kept\\s+-\\s+key-file-missing\\s+.*")),
        withoutKey::toString);
  }
}
