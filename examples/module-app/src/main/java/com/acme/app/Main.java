package com.acme.app;

import com.acme.app.values.Account;
import com.acme.app.values.GreetingLoader;
import com.acme.app.values.Note;
import com.acme.app.values.Person;
import com.acme.app.values.Tier;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * Stores a record, a plain class, an enum and a list of records in a persistent cache ({@code write}), and
 * reads them back in a new JVM ({@code read}); exits with status 1 if anything differs or fails.
 *
 * <p>Usage: {@code Main write|read <root directory>}
 */
public final class Main {
  private static final String VALUES = "values";
  private static final String GREETINGS = "greetings";
  private static final Person ADA = new Person("Ada", 1815, Tier.GOLD);
  private static final Person ALAN = new Person("Alan", 1912, Tier.FREE);
  private static final Map<String, Object> STORED = Map.of(
      "person", ADA,
      "account", new Account("Ada", 12_345, List.of(ADA, ALAN)),
      "tier", Tier.GOLD,
      "people", List.of(ADA, ALAN));

  private final List<String> failures = new ArrayList<>();

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !(args[0].equals("write") || args[0].equals("read"))) {
      System.err.println("Usage: Main write|read <root directory>");
      System.exit(2);
    }
    Module module = Main.class.getModule();
    System.out.println("[" + args[0] + "] " + (module.isNamed() ? "module path, module " + module.getName()
        : "class path") + ", Java " + Runtime.version() + ", root " + args[1]);
    Main app = new Main();
    try {
      app.run(args[0].equals("write"), Path.of(args[1]).toAbsolutePath().toUri());
    } catch (RuntimeException | ReflectiveOperationException e) {
      e.printStackTrace();
      app.failures.add("unexpected " + e);
    }
    if (!app.failures.isEmpty()) {
      System.out.println("FAILED: " + app.failures);
      System.exit(1);
    }
    System.out.println("[" + args[0] + "] all checks passed");
  }

  private void run(boolean write, URI root) throws ReflectiveOperationException {
    Properties options = new Properties();
    options.setProperty("allowedClasses", "com.acme.app.values.*");
    CachingProvider provider = Caching.getCachingProvider();
    check("provider found through its service: " + provider.getClass().getName(),
        provider.getClass().getName().equals("io.cachet.CachetCachingProvider"));
    try (CacheManager manager = provider.getCacheManager(root, Main.class.getClassLoader(), options)) {
      if (write) {
        write(manager);
      } else {
        read(manager);
      }
    }
  }

  private void write(CacheManager manager) throws ReflectiveOperationException {
    // What an earlier build left in this root goes, so the read run sees only this run's writes.
    manager.destroyCache(VALUES);
    manager.destroyCache(GREETINGS);
    Cache<String, Object> values = manager.createCache(VALUES, valuesConfiguration());
    STORED.forEach((key, value) -> {
      values.put(key, value);
      check("put and get " + key + " = " + value, value.equals(values.get(key)));
    });
    PlatformBeans beans = new PlatformBeans();
    Object hits = beans.attribute("javax.cache:type=CacheStatistics,Cache=" + VALUES + ",*", "CacheHits");
    check("JMX statistics bean counts " + hits + " hits", Long.valueOf(STORED.size()).equals(hits));
    Object statisticsEnabled = beans.attribute("javax.cache:type=CacheConfiguration,Cache=" + VALUES + ",*",
        "StatisticsEnabled");
    check("JMX configuration bean says statistics are enabled", Boolean.TRUE.equals(statisticsEnabled));
    Object refused = beans.attribute("io.cachet:type=CacheIntegrity,Cache=" + VALUES + ",*", "RefusedEntries");
    check("JMX integrity bean counts " + refused + " refused entries", Long.valueOf(0).equals(refused));

    Cache<String, String> greetings = manager.createCache(GREETINGS, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setReadThrough(true)
        // A factory that creates the loader itself: FactoryBuilder.factoryOf(GreetingLoader.class) would have the
        // JCache API module create it by reflection, which a package not exported to cache.api refuses.
        .setCacheLoaderFactory(GreetingLoader::new));
    check("read-through loader greets Grace", "Hello, Grace".equals(greetings.get("Grace")));

    Note note = new Note("not Serializable");
    try {
      values.put("note", note);
      check("a record that is not Serializable is refused", false);
    } catch (CacheException refusedNote) {
      System.out.println("refused " + note + ": " + refusedNote.getMessage());
      check("the refusal of " + note + " says it is not Serializable",
          Objects.toString(refusedNote.getMessage()).contains("does not implement java.io.Serializable"));
    }
    check("nothing was stored for the refused record", !values.containsKey("note"));
  }

  private void read(CacheManager manager) {
    // A new JVM's manager knows no caches yet: creating one by its name again finds what is stored under it.
    Cache<String, Object> values = manager.createCache(VALUES, valuesConfiguration());
    STORED.forEach((key, value) -> check("read back " + key + " = " + value + " from the previous JVM",
        value.equals(values.get(key))));
  }

  private static MutableConfiguration<String, Object> valuesConfiguration() {
    return new MutableConfiguration<String, Object>().setTypes(String.class, Object.class)
        .setStatisticsEnabled(true).setManagementEnabled(true);
  }

  private void check(String what, boolean passed) {
    System.out.println((passed ? "  ok    " : "  FAIL  ") + what);
    if (!passed) {
      failures.add(what);
    }
  }
}
