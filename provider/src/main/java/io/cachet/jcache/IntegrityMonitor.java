package io.cachet.jcache;

import io.cachet.CacheIntegrityMXBean;
import io.cachet.IntegrityEvent;
import io.cachet.IntegrityListener;
import io.cachet.SealInfo;
import io.cachet.sealed.IntegrityObserver;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A cache's view of refused entries: counts them by reason, tells the registered integrity listeners, and
 * serves both, with the sealing diagnostics, over JMX.
 */
final class IntegrityMonitor implements IntegrityObserver, CacheIntegrityMXBean {
  private static final System.Logger LOG = System.getLogger(IntegrityMonitor.class.getName());

  private final String cacheName;
  private final Map<IntegrityEvent.Reason, LongAdder> counts = new EnumMap<>(IntegrityEvent.Reason.class);
  private final CopyOnWriteArraySet<IntegrityListener> listeners = new CopyOnWriteArraySet<>();
  private volatile Supplier<SealInfo> diagnostics;

  IntegrityMonitor(String cacheName) {
    this.cacheName = cacheName;
    for (IntegrityEvent.Reason reason : IntegrityEvent.Reason.values()) {
      counts.put(reason, new LongAdder());
    }
  }

  /** Where the diagnostics come from, once the cache's namespace is attached. */
  void diagnosticsFrom(Supplier<SealInfo> source) {
    this.diagnostics = source;
  }

  void register(IntegrityListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void deregister(IntegrityListener listener) {
    listeners.remove(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void refused(String namespace, String keyHash, IntegrityEvent.Reason reason, boolean deleted) {
    counts.get(reason).increment();
    IntegrityEvent event = new IntegrityEvent(cacheName, keyHash, reason, deleted);
    for (IntegrityListener listener : listeners) {
      try {
        listener.onRefused(event);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "Integrity listener " + listener.getClass().getName() + " failed", e);
      }
    }
  }

  Map<IntegrityEvent.Reason, Long> refusals() {
    Map<IntegrityEvent.Reason, Long> seen = new EnumMap<>(IntegrityEvent.Reason.class);
    counts.forEach((reason, count) -> {
      long sum = count.sum();
      if (sum > 0) {
        seen.put(reason, sum);
      }
    });
    return seen;
  }

  SealInfo sealInfo() {
    return diagnostics.get();
  }

  @Override
  public long getRefusedEntries() {
    long total = 0;
    for (LongAdder count : counts.values()) {
      total += count.sum();
    }
    return total;
  }

  @Override
  public Map<String, Long> getRefusalsByReason() {
    Map<String, Long> byName = new LinkedHashMap<>();
    refusals().forEach((reason, count) -> byName.put(reason.name(), count));
    return byName;
  }

  @Override
  public boolean isEntrySigning() {
    return diagnostics.get().entrySigning();
  }

  @Override
  public int getSignatureVersion() {
    return diagnostics.get().signatureVersion();
  }

  @Override
  public int getMinimumSignatureVersion() {
    return diagnostics.get().minimumSignatureVersion();
  }

  @Override
  public java.util.List<String> getSignedFields() {
    return diagnostics.get().signedFields();
  }

  @Override
  public boolean isInMemoryKey() {
    return diagnostics.get().inMemoryKey();
  }

  @Override
  public String getSigningKeyFile() {
    return diagnostics.get().signingKeyFile();
  }

  @Override
  public boolean isKeyFilePresent() {
    return diagnostics.get().keyFilePresent();
  }

  @Override
  public boolean isEncryptAtRest() {
    return diagnostics.get().encryptAtRest();
  }
}
