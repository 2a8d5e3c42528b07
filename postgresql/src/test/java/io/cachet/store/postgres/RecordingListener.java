package io.cachet.store.postgres;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * Records every event it hears as a line {@code TYPE key value} in a queue named by the test (and, in a child JVM,
 * on standard output).
 */
final class RecordingListener implements CacheEntryCreatedListener<String, String>,
    CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>,
    CacheEntryExpiredListener<String, String>, Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<String, BlockingQueue<String>> HEARD = new ConcurrentHashMap<>();

  private final String name;
  private final boolean print;

  private RecordingListener(String name, boolean print) {
    this.name = name;
    this.print = print;
  }

  /** A synchronous registration of a listener recording into the queue of this name. */
  static MutableCacheEntryListenerConfiguration<String, String> registration(String name, boolean print) {
    return new MutableCacheEntryListenerConfiguration<>(FactoryBuilder.factoryOf(new RecordingListener(name, print)),
        null, false, true);
  }

  static BlockingQueue<String> heard(String name) {
    return HEARD.computeIfAbsent(name, n -> new LinkedBlockingQueue<>());
  }

  /** Takes the next line heard, waiting up to 20 s. */
  static String next(String name) throws InterruptedException {
    String line = heard(name).poll(20, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError(name + " heard nothing within 20 s");
    }
    return line;
  }

  private void record(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    for (CacheEntryEvent<? extends String, ? extends String> event : events) {
      String line = event.getEventType() + " " + event.getKey() + " " + event.getValue();
      heard(name).add(line);
      if (print) {
        PrintStream out = System.out;
        out.println(line);
        out.flush();
      }
    }
  }

  @Override
  public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    record(events);
  }

  @Override
  public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    record(events);
  }

  @Override
  public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    record(events);
  }

  @Override
  public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    record(events);
  }
}
