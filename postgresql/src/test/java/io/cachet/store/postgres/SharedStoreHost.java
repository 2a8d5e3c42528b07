package io.cachet.store.postgres;

import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * A host of the shared store in a JVM of its own, for tests about processes: opens a manager on its root with the
 * options in a file, and prints a line for every write acknowledged to it, flushed, so that a test that kills it
 * knows what it was told.
 *
 * <p>{@code count <root> <options> <n>}: n increments of key {@code c} of cache {@code counters} by {@code invoke},
 * printing {@code inc <new value>} each. {@code write <root> <options> <threads>}: writes large values to cache
 * {@code large} until killed, key {@code k<i>} of each thread in turn, printing {@code acked <key> <seq>} each.
 * {@code work <root> <options> <threads>}: runs a {@link FaultWorkload} on caches {@code values} and
 * {@code counters} until the file {@link #STOP_FILE} appears in its root, printing each call's line.
 */
public final class SharedStoreHost {
  /** The size of each value of {@code write}: far above any inline threshold, so every value is a blob. */
  static final int VALUE_SIZE = 256 * 1024;
  /** The keys each writing thread cycles through, so that most writes supersede a blob. */
  static final int KEYS_PER_THREAD = 4;

  /** The file in a host's root whose creation stops {@code work}. */
  static final String STOP_FILE = "stop";

  private SharedStoreHost() {}

  public static void main(String[] args) throws Exception {
    Properties options = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(args[2]))) {
      options.load(in);
    }
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(Path.of(args[1]).toUri(),
        SharedStoreHost.class.getClassLoader(), options)) {
      if (args[0].equals("count")) {
        count(manager, Integer.parseInt(args[3]));
      } else if (args[0].equals("work")) {
        work(manager, Path.of(args[1]).resolve(STOP_FILE), Integer.parseInt(args[3]));
      } else {
        write(manager, Integer.parseInt(args[3]));
      }
    }
    System.out.println("done");
  }

  static MutableConfiguration<String, Long> counters() {
    return new MutableConfiguration<String, Long>().setTypes(String.class, Long.class);
  }

  static MutableConfiguration<String, byte[]> large() {
    return new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class);
  }

  private static void count(CacheManager manager, int increments) {
    Cache<String, Long> cache = manager.createCache("counters", counters());
    System.out.println("ready");
    for (int i = 0; i < increments; i++) {
      long value = cache.invoke("c", new Increment());
      System.out.println("inc " + value);
    }
  }

  /** Adds one to the entry, starting from zero; returns the new value. */
  static final class Increment implements EntryProcessor<String, Long, Long> {
    @Override
    public Long process(MutableEntry<String, Long> entry, Object... arguments) {
      long next = (entry.exists() ? entry.getValue() : 0L) + 1;
      entry.setValue(next);
      return next;
    }
  }

  private static void work(CacheManager manager, Path stop, int threads) throws InterruptedException {
    FaultWorkload workload = new FaultWorkload(manager.createCache("values", large()),
        manager.createCache("counters", counters()), call -> System.out.println(call.line()));
    System.out.println("ready");
    workload.run(threads, () -> Files.exists(stop));
  }

  private static void write(CacheManager manager, int threads) throws InterruptedException {
    Cache<String, byte[]> cache = manager.createCache("large", large());
    System.out.println("ready");
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread writer = new Thread(() -> {
        for (long seq = 0;; seq++) {
          String key = "k" + (thread * KEYS_PER_THREAD + seq % KEYS_PER_THREAD);
          cache.put(key, value(seq));
          // One println is one write, flushed: whole lines even when threads print at once.
          System.out.println("acked " + key + " " + seq);
        }
      });
      writer.start();
      writers.add(writer);
    }
    for (Thread writer : writers) {
      writer.join();
    }
  }

  /** The value a writer puts in its {@code seq}-th write: the sequence number, then bytes derived from it. */
  static byte[] value(long seq) {
    ByteBuffer value = ByteBuffer.allocate(VALUE_SIZE).putLong(seq);
    while (value.hasRemaining()) {
      value.put((byte) (seq * 31 + value.position()));
    }
    return value.array();
  }
}
