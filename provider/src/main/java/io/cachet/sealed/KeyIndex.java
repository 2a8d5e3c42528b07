package io.cachet.sealed;

/**
 * The newest generation known of every key of a namespace, and whether the key was then removed: what a row
 * must match to be current. Open addressing over two arrays of longs, 16 bytes a slot at a load of at most 3/4,
 * so about 24 MiB per million keys at worst, and nothing per key beyond that.
 *
 * <p>Keys are told apart by a 64-bit fingerprint of their cache key; two keys of one namespace sharing one
 * (about one chance in 10<sup>7</sup> among a million keys) could make a current row of one look older than
 * the other's. Not thread-safe: its owner synchronizes.
 */
final class KeyIndex {
  private static final int MIN_SLOTS = 1 << 6;

  private long[] fingerprints = new long[MIN_SLOTS];
  // generation * 2 + 1 for a key whose row is live, generation * 2 + 2 for a key removed at that generation;
  // 0 for an empty slot.
  private long[] marks = new long[MIN_SLOTS];
  private int size;

  /** What is known of the key: a mark as stored, or 0 if nothing. */
  long mark(String cacheKey) {
    long fingerprint = fingerprint(cacheKey);
    for (int slot = slot(fingerprint); marks[slot] != 0; slot = (slot + 1) & (marks.length - 1)) {
      if (fingerprints[slot] == fingerprint) {
        return marks[slot];
      }
    }
    return 0;
  }

  /** The key's row of this generation is the current one. */
  void live(String cacheKey, long generation) {
    put(cacheKey, liveMark(generation));
  }

  /** The key was removed at this generation. */
  void removed(String cacheKey, long generation) {
    put(cacheKey, removalMark(generation));
  }

  /** The mark of a key whose row of this generation is current; a later write of a key has a larger mark. */
  static long liveMark(long generation) {
    return generation * 2 + 1;
  }

  /** The mark of a key removed at this generation. */
  static long removalMark(long generation) {
    return generation * 2 + 2;
  }

  static boolean isRemoval(long mark) {
    return ((mark - 1) & 1) == 1;
  }

  static long generationOf(long mark) {
    return (mark - 1) >>> 1;
  }

  /** Whether a row of this generation is older than what a (non-zero) mark says of its key. */
  static boolean isOlder(long mark, long generation) {
    long known = generationOf(mark);
    return isRemoval(mark) ? generation <= known : generation < known;
  }

  /** Forgets every key. */
  void clear() {
    fingerprints = new long[MIN_SLOTS];
    marks = new long[MIN_SLOTS];
    size = 0;
  }

  /** Makes room for this many keys at once, so that a scan fills the index without growing it step by step. */
  void expect(long keys) {
    while ((keys + size) * 4 > marks.length * 3L) {
      resize(marks.length * 2);
    }
  }

  /** Forgets removals older than this generation. */
  void forgetRemovalsBefore(long generation) {
    long[] oldFingerprints = fingerprints;
    long[] oldMarks = marks;
    fingerprints = new long[oldMarks.length];
    marks = new long[oldMarks.length];
    size = 0;
    for (int i = 0; i < oldMarks.length; i++) {
      long mark = oldMarks[i];
      if (mark != 0 && !(isRemoval(mark) && generationOf(mark) < generation)) {
        insert(oldFingerprints[i], mark);
      }
    }
  }

  private void put(String cacheKey, long mark) {
    if ((size + 1) * 4 > marks.length * 3) {
      resize(marks.length * 2);
    }
    insert(fingerprint(cacheKey), mark);
  }

  private void insert(long fingerprint, long mark) {
    int slot = slot(fingerprint);
    while (marks[slot] != 0) {
      if (fingerprints[slot] == fingerprint) {
        marks[slot] = mark;
        return;
      }
      slot = (slot + 1) & (marks.length - 1);
    }
    fingerprints[slot] = fingerprint;
    marks[slot] = mark;
    size++;
  }

  private void resize(int slots) {
    long[] oldFingerprints = fingerprints;
    long[] oldMarks = marks;
    fingerprints = new long[slots];
    marks = new long[slots];
    size = 0;
    for (int i = 0; i < oldMarks.length; i++) {
      if (oldMarks[i] != 0) {
        insert(oldFingerprints[i], oldMarks[i]);
      }
    }
  }

  private int slot(long fingerprint) {
    return (int) (fingerprint ^ (fingerprint >>> 29)) & (marks.length - 1);
  }

  /** FNV-1a over the cache key's characters, mixed: cache keys are hex SHA-256, so any 64 bits of them would do. */
  static long fingerprint(String cacheKey) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < cacheKey.length(); i++) {
      hash = (hash ^ cacheKey.charAt(i)) * 0x100000001b3L;
    }
    return hash ^ (hash >>> 31);
  }
}
