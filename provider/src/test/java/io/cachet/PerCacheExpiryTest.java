package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code cache.<name>.expiry} gives a cache one of JCache's standard expiry policies when its configuration
 * keeps the default (eternal); a policy set in code wins. The cache reports the policy it got and behaves
 * exactly as that policy says.
 */
class PerCacheExpiryTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private final OptionsFiles files = new OptionsFiles(cachet);

  private static ExpiryPolicy reportedPolicy(Cache<?, ?> cache) {
    @SuppressWarnings("unchecked")
    CompleteConfiguration<Object, Object> configuration = cache.getConfiguration(CompleteConfiguration.class);
    return configuration.getExpiryPolicyFactory().create();
  }

  private void advanceSeconds(long seconds) {
    cachet.clock().advance(java.time.Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @CsvSource({
      "created:PT10M, javax.cache.expiry.CreatedExpiryPolicy, 600000",
      "accessed:PT30S, javax.cache.expiry.AccessedExpiryPolicy, 30000",
      "modified:PT1H, javax.cache.expiry.ModifiedExpiryPolicy, 3600000",
      "touched:PT5M, javax.cache.expiry.TouchedExpiryPolicy, 300000",
      "CREATED : PT0.25S , javax.cache.expiry.CreatedExpiryPolicy, 250",
      "touched:P1D, javax.cache.expiry.TouchedExpiryPolicy, 86400000"})
  void eachKind_isThatStandardPolicy_withTheDuration(String expiry, String policyClass, long millis) {
    CacheManager manager = files.manager("cache.books.expiry=" + expiry);

    ExpiryPolicy policy = reportedPolicy(manager.createCache("books", new MutableConfiguration<>()));

    assertEquals(policyClass, policy.getClass().getName());
    assertEquals(new Duration(TimeUnit.MILLISECONDS, millis), policy.getExpiryForCreation());
  }

  @Test
  void theStandardPolicies_areTheFactoriesJCacheMakesThem() {
    Duration minute = new Duration(TimeUnit.MILLISECONDS, 60_000);
    CacheManager manager = files.manager("cache.c.expiry=created:PT1M", "cache.a.expiry=accessed:PT1M",
        "cache.m.expiry=modified:PT1M", "cache.t.expiry=touched:PT1M");

    assertEquals(CreatedExpiryPolicy.factoryOf(minute), configured(manager.getCache("c")));
    assertEquals(AccessedExpiryPolicy.factoryOf(minute), configured(manager.getCache("a")));
    assertEquals(ModifiedExpiryPolicy.factoryOf(minute), configured(manager.getCache("m")));
    assertEquals(TouchedExpiryPolicy.factoryOf(minute), configured(manager.getCache("t")));
  }

  private static Factory<ExpiryPolicy> configured(Cache<?, ?> cache) {
    @SuppressWarnings("unchecked")
    CompleteConfiguration<Object, Object> configuration = cache.getConfiguration(CompleteConfiguration.class);
    return configuration.getExpiryPolicyFactory();
  }

  @Test
  void aCreatedExpiry_expiresEntriesThatLongAfterTheirCreation_withExpiredEvents() {
    CacheManager manager = files.manager("cache.sessions.expiry=created:PT10S");
    Cache<String, String> sessions = manager.createCache("sessions", new MutableConfiguration<String, String>());
    List<String> expired = new CopyOnWriteArrayList<>();
    sessions.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        () -> new ExpiredKeys(expired), null, false, true));
    sessions.put("a", "1");

    advanceSeconds(9);
    assertEquals("1", sessions.get("a"), "still alive after 9 s");
    advanceSeconds(2);
    assertNull(sessions.get("a"), "expired after 11 s");
    assertEquals(List.of("a"), expired);
  }

  @Test
  void anAccessedExpiry_restartsWithEveryRead() {
    CacheManager manager = files.manager("cache.sessions.expiry=accessed:PT10S");
    Cache<String, String> sessions = manager.createCache("sessions", new MutableConfiguration<String, String>());
    sessions.put("a", "1");

    advanceSeconds(8);
    assertEquals("1", sessions.get("a"));
    advanceSeconds(8);
    assertEquals("1", sessions.get("a"), "the read 8 s ago restarted its 10 s");
    advanceSeconds(11);
    assertNull(sessions.get("a"));
  }

  @Test
  void theStarExpiry_appliesToEveryCache_andANamedCacheCanBeEternal() {
    CacheManager manager = files.manager("cache.*.expiry=created:PT10S",
        "cache.default-update-timestamps-region.expiry=eternal");
    Cache<String, String> any = manager.createCache("any", new MutableConfiguration<String, String>());
    Cache<String, String> timestamps = manager.createCache("default-update-timestamps-region",
        new MutableConfiguration<String, String>());
    any.put("a", "1");
    timestamps.put("a", "1");

    advanceSeconds(3600);

    assertNull(any.get("a"));
    assertEquals("1", timestamps.get("a"));
    assertInstanceOf(EternalExpiryPolicy.class, reportedPolicy(timestamps));
  }

  @Test
  void anExpiryPolicySetInCode_wins() {
    CacheManager manager = files.manager("cache.books.expiry=created:PT10S");
    Factory<ExpiryPolicy> hour = AccessedExpiryPolicy.factoryOf(Duration.ONE_HOUR);

    Cache<String, String> books = manager.createCache("books",
        new MutableConfiguration<String, String>().setExpiryPolicyFactory(hour));
    books.put("a", "1");
    advanceSeconds(60);

    assertSame(hour, configured(books));
    assertEquals("1", books.get("a"));
  }

  @Test
  void withoutAnExpiryKey_aCacheKeepsItsConfigurationsPolicy() {
    CacheManager manager = files.manager("cache.books.maxEntries=10");

    Cache<String, String> books = manager.createCache("books", new MutableConfiguration<String, String>());

    assertEquals(EternalExpiryPolicy.factoryOf(), configured(books));
  }

  /** Records the keys of expired events. */
  private static final class ExpiredKeys implements CacheEntryExpiredListener<String, String> {
    private final List<String> keys;

    ExpiredKeys(List<String> keys) {
      this.keys = keys;
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        keys.add(event.getKey());
      }
    }
  }
}
