package io.cachet.examples.spring;

import io.micrometer.core.instrument.MeterRegistry;

/** The cache meters of one cache as Micrometer reports them: {@code cache.gets}, {@code cache.puts}, ... */
record CacheMeters(long hits, long misses, long puts, long removals) {

  static CacheMeters read(MeterRegistry registry, String cache) {
    return new CacheMeters(
        count(registry, "cache.gets", cache, "hit"),
        count(registry, "cache.gets", cache, "miss"),
        count(registry, "cache.puts", cache, null),
        count(registry, "cache.removals", cache, null));
  }

  CacheMeters minus(CacheMeters earlier) {
    return new CacheMeters(hits - earlier.hits, misses - earlier.misses, puts - earlier.puts,
        removals - earlier.removals);
  }

  private static long count(MeterRegistry registry, String meter, String cache, String result) {
    var search = registry.get(meter).tag("cache", cache);
    if (result != null) {
      search = search.tag("result", result);
    }
    // Gets and puts are function counters, removals a gauge (Micrometer's JCacheMetrics): read either.
    return (long) search.meter().measure().iterator().next().getValue();
  }
}
