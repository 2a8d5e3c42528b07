package io.cachet.reliability.evolution;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import javax.cache.spi.CachingProvider;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * The program {@link ClassEvolutionTest} forks, once per version of the {@code evolving} classes (compiled
 * by the test and added to this JVM's class path). It reaches Cachet only through {@code javax.cache} and
 * JMX, and prints one line per observation for the test to assert on:
 * <ul>
 *   <li>{@code write}: puts every entry of {@code evolving.Seed.entries()}, prints {@code PUT n};
 *   <li>{@code read}: looks up every key of {@code evolving.Lookups.keys()} (label to this version's key
 *       object) by get, containsKey, getAll, iteration and invoke, printing {@code GET label = value},
 *       {@code CONTAINS label = bool}, {@code GETALL label = value}, {@code ITER label = value},
 *       {@code INVOKE label = exists value}, and after each phase {@code PHASE name events=e misses=m hits=h}
 *       from the integrity and statistics MBeans;
 *   <li>{@code mutate}: writes over four entries whose class every upgrade changes, with this version's
 *       {@code profile-key} object as the new value, and prints what each write returned ({@code GETANDPUT
 *       profile:ann}, {@code PUTIFABSENT profile:bob}, {@code REPLACE profiles}, {@code GETANDREMOVE legacy}),
 *       then reads the four back ({@code REREAD label = value}).
 * </ul>
 * The arguments are the steps to run, in order ({@code read mutate}). A value prints as
 * {@code class:toString}, or {@code null}. Any exception prints a {@code THREW} line and
 * makes the exit code {@link #THREW}; the probe carries on, so one failure does not hide others.
 */
public final class EvolutionProbe {
  /** The cache every step uses. */
  public static final String CACHE_NAME = "evolution";
  /** Exit code when any cache operation threw. */
  public static final int THREW = 1;

  private final Cache<Object, Object> cache;
  private final Map<String, Object> keys;
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private boolean threw;
  private long events;
  private long misses;
  private long hits;

  private EvolutionProbe(Cache<Object, Object> cache, Map<String, Object> keys) {
    this.cache = cache;
    this.keys = keys;
  }

  /** Runs the steps {@code write}, {@code read} and {@code mutate} given; see the class comment. */
  public static void main(String[] args) throws Exception {
    boolean threw;
    try (CachingProvider provider = Caching.getCachingProvider();
        CacheManager manager = provider.getCacheManager()) {
      Cache<Object, Object> cache = manager.createCache(CACHE_NAME,
          new MutableConfiguration<>().setStatisticsEnabled(true));
      EvolutionProbe probe = new EvolutionProbe(cache, args[0].equals("write") ? Map.of() : lookups());
      for (String step : args) {
        switch (step) {
          case "write" -> probe.write();
          case "read" -> probe.read();
          case "mutate" -> probe.mutate();
          default -> throw new IllegalArgumentException("unknown step " + step);
        }
      }
      threw = probe.threw;
    }
    System.out.println("DONE");
    System.exit(threw ? THREW : 0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> lookups() throws ReflectiveOperationException {
    return (Map<String, Object>) Class.forName("evolving.Lookups").getMethod("keys").invoke(null);
  }

  @SuppressWarnings("unchecked")
  private void write() throws ReflectiveOperationException {
    Map<Object, Object> entries = (Map<Object, Object>) Class.forName("evolving.Seed").getMethod("entries")
        .invoke(null);
    cache.putAll(entries);
    System.out.println("PUT " + entries.size());
  }

  private void read() throws Exception {
    phase(null);
    keys.forEach((label, key) -> attempt("GET", label, () -> "GET " + label + " = " + describe(cache.get(key))));
    phase("get");
    keys.forEach((label, key) -> attempt("CONTAINS", label,
        () -> "CONTAINS " + label + " = " + cache.containsKey(key)));
    phase("contains");
    attempt("GETALL", "*", () -> {
      Map<Object, Object> found = cache.getAll(new HashSet<>(keys.values()));
      List<String> lines = new ArrayList<>();
      keys.forEach((label, key) -> lines.add("GETALL " + label + " = " + describe(found.get(key))));
      if (found.size() != keys.values().stream().filter(found::containsKey).count()) {
        lines.add("GETALL returned keys that were not asked for: " + found.keySet());
      }
      return String.join("\n", lines);
    });
    phase("getAll");
    attempt("ITER", "*", () -> {
      List<String> lines = new ArrayList<>();
      for (Cache.Entry<Object, Object> entry : cache) {
        lines.add("ITER " + labelOf(entry.getKey()) + " = " + describe(entry.getValue()));
      }
      return lines.isEmpty() ? "ITER none" : String.join("\n", lines);
    });
    phase("iterate");
    EntryProcessor<Object, Object, String> peek = (entry, arguments) ->
        entry.exists() + " " + describe(entry.getValue());
    keys.forEach((label, key) -> attempt("INVOKE", label, () -> "INVOKE " + label + " = " + cache.invoke(key, peek)));
    phase("invoke");
    System.out.println("REASONS " + refusalsByReason());
  }

  private void mutate() {
    Object replacement = keys.get("profile-key");
    attempt("GETANDPUT", "profile:ann",
        () -> "GETANDPUT profile:ann = " + describe(cache.getAndPut("profile:ann", replacement)));
    attempt("PUTIFABSENT", "profile:bob",
        () -> "PUTIFABSENT profile:bob = " + cache.putIfAbsent("profile:bob", replacement));
    attempt("REPLACE", "profiles", () -> "REPLACE profiles = " + cache.replace("profiles", replacement));
    attempt("GETANDREMOVE", "legacy", () -> "GETANDREMOVE legacy = " + describe(cache.getAndRemove("legacy")));
    for (String label : List.of("profile:ann", "profile:bob", "profiles", "legacy")) {
      attempt("REREAD", label, () -> "REREAD " + label + " = " + describe(cache.get(label)));
    }
  }

  /** A label for an iterated key: the label of the equal lookup key, else the key itself. */
  private String labelOf(Object key) {
    for (Map.Entry<String, Object> lookup : keys.entrySet()) {
      if (lookup.getValue().equals(key)) {
        return lookup.getKey();
      }
    }
    return "unlisted " + describe(key);
  }

  /** Prints how many refusals, misses and hits the phase just ended added (nothing before the first). */
  private void phase(String name) throws Exception {
    long nowEvents = ((Number) integrity("RefusedEntries")).longValue();
    long nowMisses = ((Number) statistics("CacheMisses")).longValue();
    long nowHits = ((Number) statistics("CacheHits")).longValue();
    if (name != null) {
      System.out.println("PHASE " + name + " events=" + (nowEvents - events) + " misses=" + (nowMisses - misses)
          + " hits=" + (nowHits - hits));
    }
    events = nowEvents;
    misses = nowMisses;
    hits = nowHits;
  }

  /** The integrity MBean's refusals by reason; an MXBean serves a {@code Map} as tabular data. */
  private Map<String, Long> refusalsByReason() throws Exception {
    Map<String, Long> byReason = new TreeMap<>();
    for (Object row : ((TabularData) integrity("RefusalsByReason")).values()) {
      CompositeData entry = (CompositeData) row;
      byReason.put((String) entry.get("key"), (Long) entry.get("value"));
    }
    return byReason;
  }

  private Object integrity(String attribute) throws Exception {
    return attribute("io.cachet:type=CacheIntegrity,Cache=" + CACHE_NAME + ",*", attribute);
  }

  private Object statistics(String attribute) throws Exception {
    return attribute("javax.cache:type=CacheStatistics,Cache=" + CACHE_NAME + ",*", attribute);
  }

  /** Reads an attribute by name from the one MBean the pattern matches (the manager URI left open). */
  private Object attribute(String pattern, String attribute) throws Exception {
    Set<ObjectName> names = server.queryNames(new ObjectName(pattern), null);
    if (names.size() != 1) {
      throw new IllegalStateException("expected one MBean for " + pattern + ", found " + names);
    }
    return server.getAttribute(names.iterator().next(), attribute);
  }

  /** Runs one observation, printing its line, or a THREW line if the cache threw. */
  private void attempt(String operation, String label, Observation observation) {
    try {
      System.out.println(observation.line());
    } catch (RuntimeException | Error e) {
      threw = true;
      System.out.println("THREW " + operation + " " + label + " " + e);
      e.printStackTrace();
    }
  }

  @FunctionalInterface
  private interface Observation {
    String line();
  }

  static String describe(Object value) {
    return value == null ? "null" : value.getClass().getName() + ":" + value;
  }
}
