package io.cachet.examples.multihost;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;

/**
 * One host of the demo, in its own JVM: {@code listen} opens the cache, registers a listener and, told to, reads
 * what the other host wrote; {@code write} writes. Only {@code javax.cache} is used; the options (read from
 * standard input, one {@code key=value} per line up to an empty line) say where the shared store is, and the
 * argument where this host's root (its key file) is.
 */
public final class DemoHost {
  static final String CACHE = "greetings";
  static final int LARGE_BYTES = 256 * 1024;

  private DemoHost() {}

  /**
   * @param args {@code listen <root>} or {@code write <root>}
   */
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Properties options = new Properties();
    StringBuilder text = new StringBuilder();
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      text.append(line).append('\n');
    }
    options.load(new StringReader(text.toString()));
    options.setProperty("root", Path.of(args[1]).toAbsolutePath().toString());
    try (CacheManager manager = Caching.getCachingProvider()
        .getCacheManager(Path.of(args[1]).toUri(), DemoHost.class.getClassLoader(), options)) {
      Cache<String, String> cache = manager.createCache(CACHE,
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      if (args[0].equals("write")) {
        write(cache);
      } else {
        listen(cache, in);
      }
    }
  }

  private static void write(Cache<String, String> cache) {
    cache.put("en", "Hello from host B");
    cache.put("large", "x".repeat(LARGE_BYTES));
    System.out.println("host B: wrote en and a " + LARGE_BYTES / 1024 + " KiB value");
  }

  private static void listen(Cache<String, String> cache, BufferedReader in) throws Exception {
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new Created()), null, true, false));
    System.out.println("host A: ready");
    in.readLine();
    String greeting = cache.get("en");
    String large = cache.get("large");
    System.out.println("host A: read en = " + greeting + ", large = "
        + (large == null ? "null" : large.length() / 1024 + " KiB"));
    String event = Created.EVENTS.poll(20, TimeUnit.SECONDS);
    System.out.println("host A: listener saw " + (event == null ? "no event" : event));
    boolean ok = "Hello from host B".equals(greeting) && large != null && large.length() == LARGE_BYTES
        && event != null;
    System.out.println(ok ? "host A: OK" : "host A: FAILED");
    System.exit(ok ? 0 : 1);
  }

  /** Records the entries other hosts create. */
  static final class Created implements CacheEntryCreatedListener<String, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        EVENTS.add(event.getEventType() + " " + event.getKey());
      }
    }
  }
}
