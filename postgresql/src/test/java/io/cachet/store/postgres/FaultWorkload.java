package io.cachet.store.postgres;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheException;

/**
 * Writers for the fault tests: each thread cycles through keys of its own with a put, then an increment of its
 * counter by {@code invoke}, then a get of the key it just put, and reports every call as a {@link Call} (as a
 * line too, from a host JVM). Values alternate small and large, so that with a bucket every other one is a blob.
 */
final class FaultWorkload {
  static final int KEYS_PER_THREAD = 3;
  static final int SMALL = 100;
  static final int LARGE = 4096;

  private final Cache<String, byte[]> values;
  private final Cache<String, Long> counters;
  private final Consumer<Call> report;

  FaultWorkload(Cache<String, byte[]> values, Cache<String, Long> counters, Consumer<Call> report) {
    this.values = values;
    this.counters = counters;
    this.report = report;
  }

  /**
   * One call and what came of it.
   *
   * @param thread the writer
   * @param op {@code put}, {@code invoke} or {@code get}
   * @param key the key called
   * @param seq the writer's sequence number, which the put's value carries
   * @param result {@code ok}, {@code hit}, {@code miss}, {@code corrupt}, {@code CacheException} (a subclass
   *     too), or the simple name of any other exception
   * @param startMillis when it started, by this host's clock
   * @param millis how long it took
   */
  record Call(int thread, String op, String key, long seq, String result, long startMillis, long millis) {
    boolean failed() {
      return !result.equals("ok") && !result.equals("hit") && !result.equals("miss");
    }

    String line() {
      return "call " + thread + " " + op + " " + key + " " + seq + " " + result + " " + startMillis + " " + millis;
    }

    static Call parse(String line) {
      String[] w = line.split(" ");
      return new Call(Integer.parseInt(w[1]), w[2], w[3], Long.parseLong(w[4]), w[5], Long.parseLong(w[6]),
          Long.parseLong(w[7]));
    }
  }

  /** Runs {@code threads} writers until {@code stop} is true, then returns. */
  void run(int threads, BooleanSupplier stop) throws InterruptedException {
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread writer = new Thread(() -> {
        for (long seq = 0; !stop.getAsBoolean(); seq++) {
          write(thread, seq);
        }
      }, "fault-writer-" + t);
      writer.start();
      writers.add(writer);
    }
    for (Thread writer : writers) {
      writer.join();
    }
  }

  private void write(int thread, long seq) {
    String key = key(thread, seq);
    call(thread, "put", key, seq, () -> {
      values.put(key, value(seq));
      return "ok";
    });
    call(thread, "invoke", counter(thread), seq, () -> {
      counters.invoke(counter(thread), new SharedStoreHost.Increment());
      return "ok";
    });
    call(thread, "get", key, seq, () -> {
      byte[] read = values.get(key);
      return read == null ? "miss" : isValue(read) ? "hit" : "corrupt";
    });
  }

  private void call(int thread, String op, String key, long seq, Supplier<String> body) {
    long start = System.currentTimeMillis();
    long started = System.nanoTime();
    String result;
    try {
      result = body.get();
    } catch (CacheException e) {
      result = "CacheException";
    } catch (RuntimeException e) {
      result = e.getClass().getSimpleName();
    }
    report.accept(new Call(thread, op, key, seq, result, start, (System.nanoTime() - started) / 1_000_000));
  }

  static String key(int thread, long seq) {
    return "t" + thread + "-k" + seq % KEYS_PER_THREAD;
  }

  static String counter(int thread) {
    return "t" + thread;
  }

  /** The value of the {@code seq}-th write: small for even numbers, large for odd ones, its bytes from seq. */
  static byte[] value(long seq) {
    ByteBuffer value = ByteBuffer.allocate(seq % 2 == 0 ? SMALL : LARGE).putLong(seq);
    while (value.hasRemaining()) {
      value.put((byte) (seq * 31 + value.position()));
    }
    return value.array();
  }

  /** Whether these bytes are exactly a value {@link #value} makes. */
  static boolean isValue(byte[] read) {
    return read.length >= Long.BYTES && Arrays.equals(read, value(seq(read)));
  }

  static long seq(byte[] read) {
    return ByteBuffer.wrap(read).getLong();
  }
}
