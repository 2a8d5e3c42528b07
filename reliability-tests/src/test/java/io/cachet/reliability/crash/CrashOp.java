package io.cachet.reliability.crash;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.cache.Cache;

/**
 * One operation of the crash workload, identified by a sequence number that also determines the values it
 * writes, so that the journal need not hold values and every value read back names the write it came from.
 *
 * @param seq unique across the whole run (all cycles)
 * @param kind what the operation does
 * @param keys the integer keys it touches (none for {@link Kind#INCREMENT})
 */
record CrashOp(long seq, Kind kind, List<Integer> keys) {
  /** Keys of the workload: few enough that operations often hit existing entries. */
  static final int KEYS = 40;
  /** The key of the counter incremented through {@code invoke}. */
  static final String COUNTER = "counter";
  // Above Cachet's default inline threshold (28 KiB): these values are blob files.
  private static final int BLOB_BYTES = 140 * 1024;

  /** The kinds of operation, with how often each is drawn. */
  enum Kind {
    PUT(4), PUT_ALL(2), REMOVE(2), REPLACE(2), INCREMENT(2);

    final int weight;

    Kind(int weight) {
      this.weight = weight;
    }
  }

  /** A random operation. */
  static CrashOp random(Random random, long seq) {
    int total = 0;
    for (Kind kind : Kind.values()) {
      total += kind.weight;
    }
    int draw = random.nextInt(total);
    Kind kind = Kind.PUT;
    for (Kind candidate : Kind.values()) {
      if (draw < candidate.weight) {
        kind = candidate;
        break;
      }
      draw -= candidate.weight;
    }
    List<Integer> keys = new ArrayList<>();
    int count = switch (kind) {
      case PUT_ALL -> 3;
      case INCREMENT -> 0;
      default -> 1;
    };
    while (keys.size() < count) {
      int key = random.nextInt(KEYS);
      if (!keys.contains(key)) {
        keys.add(key);
      }
    }
    return new CrashOp(seq, kind, keys);
  }

  /** The value this operation writes under {@code key}: a string, or every seventh time a blob-sized array. */
  Object value(int key) {
    if ((seq + key) % 7 != 0) {
      return "s" + seq + "-k" + key;
    }
    byte[] bytes = new byte[BLOB_BYTES];
    for (int i = 12; i < bytes.length; i++) {
      bytes[i] = (byte) (seq * 31 + key + i);
    }
    ByteBuffer.wrap(bytes).putLong(0, seq).putInt(8, key);
    return bytes;
  }

  /** Performs the operation on the cache. */
  void applyTo(Cache<Object, Object> cache) {
    switch (kind) {
      case PUT -> cache.put(keys.get(0), value(keys.get(0)));
      case PUT_ALL -> {
        Map<Object, Object> values = new LinkedHashMap<>();
        for (int key : keys) {
          values.put(key, value(key));
        }
        cache.putAll(values);
      }
      case REMOVE -> cache.remove(keys.get(0));
      case REPLACE -> cache.replace(keys.get(0), value(keys.get(0)));
      case INCREMENT -> cache.invoke(COUNTER, (entry, arguments) -> {
        entry.setValue(entry.exists() ? (Long) entry.getValue() + 1 : 1L);
        return null;
      });
    }
  }

  /** Performs the operation on a model of the cache's contents, as {@link Cache} semantics say it acts. */
  void applyTo(Map<Object, String> model) {
    switch (kind) {
      case PUT, PUT_ALL -> keys.forEach(key -> model.put(key, describe(value(key))));
      case REMOVE -> model.remove(keys.get(0));
      case REPLACE -> model.computeIfPresent(keys.get(0), (key, old) -> describe(value(keys.get(0))));
      case INCREMENT -> model.merge(COUNTER, describe(1L), (old, one) -> describe(Long.parseLong(old) + 1));
    }
  }

  /**
   * A value as text for comparison: strings and counts as they are; a blob-sized array as the write it came
   * from, or as damaged if any byte differs from what that write stored.
   */
  static String describe(Object value) {
    if (!(value instanceof byte[] bytes)) {
      return String.valueOf(value);
    }
    if (bytes.length != BLOB_BYTES) {
      return "damaged blob of " + bytes.length + " bytes";
    }
    long seq = ByteBuffer.wrap(bytes).getLong(0);
    int key = ByteBuffer.wrap(bytes).getInt(8);
    Object written = key >= 0 && key < KEYS ? new CrashOp(seq, Kind.PUT, List.of(key)).value(key) : null;
    return written instanceof byte[] expected && Arrays.equals(bytes, expected)
        ? "blob s" + seq + "-k" + key : "damaged blob claiming s" + seq + "-k" + key;
  }

  /** The journal line that records this operation before it runs. */
  String line() {
    StringBuilder text = new StringBuilder().append(seq).append(' ').append(kind);
    for (int key : keys) {
      text.append(' ').append(key);
    }
    return text.toString();
  }

  /** Parses {@link #line()}. */
  static CrashOp parse(String line) {
    String[] parts = line.split(" ");
    List<Integer> keys = new ArrayList<>();
    for (int i = 2; i < parts.length; i++) {
      keys.add(Integer.parseInt(parts[i]));
    }
    return new CrashOp(Long.parseLong(parts[0]), Kind.valueOf(parts[1]), keys);
  }
}
