package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cachet.sealed.StoreFixture;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.expiry.AccessedExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A manager's caches read one clock, the provider's: expiry, creation and access times all come from it. */
class InjectedClockTest {
  private static final Duration A_DAY = Duration.ofDays(1);

  @RegisterExtension final CachetFixture cachet = new CachetFixture();

  private Cache<String, String> cache() {
    return cachet.manager().createCache("timed", new CachetConfiguration<String, String>()
        .setTypes(String.class, String.class).setMaxEntries(10)
        .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(TimeUnit.HOURS, 1))));
  }

  private long column(String name) throws SQLException {
    return ((Number) StoreFixture.query(cachet.root(), "SELECT " + name + " FROM entries")).longValue();
  }

  @Test
  void put_stampsCreationAndExpiry_fromTheProvidersClock() throws Exception {
    Cache<String, String> cache = cache();
    cachet.clock().advance(A_DAY);
    long now = cachet.clock().millis();

    cache.put("k", "v");

    assertEquals(now, column("created_at"));
    assertEquals(now + Duration.ofHours(1).toMillis(), column("expires_at"));
  }

  @Test
  void get_stampsAccessAndExtendsExpiry_fromTheProvidersClock_andMissesOnceItPassesTheExpiry() throws Exception {
    Cache<String, String> cache = cache();
    cache.put("k", "v");
    cachet.clock().advance(Duration.ofMinutes(59));
    long read = cachet.clock().millis();

    assertEquals("v", cache.get("k"));

    assertEquals(read, column("accessed_at"));
    assertEquals(read + Duration.ofHours(1).toMillis(), column("expires_at"));
    cachet.clock().advance(Duration.ofHours(1));
    assertNull(cache.get("k"));
  }
}
