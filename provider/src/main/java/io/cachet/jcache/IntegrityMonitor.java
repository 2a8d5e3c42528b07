package io.cachet.jcache;

import io.cachet.CacheIntegrityMXBean;
import io.cachet.IntegrityEvent;
import io.cachet.IntegrityListener;
import io.cachet.SealInfo;
import io.cachet.sealed.IntegrityFailure;
import io.cachet.sealed.IntegrityObserver;
import io.cachet.sealed.SealDiagnostics;
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
  private volatile Supplier<SealDiagnostics> diagnostics;

  IntegrityMonitor(String cacheName) {
    this.cacheName = cacheName;
    for (IntegrityEvent.Reason reason : IntegrityEvent.Reason.values()) {
      counts.put(reason, new LongAdder());
    }
  }

  /** Where the diagnostics come from, once the cache's namespace is attached. */
  void diagnosticsFrom(Supplier<SealDiagnostics> source) {
    this.diagnostics = source;
  }

  void register(IntegrityListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void deregister(IntegrityListener listener) {
    listeners.remove(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void refused(String namespace, String keyHash, IntegrityFailure failure, boolean deleted) {
    IntegrityEvent.Reason reason = reasonOf(failure);
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

  /** The public reason for a store's failure: the two enums share their constants' names. */
  static IntegrityEvent.Reason reasonOf(IntegrityFailure failure) {
    return IntegrityEvent.Reason.valueOf(failure.name());
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
    SealDiagnostics d = diagnostics.get();
    return new SealInfo(d.entrySigning(), d.signatureVersion(), d.minimumSignatureVersion(), d.signedFields(),
        d.inMemoryKey(), d.signingKeyFile(), d.keyFilePresent(), d.encryptAtRest());
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
