package io.cachet.sealed;

/**
 * The newest generation this process has seen of each key it touched, and whether the key was then removed:
 * a bounded, direct-mapped table of {@link KeyIndex}'s fingerprints and marks, so that a row older than what
 * was seen is recognised as put back.
 *
 * <p>A key whose slot is taken by another is forgotten, which only loses detection for it, never refuses a
 * current row. Two keys sharing a fingerprint (about one chance in 10<sup>7</sup> among a million keys) could
 * make a current row look older. Thread-safe.
 */
final class SeenGenerations {
  private static final int INITIAL_SLOTS = 1 << 10;
  // 16 bytes a slot: at most 1 MiB per namespace.
  private static final int MAX_SLOTS = 1 << 16;

  private long[] fingerprints = new long[INITIAL_SLOTS];
  // KeyIndex's marks; 0 for an empty slot.
  private long[] marks = new long[INITIAL_SLOTS];

  /** Whether a row of this key with this generation is older than what was seen of the key. */
  synchronized boolean isOlder(String cacheKey, long generation) {
    long fingerprint = KeyIndex.fingerprint(cacheKey);
    int slot = slot(fingerprint, fingerprints.length);
    long mark = marks[slot];
    return mark != 0 && fingerprints[slot] == fingerprint && KeyIndex.isOlder(mark, generation);
  }

  /** A current row of the key, of this generation, was read or written. */
  void sawRow(String cacheKey, long generation) {
    record(cacheKey, KeyIndex.liveMark(generation));
  }

  /** The key's row of this generation was removed. */
  void sawRemoval(String cacheKey, long generation) {
    record(cacheKey, KeyIndex.removalMark(generation));
  }

  private synchronized void record(String cacheKey, long mark) {
    long fingerprint = KeyIndex.fingerprint(cacheKey);
    int slot = slot(fingerprint, fingerprints.length);
    if (marks[slot] != 0 && fingerprints[slot] != fingerprint && fingerprints.length < MAX_SLOTS) {
      grow();
      slot = slot(fingerprint, fingerprints.length);
    }
    if (marks[slot] != 0 && fingerprints[slot] == fingerprint && marks[slot] > mark) {
      // A concurrent reader may report an older row after a write recorded a newer one.
      return;
    }
    fingerprints[slot] = fingerprint;
    marks[slot] = mark;
  }

  private void grow() {
    long[] oldFingerprints = fingerprints;
    long[] oldMarks = marks;
    fingerprints = new long[oldFingerprints.length * 2];
    marks = new long[oldMarks.length * 2];
    for (int i = 0; i < oldMarks.length; i++) {
      if (oldMarks[i] != 0) {
        int slot = slot(oldFingerprints[i], fingerprints.length);
        fingerprints[slot] = oldFingerprints[i];
        marks[slot] = oldMarks[i];
      }
    }
  }

  private static int slot(long fingerprint, int slots) {
    return (int) (fingerprint ^ (fingerprint >>> 32)) & (slots - 1);
  }
}
