package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyIndexTest {

  private static String key(int i) {
    return String.format("%064x", i * 2_654_435_761L);
  }

  @Test
  void remembersTheLatestMarkOfEveryKey_throughGrowth() {
    KeyIndex index = new KeyIndex();
    for (int i = 0; i < 100_000; i++) {
      index.live(key(i), i);
    }
    for (int i = 0; i < 100_000; i += 2) {
      index.removed(key(i), 200_000 + i);
    }
    for (int i = 0; i < 100_000; i++) {
      long mark = index.mark(key(i));
      boolean removed = i % 2 == 0;
      assertEquals(removed, KeyIndex.isRemoval(mark), "key " + i);
      assertEquals(removed ? 200_000 + i : i, KeyIndex.generationOf(mark), "key " + i);
    }
    assertEquals(0, index.mark(key(100_001)));
  }

  @Test
  void generationZero_isKnown_notEmpty() {
    KeyIndex index = new KeyIndex();
    index.live(key(1), 0);
    long mark = index.mark(key(1));
    assertTrue(mark != 0);
    assertFalse(KeyIndex.isRemoval(mark));
    assertEquals(0, KeyIndex.generationOf(mark));
  }

  @Test
  void forgettingOldRemovals_keepsLiveKeysAndNewerRemovals() {
    KeyIndex index = new KeyIndex();
    index.live(key(1), 5);
    index.removed(key(2), 6);
    index.removed(key(3), 50);

    index.forgetRemovalsBefore(10);

    assertEquals(5, KeyIndex.generationOf(index.mark(key(1))));
    assertEquals(0, index.mark(key(2)));
    assertEquals(50, KeyIndex.generationOf(index.mark(key(3))));
  }
}
