package io.cachet.reliability.concurrency;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * Threads hammering a few keys with the atomic JCache operations, recording what each call returned, so that
 * {@link AtomicOpsTest} can check the outcome is one a serial order of the calls would give. Run in the test
 * JVM (8 threads) or as the main class of two child JVMs sharing one root, each with its own manager.
 *
 * <p>Per thread and round: an {@code invoke} increment of one of four counters; a compare-and-set increment
 * ({@code get}, then {@code putIfAbsent} or {@code replace(k, old, new)}, retried until it wins); a
 * {@code getAndPut} of a unique token on one key (the previous values must form one chain); and a
 * {@code putIfAbsent} / {@code remove(k, v)} pair on a per-round ticket.
 */
public final class AtomicOpsWorkload {
  static final String CACHE = "atomic";
  static final int COUNTERS = 4;
  static final String CAS_KEY = "cas";
  static final String CHAIN_KEY = "chain";

  private AtomicOpsWorkload() {}

  /** Arguments: process name, threads, rounds, start file (waited for, so that both processes overlap). */
  public static void main(String[] args) throws Exception {
    String process = args[0];
    int threads = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    Path startFile = Path.of(args[3]);
    try (CacheManager manager = open(Path.of(System.getProperty("cachet.root")))) {
      Cache<String, Object> cache = cacheOf(manager);
      Outcome outcome = new Outcome();
      EventCounts events = EventCounts.registerOn(cache);
      System.out.println("ready");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(startFile)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("start file " + startFile + " never appeared");
        }
        Thread.sleep(5);
      }
      run(cache, process, threads, rounds, outcome);
      outcome.print(System.out);
      System.out.println("events " + events.created.get() + " " + events.updated.get() + " "
          + events.removed.get());
    }
  }

  /** A Cachet manager on the root, through javax.cache only. */
  static CacheManager open(Path root) {
    URI uri = root.toUri();
    return Caching.getCachingProvider("io.cachet.CachetCachingProvider")
        .getCacheManager(uri, AtomicOpsWorkload.class.getClassLoader(), new Properties());
  }

  /** The shared cache: created by whichever process comes first, attached by the other. */
  static Cache<String, Object> cacheOf(CacheManager manager) {
    Cache<String, Object> cache = manager.getCache(CACHE);
    if (cache != null) {
      return cache;
    }
    try {
      return manager.createCache(CACHE, new MutableConfiguration<String, Object>());
    } catch (javax.cache.CacheException createdMeanwhile) {
      return manager.getCache(CACHE);
    }
  }

  /** Runs the workload on {@code threads} threads and waits for them; any exception fails the run. */
  static void run(Cache<String, Object> cache, String process, int threads, int rounds, Outcome outcome)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String thread = process + "-" + t;
        tasks.add(pool.submit(() -> {
          for (int round = 0; round < rounds; round++) {
            oneRound(cache, thread, round, outcome);
          }
          return null;
        }));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void oneRound(Cache<String, Object> cache, String thread, int round, Outcome outcome) {
    String counter = "counter-" + (round % COUNTERS);
    cache.invoke(counter, new Increment());
    outcome.increments.incrementAndGet();

    while (true) {
      Object current = cache.get(CAS_KEY);
      if (current == null ? cache.putIfAbsent(CAS_KEY, 1) : cache.replace(CAS_KEY, current, (Integer) current + 1)) {
        outcome.casIncrements.incrementAndGet();
        break;
      }
      outcome.casRetries.incrementAndGet();
    }

    String token = thread + ":" + round;
    Object previous = cache.getAndPut(CHAIN_KEY, token);
    outcome.chain.add(previous + " " + token);

    String ticket = "ticket-" + round;
    if (cache.putIfAbsent(ticket, thread)) {
      outcome.ticketPuts.add(ticket);
    }
    Object holder = cache.get(ticket);
    if (holder != null && cache.remove(ticket, holder)) {
      outcome.ticketRemoves.add(ticket);
    }
  }

  /** Adds one to an integer entry, creating it at 1. */
  static final class Increment implements EntryProcessor<String, Object, Integer>, Serializable {
    @Override
    public Integer process(MutableEntry<String, Object> entry, Object... arguments) {
      int next = entry.exists() ? (Integer) entry.getValue() + 1 : 1;
      entry.setValue(next);
      return next;
    }
  }

  /** What one process's calls returned. */
  static final class Outcome {
    final AtomicLong increments = new AtomicLong();
    final AtomicLong casIncrements = new AtomicLong();
    final AtomicLong casRetries = new AtomicLong();
    final List<String> chain = Collections.synchronizedList(new ArrayList<>());
    final List<String> ticketPuts = Collections.synchronizedList(new ArrayList<>());
    final List<String> ticketRemoves = Collections.synchronizedList(new ArrayList<>());

    void print(java.io.PrintStream out) {
      out.println("increments " + increments.get());
      out.println("cas " + casIncrements.get() + " " + casRetries.get());
      chain.forEach(link -> out.println("chain " + link));
      ticketPuts.forEach(ticket -> out.println("ticketPut " + ticket));
      ticketRemoves.forEach(ticket -> out.println("ticketRemove " + ticket));
    }

    /** Adds what a child printed with {@link #print}. */
    void add(List<String> lines) {
      for (String line : lines) {
        String[] words = line.split(" ");
        switch (words[0]) {
          case "increments" -> increments.addAndGet(Long.parseLong(words[1]));
          case "cas" -> {
            casIncrements.addAndGet(Long.parseLong(words[1]));
            casRetries.addAndGet(Long.parseLong(words[2]));
          }
          case "chain" -> chain.add(words[1] + " " + words[2]);
          case "ticketPut" -> ticketPuts.add(words[1]);
          case "ticketRemove" -> ticketRemoves.add(words[1]);
          default -> { }
        }
      }
    }
  }

  /** Counts the events a listener registered in this process receives. */
  static final class EventCounts implements CacheEntryCreatedListener<String, Object>,
      CacheEntryUpdatedListener<String, Object>, CacheEntryRemovedListener<String, Object> {
    final AtomicLong created = new AtomicLong();
    final AtomicLong updated = new AtomicLong();
    final AtomicLong removed = new AtomicLong();

    static EventCounts registerOn(Cache<String, Object> cache) {
      EventCounts counts = new EventCounts();
      Factory<CacheEntryListener<String, Object>> factory = () -> counts;
      cache.registerCacheEntryListener(
          new MutableCacheEntryListenerConfiguration<String, Object>(factory, null, false, true));
      return counts;
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Object>> events) {
      events.forEach(event -> created.incrementAndGet());
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Object>> events) {
      events.forEach(event -> updated.incrementAndGet());
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends Object>> events) {
      events.forEach(event -> removed.incrementAndGet());
    }
  }
}
