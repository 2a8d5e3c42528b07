package io.cachet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * A JCache configuration with Cachet's per-cache security and resource options. Every option left unset
 * takes the cache manager's value (its properties file, passed properties, or {@code cachet.*} system
 * properties), which in turn defaults to Cachet's strict defaults. A plain {@link MutableConfiguration}
 * works unchanged and takes the manager's values for all of them.
 *
 * <pre>{@code
 * cacheManager.createCache("sessions", new CachetConfiguration<String, Session>()
 *     .setTypes(String.class, Session.class)
 *     .setSigningKeyFile("sessions_key.bin")
 *     .setEncryptAtRest(true)
 *     .setMaxEntries(100_000));
 * }</pre>
 */
public final class CachetConfiguration<K, V> extends MutableConfiguration<K, V> {
  private static final long serialVersionUID = 1L;

  private Boolean enableEntrySigning;
  private Boolean useInMemoryKey;
  private String signingKeyFile;
  private Boolean deleteInvalidSignatures;
  private Boolean allowUnsignedEntries;
  private Boolean storageMode;
  private Integer minimumSignatureVersion;
  private Boolean encryptAtRest;
  private Long maxValueBytes;
  private Long maxEntries;
  private Long maxBytes;
  private ReplayDetection replayDetection;
  private final List<String> allowedClasses = new ArrayList<>();

  /** A configuration with JCache's defaults and every Cachet option taken from the manager. */
  public CachetConfiguration() {}

  /** A copy of a JCache configuration, including Cachet's options if it is a {@code CachetConfiguration}. */
  public CachetConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof CachetConfiguration<K, V> cachet) {
      enableEntrySigning = cachet.enableEntrySigning;
      useInMemoryKey = cachet.useInMemoryKey;
      signingKeyFile = cachet.signingKeyFile;
      deleteInvalidSignatures = cachet.deleteInvalidSignatures;
      allowUnsignedEntries = cachet.allowUnsignedEntries;
      storageMode = cachet.storageMode;
      minimumSignatureVersion = cachet.minimumSignatureVersion;
      encryptAtRest = cachet.encryptAtRest;
      maxValueBytes = cachet.maxValueBytes;
      maxEntries = cachet.maxEntries;
      maxBytes = cachet.maxBytes;
      replayDetection = cachet.replayDetection;
      allowedClasses.addAll(cachet.allowedClasses);
    }
  }

  // The JCache setters, narrowed so that Cachet's setters can follow them in one chain.

  @Override
  public CachetConfiguration<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
    super.setTypes(keyType, valueType);
    return this;
  }

  @Override
  public CachetConfiguration<K, V> addCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    super.addCacheEntryListenerConfiguration(listenerConfiguration);
    return this;
  }

  @Override
  public CachetConfiguration<K, V> removeCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    super.removeCacheEntryListenerConfiguration(listenerConfiguration);
    return this;
  }

  @Override
  public CachetConfiguration<K, V> setCacheLoaderFactory(Factory<? extends CacheLoader<K, V>> factory) {
    super.setCacheLoaderFactory(factory);
    return this;
  }

  @Override
  public CachetConfiguration<K, V> setCacheWriterFactory(
      Factory<? extends CacheWriter<? super K, ? super V>> factory) {
    super.setCacheWriterFactory(factory);
    return this;
  }

  @Override
  public CachetConfiguration<K, V> setExpiryPolicyFactory(Factory<? extends ExpiryPolicy> factory) {
    super.setExpiryPolicyFactory(factory);
    return this;
  }

  @Override
  public CachetConfiguration<K, V> setReadThrough(boolean isReadThrough) {
    super.setReadThrough(isReadThrough);
    return this;
  }

  @Override
  public CachetConfiguration<K, V> setWriteThrough(boolean isWriteThrough) {
    super.setWriteThrough(isWriteThrough);
    return this;
  }

  @Override
  public CachetConfiguration<K, V> setStoreByValue(boolean isStoreByValue) {
    super.setStoreByValue(isStoreByValue);
    return this;
  }

  @Override
  public CachetConfiguration<K, V> setStatisticsEnabled(boolean enabled) {
    super.setStatisticsEnabled(enabled);
    return this;
  }

  @Override
  public CachetConfiguration<K, V> setManagementEnabled(boolean enabled) {
    super.setManagementEnabled(enabled);
    return this;
  }

  /** Sign every entry on write and verify it on every read (default true). */
  public CachetConfiguration<K, V> setEnableEntrySigning(boolean enabled) {
    this.enableEntrySigning = enabled;
    return this;
  }

  /** Sign with a random key that lives only in this process; entries then do not survive a restart. */
  public CachetConfiguration<K, V> setUseInMemoryKey(boolean inMemory) {
    this.useInMemoryKey = inMemory;
    return this;
  }

  /**
   * The signing key file's name, relative to the manager's root (default {@code cache_signing_key.bin}); a
   * file of its own gives this cache cryptographic isolation from the others.
   */
  public CachetConfiguration<K, V> setSigningKeyFile(String fileName) {
    this.signingKeyFile = Objects.requireNonNull(fileName, "fileName");
    return this;
  }

  /** Delete an entry that fails verification (default true); false keeps it on disk for inspection. */
  public CachetConfiguration<K, V> setDeleteInvalidSignatures(boolean delete) {
    this.deleteInvalidSignatures = delete;
    return this;
  }

  /** Accept entries that carry no signature (default false). */
  public CachetConfiguration<K, V> setAllowUnsignedEntries(boolean allow) {
    this.allowUnsignedEntries = allow;
    return this;
  }

  /**
   * How an older entry put back in the store is recognised (default {@link ReplayDetection#PROCESS}); every
   * process sharing the root should use the same.
   */
  public CachetConfiguration<K, V> setReplayDetection(ReplayDetection detection) {
    this.replayDetection = Objects.requireNonNull(detection, "detection");
    return this;
  }

  /** Never delete anything because a check failed; only report a miss (default false). */
  public CachetConfiguration<K, V> setStorageMode(boolean storageMode) {
    this.storageMode = storageMode;
    return this;
  }

  /**
   * Refuse entries signed with an older signature version (default 3: Cachet writes version 4, and reads entries
   * of version 3 written before it).
   */
  public CachetConfiguration<K, V> setMinimumSignatureVersion(int version) {
    this.minimumSignatureVersion = version;
    return this;
  }

  /** Encrypt stored values with AES-256-GCM under a key derived for this cache (default false). */
  public CachetConfiguration<K, V> setEncryptAtRest(boolean encrypt) {
    this.encryptAtRest = encrypt;
    return this;
  }

  /** The largest serialized value accepted, in bytes; 0 for no limit (default). */
  public CachetConfiguration<K, V> setMaxValueBytes(long bytes) {
    this.maxValueBytes = requireNotNegative("maxValueBytes", bytes);
    return this;
  }

  /** The most entries kept before the least recently used are evicted; 0 for no limit (default). */
  public CachetConfiguration<K, V> setMaxEntries(long entries) {
    this.maxEntries = requireNotNegative("maxEntries", entries);
    return this;
  }

  /** The most stored value bytes kept before the least recently used are evicted; 0 for no limit (default). */
  public CachetConfiguration<K, V> setMaxBytes(long bytes) {
    this.maxBytes = requireNotNegative("maxBytes", bytes);
    return this;
  }

  /**
   * Classes this cache may store and read back, besides the defaults (JDK value types, Hibernate's and
   * Spring's cache types) and the packages of its configured key and value types: class names
   * ({@code com.acme.Book}), packages ({@code com.acme.*}) or package trees ({@code com.acme.**}).
   */
  public CachetConfiguration<K, V> addAllowedClasses(String... patterns) {
    for (String pattern : patterns) {
      allowedClasses.add(Objects.requireNonNull(pattern, "pattern"));
    }
    return this;
  }

  /** The signing option, or null to take the manager's. */
  public Boolean getEnableEntrySigning() {
    return enableEntrySigning;
  }

  /** The in-memory key option, or null to take the manager's. */
  public Boolean getUseInMemoryKey() {
    return useInMemoryKey;
  }

  /** The key file name, or null to take the manager's. */
  public String getSigningKeyFile() {
    return signingKeyFile;
  }

  /** The delete-invalid option, or null to take the manager's. */
  public Boolean getDeleteInvalidSignatures() {
    return deleteInvalidSignatures;
  }

  /** The allow-unsigned option, or null to take the manager's. */
  public Boolean getAllowUnsignedEntries() {
    return allowUnsignedEntries;
  }

  /** The storage-mode option, or null to take the manager's. */
  public Boolean getStorageMode() {
    return storageMode;
  }

  /** The minimum signature version, or null to take the manager's. */
  public Integer getMinimumSignatureVersion() {
    return minimumSignatureVersion;
  }

  /** The encryption option, or null to take the manager's. */
  public Boolean getEncryptAtRest() {
    return encryptAtRest;
  }

  /** The maximum value size, or null to take the manager's. */
  public Long getMaxValueBytes() {
    return maxValueBytes;
  }

  /** The maximum entry count, or null to take the manager's. */
  public Long getMaxEntries() {
    return maxEntries;
  }

  /** The maximum stored bytes, or null to take the manager's. */
  public Long getMaxBytes() {
    return maxBytes;
  }

  /** The replay detection, or null to take the manager's. */
  public ReplayDetection getReplayDetection() {
    return replayDetection;
  }

  /** The class patterns this cache allows besides the manager's and the defaults. */
  public List<String> getAllowedClasses() {
    return List.copyOf(allowedClasses);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CachetConfiguration<?, ?> that && super.equals(other)
        && Objects.equals(cachetOptions(), that.cachetOptions());
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + cachetOptions().hashCode();
  }

  private List<Object> cachetOptions() {
    return java.util.Arrays.asList(enableEntrySigning, useInMemoryKey, signingKeyFile, deleteInvalidSignatures,
        allowUnsignedEntries, storageMode, minimumSignatureVersion, encryptAtRest, maxValueBytes, maxEntries,
        maxBytes, replayDetection, allowedClasses);
  }

  private static long requireNotNegative(String option, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(option + " must be >= 0 (0 = no limit): " + value);
    }
    return value;
  }
}
