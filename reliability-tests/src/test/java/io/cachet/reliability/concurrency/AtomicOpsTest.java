package io.cachet.reliability.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The atomic JCache operations are linearizable per key: under 8 threads of one JVM, and under two JVMs
 * sharing one root, each with its own CacheManager. Every outcome checked here is one that a serial order of
 * the calls gives and that a lost update or a torn read-decide-write would break.
 */
class AtomicOpsTest {
  private static final int ROUNDS = 60;

  @TempDir Path root;
  @TempDir Path logs;

  @Test
  void atomicOperations_areLinearizable_underEightThreadsOfOneJvm() throws Exception {
    AtomicOpsWorkload.Outcome outcome = new AtomicOpsWorkload.Outcome();
    try (CacheManager manager = AtomicOpsWorkload.open(root)) {
      Cache<String, Object> cache = AtomicOpsWorkload.cacheOf(manager);
      AtomicOpsWorkload.EventCounts events = AtomicOpsWorkload.EventCounts.registerOn(cache);
      AtomicOpsWorkload.run(cache, "p", 8, ROUNDS, outcome);

      assertSerializable(cache, outcome, 8 * ROUNDS);
      assertEventsAreThisProcesssOwn(events, outcome);
    }
  }

  @Test
  void atomicOperations_areLinearizable_underTwoProcessesSharingOneRoot() throws Exception {
    Path start = logs.resolve("go");
    ChildJvm first = ChildJvm.start("first", root, logs, AtomicOpsWorkload.class,
        "a", "4", Integer.toString(ROUNDS), start.toString());
    ChildJvm second = ChildJvm.start("second", root, logs, AtomicOpsWorkload.class,
        "b", "4", Integer.toString(ROUNDS), start.toString());
    awaitReady(first);
    awaitReady(second);
    Files.createFile(start);
    first.assertExitCode(0);
    second.assertExitCode(0);

    AtomicOpsWorkload.Outcome total = new AtomicOpsWorkload.Outcome();
    for (ChildJvm child : List.of(first, second)) {
      AtomicOpsWorkload.Outcome own = new AtomicOpsWorkload.Outcome();
      own.add(child.stdoutLines());
      assertEquals(4L * ROUNDS, own.increments.get(), child.describe());
      assertEventsMatch(eventsPrinted(child), own, child);
      total.add(child.stdoutLines());
    }
    try (CacheManager manager = AtomicOpsWorkload.open(root)) {
      assertSerializable(AtomicOpsWorkload.cacheOf(manager), total, 8 * ROUNDS);
    }
  }

  private static void awaitReady(ChildJvm child) throws InterruptedException {
    long deadline = System.nanoTime() + ChildJvm.TIMEOUT.toNanos();
    while (!child.stdoutLines().contains("ready")) {
      if (!child.isAlive() || System.nanoTime() > deadline) {
        child.assertExitCode(0);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /** What a serial execution of every thread's calls leaves, given what each call returned. */
  private static void assertSerializable(Cache<String, Object> cache, AtomicOpsWorkload.Outcome outcome,
      int threadRounds) {
    int counted = 0;
    for (int c = 0; c < AtomicOpsWorkload.COUNTERS; c++) {
      counted += (Integer) cache.get("counter-" + c);
    }
    assertEquals(threadRounds, counted, "every invoke increment counted exactly once");
    assertEquals(threadRounds, outcome.casIncrements.get());
    assertEquals(threadRounds, cache.get(AtomicOpsWorkload.CAS_KEY),
        "every putIfAbsent/replace(k, old, new) that returned true added exactly one");

    assertChain(outcome.chain, cache.get(AtomicOpsWorkload.CHAIN_KEY), threadRounds);

    Map<String, Integer> balance = new HashMap<>();
    outcome.ticketPuts.forEach(ticket -> balance.merge(ticket, 1, Integer::sum));
    outcome.ticketRemoves.forEach(ticket -> balance.merge(ticket, -1, Integer::sum));
    balance.forEach((ticket, puts) -> assertEquals(cache.containsKey(ticket) ? 1 : 0, puts,
        ticket + ": successful putIfAbsent calls minus successful remove(k, v) calls"));
  }

  /**
   * getAndPut returned previous values that chain every token written: one call saw no value, every token
   * but the last was seen exactly once, and the last is what the cache holds.
   */
  private static void assertChain(List<String> links, Object last, int tokens) {
    assertEquals(tokens, links.size());
    Set<String> written = new HashSet<>();
    Set<String> seen = new HashSet<>();
    int firsts = 0;
    for (String link : links) {
      String[] parts = link.split(" ");
      written.add(parts[1]);
      if (parts[0].equals("null")) {
        firsts++;
      } else {
        assertTrue(seen.add(parts[0]), "two getAndPut calls returned the same previous value " + parts[0]);
      }
    }
    assertEquals(1, firsts, "exactly one getAndPut found no previous value");
    assertFalse(seen.contains(last), "the value left in the cache was never returned as a previous value");
    assertTrue(written.contains(last));
    seen.add((String) last);
    assertEquals(written, seen);
  }

  private static void assertEventsAreThisProcesssOwn(AtomicOpsWorkload.EventCounts events,
      AtomicOpsWorkload.Outcome outcome) {
    assertEquals(writes(outcome), events.created.get() + events.updated.get());
    assertEquals(outcome.ticketRemoves.size(), events.removed.get());
  }

  private static void assertEventsMatch(long[] printed, AtomicOpsWorkload.Outcome own, ChildJvm child) {
    assertEquals(writes(own), printed[0] + printed[1], "created + updated events of " + child.describe());
    assertEquals(own.ticketRemoves.size(), printed[2], "removed events of " + child.describe());
  }

  /** The creating or updating calls: each fires one created or updated event in its own process only. */
  private static long writes(AtomicOpsWorkload.Outcome outcome) {
    return outcome.increments.get() + outcome.casIncrements.get() + outcome.chain.size()
        + outcome.ticketPuts.size();
  }

  private static long[] eventsPrinted(ChildJvm child) {
    for (String line : child.stdoutLines()) {
      if (line.startsWith("events ")) {
        String[] words = line.split(" ");
        return new long[] {Long.parseLong(words[1]), Long.parseLong(words[2]), Long.parseLong(words[3])};
      }
    }
    throw new AssertionError("no events line\n" + child.describe());
  }
}
