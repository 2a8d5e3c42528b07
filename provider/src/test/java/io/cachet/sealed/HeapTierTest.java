package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.RowVersion;
import org.junit.jupiter.api.Test;

/** The heap tier's bounds: entries, bytes, and which entry goes first. */
class HeapTierTest {
  private static final long OVERHEAD = 200;

  @Test
  void beyondItsEntryLimit_theTierEvictsAnEntryNotReadSinceItCameIn() {
    HeapTier tier = new HeapTier(3, Long.MAX_VALUE);
    for (String key : new String[] {"a", "b", "c"}) {
      tier.put(entry(key, 10), 0);
    }
    assertNotNull(tier.get("a"));
    assertNotNull(tier.get("c"));

    tier.put(entry("d", 10), 0);

    assertEquals(3, tier.size());
    assertNull(tier.get("b"), "b, never read, goes first");
    assertNotNull(tier.get("a"));
    assertNotNull(tier.get("c"));
    assertNotNull(tier.get("d"));
  }

  @Test
  void beyondItsByteLimit_theTierEvicts_countingEachEntrysOverhead() {
    HeapTier tier = new HeapTier(100, 3 * (1_000 + OVERHEAD));
    for (int i = 0; i < 5; i++) {
      tier.put(entry("k" + i, 1_000), 0);
    }

    assertEquals(3, tier.size());
    assertNull(tier.get("k0"));
    assertNull(tier.get("k1"));
    assertNotNull(tier.get("k4"));
  }

  @Test
  void aValueLargerThanTheWholeTier_isNeverHeld_andDropsWhatWasHeldUnderItsKey() {
    HeapTier tier = new HeapTier(100, 1_000);
    tier.put(entry("k", 10), 0);

    assertFalse(tier.fits(1_000));
    tier.put(entry("k", 1_000), 0);

    assertNull(tier.get("k"));
    assertEquals(0, tier.size());
  }

  @Test
  void replacingAndRemovingEntries_keepsTheCountsExact() {
    HeapTier tier = new HeapTier(10, Long.MAX_VALUE);
    for (int i = 0; i < 10_000; i++) {
      tier.put(entry("k" + (i % 5), 10), 0);
    }
    assertEquals(5, tier.size());

    tier.remove("k0");
    HeapTier.Held held = tier.get("k1");
    tier.remove(held);
    tier.remove(held);

    assertEquals(3, tier.size());
    tier.clear();
    assertEquals(0, tier.size());
    assertTrue(tier.fits(10));
  }

  private static HeapTier.Entry entry(String key, long bytes) {
    return new HeapTier.Entry(key, "v", null, 1, SealedEntry.ETERNAL, new RowVersion("s", 1, "h", null), 0, bytes);
  }
}
