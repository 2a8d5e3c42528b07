package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cachet.sealed.Faults.Fault;
import io.cachet.sealed.Faults.Mode;
import io.cachet.sealed.Faults.Target;
import io.cachet.serial.ClassFilter;
import io.cachet.serial.KryoValueCodec;
import io.cachet.serial.ValueCodec;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every injected fault, once and until cleared, under every JCache operation of a real cache on a real root:
 * a write a fault strikes before its store call throws a {@link CacheException} saying what failed and
 * changes nothing; a write a fault strikes after its store call did its work (after the commit, after the
 * blob's rename) throws the same, and before any retry each key it wrote reads back whole as its old or its
 * new value (all old or all new for a batch) and every blob a row names is there; a read a fault strikes is
 * a miss, never an exception or a wrong value; listeners and statistics count a successful operation's
 * changes exactly once, a failed one's at most once; the operation after the fault clears succeeds; and
 * reopened afterwards, the root holds every entry of the model with its value, an intact database, and after
 * the orphan sweep exactly the blob files its rows name.
 */
class FaultMatrixTest {
  private static final String CACHE = "faults";
  private static final int BLOB_SIZE = SealedStoreSettings.DEFAULT_INLINE_THRESHOLD + 64 * 1024;
  private static final List<String> KEYS = List.of("a", "b", "c", "d");
  private static final AtomicInteger CASES = new AtomicInteger();
  /** Failed writes whose store call had done its work: how many then read back new (any key), and how many old. */
  private static final AtomicInteger AMBIGUOUS_NEW = new AtomicInteger();
  private static final AtomicInteger AMBIGUOUS_OLD = new AtomicInteger();
  @RegisterExtension
  static final FaultTally TALLY = new FaultTally("FaultMatrixTest", () -> " cases=" + CASES
      + " failed-after-the-call: stored=" + AMBIGUOUS_NEW + " not-stored=" + AMBIGUOUS_OLD);
  // Held so the level sticks: each case logs the failures it provokes, which would drown the report.

  private final ValueCodec codec = new KryoValueCodec(getClass().getClassLoader(), ClassFilter.withDefaults(List.of()));

  @TempDir Path root;

  /** The JCache operations under test; a, c are inline entries, b, d blob entries. */
  enum Op {
    PUT_INLINE(true), PUT_BLOB(true), PUT_ALL(true), REPLACE(true), REMOVE(true), GET(false), GET_ALL(false),
    ITERATE(false);

    final boolean write;

    Op(boolean write) {
      this.write = write;
    }
  }

  static Stream<Arguments> cases() {
    return Arrays.stream(Fault.values()).flatMap(fault -> Arrays.stream(Mode.values())
        .flatMap(mode -> Arrays.stream(Op.values()).map(op -> Arguments.of(fault, mode, op))));
  }

  /** Whether the fault strikes the operation at all (it lies on the operation's path). */
  static boolean strikes(Fault fault, Op op) {
    return switch (fault.target) {
      case ENTRY_WRITE -> op.write;
      // A blob put asks whether any row still names the blob it superseded, after its commit.
      case ENTRY_READ -> op != Op.PUT_INLINE;
      case BLOB_WRITE -> op == Op.PUT_BLOB || op == Op.PUT_ALL || op == Op.REPLACE;
      // The compound writes read the entry first; puts never read payloads.
      case BLOB_READ -> !op.write || op == Op.REPLACE || op == Op.REMOVE;
      // Whatever replaces or removes a blob entry deletes its blob.
      case BLOB_DELETE -> op == Op.PUT_BLOB || op == Op.PUT_ALL || op == Op.REPLACE || op == Op.REMOVE;
    };
  }

  /** Whether the fault makes the (write) operation fail: a step before its commit, or a read it decides on. */
  static boolean fails(Fault fault, Op op) {
    if (!strikes(fault, op)) {
      return false;
    }
    return switch (fault.target) {
      case ENTRY_WRITE, BLOB_WRITE -> true;
      case ENTRY_READ -> op == Op.REPLACE || op == Op.REMOVE || op == Op.ITERATE;
      case BLOB_READ -> fault != Fault.BLOB_VANISHES_BEFORE_READ && (op == Op.REPLACE || op == Op.REMOVE);
      case BLOB_DELETE -> false;
    };
  }

  /** The keys a read struck by the fault (forever) answers as misses. */
  static Set<String> misses(Fault fault, Op op) {
    if (op.write || !strikes(fault, op) || fails(fault, op)) {
      return Set.of();
    }
    if (op == Op.GET) {
      return Set.of("b");
    }
    return fault.target == Target.ENTRY_READ ? Set.copyOf(KEYS) : Set.of("b", "d");
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void faultedOperation_failsClearlyOrMisses_losesNothing_andTheNextSucceeds(Fault fault, Mode mode, Op op)
      throws Exception {
    CASES.incrementAndGet();
    Map<String, Object> model = new LinkedHashMap<>();
    try (FaultyStack stack = FaultyStack.open(root, Options.defaults())) {
      Faults faults = stack.faults;
      Cache<String, Object> cache = stack.cache(CACHE);
      put(cache, model, "a", "a-0");
      put(cache, model, "b", blob(1));
      put(cache, model, "c", "c-0");
      put(cache, model, "d", blob(2));

      // A listener makes puts read the entry they replace, so the faults struck before a call meet a
      // different path with one; those cases keep the path they were written for and count statistics only.
      ChangeCounter changes = ChangeCounter.on(cache, fault.afterCall);
      Map<String, Object> before = new LinkedHashMap<>(model);
      faults.arm(fault, mode);
      Map<String, String> blobIds = blobIdsByKey(model.keySet());
      Outcome first = Outcome.of(() -> run(cache, op, 1));
      int injected = faults.injected();
      TALLY.injected.addAndGet(injected);
      assertEquals(strikes(fault, op), injected > 0, "whether the fault struck (" + injected + " injected)");
      if (mode == Mode.ONCE) {
        assertFalse(injected > 0 && faults.armed(), "a once-fault is spent when it strikes");
      }
      faults.clear();
      long counted = changes.events();
      long recorded = changes.statistics();
      Set<String> gone = gone(faults.vanishedBlobs(), blobIds, model);

      if (fails(fault, op)) {
        CacheException failure = first.failure();
        assertEquals(CacheException.class, failure.getClass(), "the caller's exception: " + failure);
        assertTrue(failure.getMessage().contains("cannot") && failure.getMessage().contains(CACHE)
            && failure.getMessage().contains(fault.text()), "says what failed: " + failure.getMessage());
        assertNoRawCause(failure);
        int mostChanges = changes(op, before, null);
        assertTrue(counted <= mostChanges && recorded <= mostChanges,
            "a failed operation counts its changes at most once: " + counted + " events, " + recorded + " statistics");
        if (fault.afterCall) {
          Set<String> missing = new HashSet<>(FaultyStack.referencedBlobs(root));
          missing.removeAll(FaultyStack.blobFileNames(root));
          assertEquals(Set.of(), missing, "blob files the rows name, after a write that failed after its call");
          settle(cache, op, model);
        } else {
          assertEquals(FaultyStack.referencedBlobs(root), FaultyStack.blobFileNames(root),
              "a failed write leaves no blob of its own behind");
        }
      } else {
        Set<String> allowedMisses = new HashSet<>(misses(fault, op));
        allowedMisses.addAll(gone);
        Set<String> missed = first.check(op, model, 1, allowedMisses);
        if (mode == Mode.FOREVER && fault != Fault.BLOB_VANISHES_BEFORE_READ) {
          assertEquals(misses(fault, op), missed, "the keys a read struck by the fault misses");
        }
        int exactly = changes(op, before, first.result());
        assertEquals(exactly, counted, "listener events of a successful " + op);
        assertEquals(exactly, recorded, "puts and removals in the statistics of a successful " + op);
      }

      // The fault cleared above (a once-fault cleared itself when it struck): the same operation now succeeds.
      Outcome.of(() -> run(cache, op, 2)).check(op, model, 2, Set.of());
    }

    assertRootHolds(model);
  }

  /** What an operation returned or threw. */
  private record Outcome(Object result, RuntimeException thrown) {
    static Outcome of(java.util.function.Supplier<Object> operation) {
      try {
        return new Outcome(operation.get(), null);
      } catch (RuntimeException e) {
        return new Outcome(null, e);
      }
    }

    CacheException failure() {
      if (thrown == null) {
        fail("the operation succeeded; expected a CacheException");
      }
      if (!(thrown instanceof CacheException cacheException)) {
        throw new AssertionError("not a CacheException: " + thrown, thrown);
      }
      return cacheException;
    }

    /**
     * Checks a successful outcome against the model, then applies the operation to the model. Returns the
     * keys a read missed, which must be among {@code allowedMisses}.
     */
    @SuppressWarnings("unchecked")
    Set<String> check(Op op, Map<String, Object> model, int attempt, Set<String> allowedMisses) {
      if (thrown != null) {
        throw new AssertionError(op + " attempt " + attempt + " threw", thrown);
      }
      switch (op) {
        case PUT_INLINE -> model.put("a", "a-" + attempt);
        case PUT_BLOB -> model.put("b", blob(10 + attempt));
        case PUT_ALL -> model.putAll(putAllValues(attempt));
        case REPLACE -> {
          assertEquals(model.containsKey("d"), result, "replace's answer");
          model.computeIfPresent("d", (k, v) -> blob(30 + attempt));
        }
        case REMOVE -> {
          assertEquals(model.containsKey("b"), result, "remove's answer");
          model.remove("b");
        }
        case GET -> {
          return checkRead(Map.of("b", model.get("b") == null ? MISSING : model.get("b")),
              result == null ? Map.of() : Map.of("b", result), model, allowedMisses);
        }
        case GET_ALL, ITERATE -> {
          return checkRead(model, (Map<String, Object>) result, model, allowedMisses);
        }
        default -> throw new IllegalStateException();
      }
      return Set.of();
    }

    private static Set<String> checkRead(Map<String, Object> expected, Map<String, Object> found,
        Map<String, Object> model, Set<String> allowedMisses) {
      Set<String> missed = new HashSet<>();
      for (Map.Entry<String, Object> entry : expected.entrySet()) {
        Object value = found.get(entry.getKey());
        if (value == null) {
          if (model.containsKey(entry.getKey())) {
            missed.add(entry.getKey());
          }
        } else {
          assertTrue(Objects.deepEquals(entry.getValue(), value), "the value of " + entry.getKey());
        }
      }
      assertTrue(found.keySet().stream().allMatch(model::containsKey), "no key beyond the model: " + found.keySet());
      assertTrue(allowedMisses.containsAll(missed), "missed " + missed + ", allowed " + allowedMisses);
      return missed;
    }
  }

  private static final Object MISSING = new Object();

  /**
   * The changes (puts and removals) an operation makes, seen by listeners and statistics: those it reported
   * by its answer, or, with no answer, those it could have made on the entries as they were.
   */
  private static int changes(Op op, Map<String, Object> before, Object answer) {
    return switch (op) {
      case PUT_INLINE, PUT_BLOB -> 1;
      case PUT_ALL -> putAllValues(1).size();
      case REPLACE -> answer == null ? (before.containsKey("d") ? 1 : 0) : Boolean.TRUE.equals(answer) ? 1 : 0;
      case REMOVE -> answer == null ? (before.containsKey("b") ? 1 : 0) : Boolean.TRUE.equals(answer) ? 1 : 0;
      case GET, GET_ALL, ITERATE -> 0;
    };
  }

  /** What the first attempt of a write stores under each key it writes; null for a removal. */
  private static Map<String, Object> written(Op op, Map<String, Object> model) {
    Map<String, Object> values = new HashMap<>();
    switch (op) {
      case PUT_INLINE -> values.put("a", "a-1");
      case PUT_BLOB -> values.put("b", blob(11));
      case PUT_ALL -> values.putAll(putAllValues(1));
      case REPLACE -> {
        if (model.containsKey("d")) {
          values.put("d", blob(31));
        }
      }
      case REMOVE -> values.put("b", null);
      default -> throw new IllegalStateException(op + " writes nothing");
    }
    return values;
  }

  /**
   * After a write that failed once its store call had done its work, before any retry: each key it wrote
   * reads back whole as its old or its new value, and the model takes whichever it is. (A putAll with
   * listeners writes key by key, so it may have stored the keys before the failing one: JCache allows that.)
   */
  private static void settle(Cache<String, Object> cache, Op op, Map<String, Object> model) {
    Map<String, Object> written = written(op, model);
    Set<Boolean> stored = new HashSet<>();
    for (Map.Entry<String, Object> write : written.entrySet()) {
      String key = write.getKey();
      Object found = cache.get(key);
      boolean isNew = Objects.deepEquals(write.getValue(), found);
      boolean isOld = Objects.deepEquals(model.get(key), found);
      if (!isNew && !isOld) {
        if (found == null) {
          TALLY.lost.incrementAndGet();
        } else {
          TALLY.corrupt.incrementAndGet();
        }
        fail(key + " after " + op + " failed after its call: neither its old nor its new value but " + found);
      }
      if (isNew != isOld) {
        stored.add(isNew);
      }
      if (found == null) {
        model.remove(key);
      } else {
        model.put(key, found);
      }
    }
    (stored.contains(Boolean.TRUE) ? AMBIGUOUS_NEW : AMBIGUOUS_OLD).incrementAndGet();
  }

  /** Counts the changes a cache reports to a synchronous listener and to its statistics. */
  private static final class ChangeCounter implements CacheEntryCreatedListener<String, Object>,
      CacheEntryUpdatedListener<String, Object>, CacheEntryRemovedListener<String, Object> {
    private final AtomicInteger events = new AtomicInteger();
    private boolean listening;
    private ObjectName statisticsBean;
    private long statisticsAtStart;

    /** Counts statistics, and listener events if {@code listening} (else {@link #events} counts as statistics). */
    static ChangeCounter on(Cache<String, Object> cache, boolean listening) throws Exception {
      ChangeCounter counter = new ChangeCounter();
      counter.listening = listening;
      if (listening) {
        Factory<ChangeCounter> factory = () -> counter;
        cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(factory, null, false, true));
      }
      cache.getCacheManager().enableStatistics(cache.getName(), true);
      Set<ObjectName> beans = ManagementFactory.getPlatformMBeanServer().queryNames(
          new ObjectName("javax.cache:type=CacheStatistics,Cache=" + cache.getName() + ",*"), null);
      assertEquals(1, beans.size(), "statistics beans of the cache: " + beans);
      counter.statisticsBean = beans.iterator().next();
      counter.statisticsAtStart = counter.statisticsNow();
      return counter;
    }

    long events() throws Exception {
      return listening ? events.get() : statistics();
    }

    /** Puts and removals recorded since the counter started. */
    long statistics() throws Exception {
      return statisticsNow() - statisticsAtStart;
    }

    private long statisticsNow() throws Exception {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      return (Long) server.getAttribute(statisticsBean, "CachePuts")
          + (Long) server.getAttribute(statisticsBean, "CacheRemovals");
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Object>> batch) {
      batch.forEach(event -> events.incrementAndGet());
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Object>> batch) {
      batch.forEach(event -> events.incrementAndGet());
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends Object>> batch) {
      batch.forEach(event -> events.incrementAndGet());
    }
  }

  private static Object run(Cache<String, Object> cache, Op op, int attempt) {
    return switch (op) {
      case PUT_INLINE -> {
        cache.put("a", "a-" + attempt);
        yield null;
      }
      case PUT_BLOB -> {
        cache.put("b", blob(10 + attempt));
        yield null;
      }
      case PUT_ALL -> {
        cache.putAll(putAllValues(attempt));
        yield null;
      }
      case REPLACE -> cache.replace("d", blob(30 + attempt));
      case REMOVE -> cache.remove("b");
      case GET -> cache.get("b");
      case GET_ALL -> cache.getAll(Set.copyOf(KEYS));
      case ITERATE -> {
        Map<String, Object> found = new HashMap<>();
        for (Cache.Entry<String, Object> entry : cache) {
          found.put(entry.getKey(), entry.getValue());
        }
        yield found;
      }
    };
  }

  private static Map<String, Object> putAllValues(int attempt) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("a", "a-all-" + attempt);
    values.put("b", blob(20 + attempt));
    values.put("e", "e-" + attempt);
    return values;
  }

  private static void put(Cache<String, Object> cache, Map<String, Object> model, String key, Object value) {
    cache.put(key, value);
    model.put(key, value);
  }

  static byte[] blob(int seed) {
    byte[] bytes = new byte[BLOB_SIZE];
    Arrays.fill(bytes, (byte) seed);
    bytes[0] = (byte) (seed >> 8);
    return bytes;
  }

  /** Keys whose blob a vanishing fault deleted: their entries are gone, refused as a missing blob. */
  private static Set<String> gone(Set<String> vanished, Map<String, String> blobIds, Map<String, Object> model) {
    Set<String> gone = new HashSet<>();
    for (Map.Entry<String, String> entry : blobIds.entrySet()) {
      if (vanished.contains(entry.getValue())) {
        gone.add(entry.getKey());
        model.remove(entry.getKey());
      }
    }
    return gone;
  }

  private static void assertNoRawCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      assertFalse(cause instanceof NullPointerException || cause instanceof UncheckedIOException,
          "a raw " + cause.getClass().getName() + " in the chain of " + failure);
    }
  }

  private Map<String, String> blobIdsByKey(Set<String> keys) throws Exception {
    Map<String, String> ids = new HashMap<>();
    try (Connection db = StoreFixture.jdbc(root);
        PreparedStatement select = db.prepareStatement(
            "SELECT blob_id FROM entries WHERE namespace = ? AND cache_key = ? AND blob_id IS NOT NULL")) {
      for (String key : keys) {
        select.setString(1, CACHE);
        select.setString(2, Digests.keyHash(codec.encode(key)));
        try (ResultSet rs = select.executeQuery()) {
          if (rs.next()) {
            ids.put(key, rs.getString(1));
          }
        }
      }
    }
    return ids;
  }

  /**
   * Reopens the root past the orphan sweep's grace, without faults, and checks it holds exactly the model:
   * every value, nothing else, an intact database, and exactly the blob files its rows name.
   */
  private void assertRootHolds(Map<String, Object> model) throws Exception {
    FaultyStack.ageBlobFiles(root);
    try (FaultyStack stack = FaultyStack.open(root, Options.defaults())) {
      Cache<String, Object> cache = stack.cache(CACHE);
      for (Map.Entry<String, Object> entry : model.entrySet()) {
        Object value = TALLY.read(cache, entry.getKey(), entry.getValue());
        assertNotNull(value, "lost: " + entry.getKey());
        assertTrue(Objects.deepEquals(entry.getValue(), value), "wrong value: " + entry.getKey());
      }
      assertEquals(model.size(), StoreFixture.rowCount(root, CACHE), "rows in the database");
    }
    String integrity = FaultyStack.integrityCheck(root);
    if (!"ok".equals(integrity)) {
      TALLY.corrupt.incrementAndGet();
    }
    assertEquals("ok", integrity);
    assertEquals(FaultyStack.referencedBlobs(root), FaultyStack.blobFileNames(root),
        "blob files after the sweep: exactly those the rows name");
  }
}
