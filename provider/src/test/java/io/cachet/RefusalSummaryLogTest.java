package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.testing.parties.Item;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Entries refused on read because their class is no longer allowed are logged as one WARNING for the cache,
 * with their count, the reason and the class name, while each still reaches the integrity listeners.
 */
class RefusalSummaryLogTest {
  private static final int ENTRIES = 7;

  @RegisterExtension final CachetFixture cachet = new CachetFixture();

  @Test
  void entriesRefusedAfterTheAllowListNarrowed_areLoggedAsOneWarning_withCountReasonAndClass() {
    CacheManager before = cachet.manager(options(Item.class.getName()));
    Cache<String, Object> stored = cache(before);
    for (int i = 0; i < ENTRIES; i++) {
      stored.put("k" + i, new Item("sku-" + i));
    }
    before.close();

    List<IntegrityEvent.Reason> events = Collections.synchronizedList(new ArrayList<>());
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    Handler handler = warningsInto(warnings);
    Logger logger = Logger.getLogger("io.cachet.sealed");
    logger.addHandler(handler);
    try {
      CacheManager narrowed = cachet.manager(new Properties());
      Cache<String, Object> cache = cache(narrowed);
      cache.unwrap(SealedCache.class).registerIntegrityListener(event -> events.add(event.reason()));
      for (int i = 0; i < ENTRIES; i++) {
        assertNull(cache.get("k" + i));
      }
      assertEquals(List.of(), warnings, "nothing is logged per entry");
      narrowed.close();
    } finally {
      logger.removeHandler(handler);
    }

    assertEquals(Collections.nCopies(ENTRIES, IntegrityEvent.Reason.CLASS_NOT_ALLOWED), events);
    assertEquals(1, warnings.size(), warnings.toString());
    String summary = warnings.get(0);
    assertTrue(summary.startsWith("Refused " + ENTRIES + " entries of namespace \"orders\" in the last minute"),
        summary);
    assertTrue(summary.contains(ENTRIES + " class not allowed: " + Item.class.getName()), summary);
  }

  private static Cache<String, Object> cache(CacheManager manager) {
    Cache<String, Object> cache = manager.getCache("orders");
    return cache != null ? cache : manager.createCache("orders", new MutableConfiguration<>());
  }

  private static Properties options(String allowedClasses) {
    Properties options = new Properties();
    options.setProperty("allowedClasses", allowedClasses);
    return options;
  }

  private static Handler warningsInto(List<String> warnings) {
    return new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(new SimpleFormatter().formatMessage(record));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }
}
