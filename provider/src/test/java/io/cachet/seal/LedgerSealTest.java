package io.cachet.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LedgerSealTest {
  private static final byte[] KEY = new byte[32];
  private final HmacEntrySigner signer = new HmacEntrySigner(KEY, 3);
  private final LedgerSeal seal = signer.ledgerSeal("books");

  private static String signature(int seed) {
    byte[] mac = new byte[32];
    new Random(seed).nextBytes(mac);
    return "v4:" + java.util.HexFormat.of().formatHex(mac);
  }

  @Test
  void digest_isTheSameInAnyOrder_andBackToZeroWhenEveryRowIsRemoved() {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.add(signature(i));
    }
    long[] forward = new long[2];
    rows.forEach(row -> assertTrue(seal.accumulate(forward, row, 1)));
    Collections.shuffle(rows, new Random(1));
    long[] shuffled = new long[2];
    rows.forEach(row -> seal.accumulate(shuffled, row, 1));
    assertArrayEquals(forward, shuffled);

    rows.forEach(row -> seal.accumulate(shuffled, row, -1));
    assertArrayEquals(new long[2], shuffled);
  }

  @Test
  void digest_changes_whenOneRowIsSwappedForAnother_orDeleted() {
    long[] current = new long[2];
    seal.accumulate(current, signature(1), 1);
    seal.accumulate(current, signature(2), 1);
    long[] swapped = new long[2];
    seal.accumulate(swapped, signature(1), 1);
    seal.accumulate(swapped, signature(3), 1);
    long[] deleted = new long[2];
    seal.accumulate(deleted, signature(1), 1);

    assertFalse(Arrays.equals(current, swapped));
    assertFalse(Arrays.equals(current, deleted));
  }

  @Test
  void elements_areKeyedPerNamespace_soTheSameRowsSumDifferently() {
    long[] books = new long[2];
    long[] authors = new long[2];
    seal.accumulate(books, signature(1), 1);
    signer.ledgerSeal("authors").accumulate(authors, signature(1), 1);
    long[] otherKey = new long[2];
    byte[] key = new byte[32];
    key[0] = 1;
    new HmacEntrySigner(key, 3).ledgerSeal("books").accumulate(otherKey, signature(1), 1);

    assertFalse(Arrays.equals(books, authors));
    assertFalse(Arrays.equals(books, otherKey));
  }

  @Test
  void absentOrMalformedSignatures_areNoElement() {
    long[] digest = new long[2];
    assertFalse(seal.accumulate(digest, null, 1));
    assertFalse(seal.accumulate(digest, "", 1));
    assertFalse(seal.accumulate(digest, "v4:zz", 1));
    assertArrayEquals(new long[2], digest);
  }

  @Test
  void digestText_roundTrips_andOnlyWellFormedTextParses() {
    long[] digest = {0x8000_0000_0000_0001L, -2};
    assertArrayEquals(digest, LedgerSeal.parse(LedgerSeal.format(digest)));
    assertNull(LedgerSeal.parse(null));
    assertNull(LedgerSeal.parse("0".repeat(31)));
    assertNull(LedgerSeal.parse("G".repeat(32)));
  }

  @Test
  void stateSignature_coversEveryField() {
    String digest = LedgerSeal.format(new long[] {1, 2});
    String hash = seal.journalStart(0);
    String signature = seal.sign(10, 3, 5, digest, hash);

    assertTrue(seal.verifies(10, 3, 5, digest, hash, signature));
    assertFalse(seal.verifies(11, 3, 5, digest, hash, signature));
    assertFalse(seal.verifies(10, 4, 5, digest, hash, signature));
    assertFalse(seal.verifies(10, 3, 6, digest, hash, signature));
    assertFalse(seal.verifies(10, 3, 5, LedgerSeal.format(new long[] {1, 3}), hash, signature));
    assertFalse(seal.verifies(10, 3, 5, digest, seal.journalStart(1), signature));
    assertFalse(signer.ledgerSeal("authors").verifies(10, 3, 5, digest, hash, signature));
    assertFalse(seal.verifies(10, 3, 5, digest, hash, "not hex"));
    assertFalse(seal.verifies(10, 3, 5, digest, hash, null));
  }

  @Test
  void journalChain_dependsOnEveryEntryAndItsOrder() {
    String start = seal.journalStart(0);
    String ab = LedgerSeal.chain(LedgerSeal.chain(start, 1, "a", false), 2, "b", false);
    String ba = LedgerSeal.chain(LedgerSeal.chain(start, 1, "b", false), 2, "a", false);
    String removed = LedgerSeal.chain(LedgerSeal.chain(start, 1, "a", false), 2, "b", true);

    assertNotEquals(ab, ba);
    assertNotEquals(ab, removed);
    assertEquals(ab, LedgerSeal.chain(LedgerSeal.chain(start, 1, "a", false), 2, "b", false));
    assertNotEquals(start, seal.journalStart(1));
  }
}
