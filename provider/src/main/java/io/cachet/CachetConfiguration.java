package io.cachet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *
 * @param <K> the type of the cache's keys
 * @param <V> the type of the cache's values
 */
public final class CachetConfiguration<K, V> extends MutableConfiguration<K, V> {
  private static final long serialVersionUID = 1L;

  /** The options this cache sets, by name; the rest come from the manager. */
  // Every value is a Boolean, a number, a string, an enum constant or an immutable list of strings, all
  // serializable, though the map's type cannot say so.
  @SuppressWarnings("serial")
  private final Map<String, Object> options = new HashMap<>();

  /** A configuration with JCache's defaults and every Cachet option taken from the manager. */
  public CachetConfiguration() {}

  /**
   * A copy of a JCache configuration, including Cachet's options if it is a {@code CachetConfiguration}.
   *
   * @param configuration the configuration to copy
   */
  public CachetConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof CachetConfiguration<K, V> cachet) {
      options.putAll(cachet.options);
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

  /**
   * Sign every entry on write and verify it on every read (default true).
   *
   * @param enabled whether to sign and verify
   * @return this configuration
   */
  public CachetConfiguration<K, V> setEnableEntrySigning(boolean enabled) {
    return set(CachetOptions.ENABLE_ENTRY_SIGNING, enabled);
  }

  /**
   * Sign with a random key that lives only in this process; entries then do not survive a restart.
   *
   * @param inMemory whether the key lives only in this process
   * @return this configuration
   */
  public CachetConfiguration<K, V> setUseInMemoryKey(boolean inMemory) {
    return set(CachetOptions.USE_IN_MEMORY_KEY, inMemory);
  }

  /**
   * The signing key file's name, relative to the manager's root (default {@code cache_signing_key.bin}); a
   * file of its own gives this cache cryptographic isolation from the others.
   *
   * @param fileName a plain file name, resolved in the root
   * @return this configuration
   */
  public CachetConfiguration<K, V> setSigningKeyFile(String fileName) {
    return set(CachetOptions.SIGNING_KEY_FILE, Objects.requireNonNull(fileName, "fileName"));
  }

  /**
   * Delete an entry that fails verification (default true); false keeps it on disk for inspection.
   *
   * @param delete whether a failed entry is deleted
   * @return this configuration
   */
  public CachetConfiguration<K, V> setDeleteInvalidSignatures(boolean delete) {
    return set(CachetOptions.DELETE_INVALID_SIGNATURES, delete);
  }

  /**
   * Accept entries that carry no signature (default false).
   *
   * @param allow whether unsigned entries are read
   * @return this configuration
   */
  public CachetConfiguration<K, V> setAllowUnsignedEntries(boolean allow) {
    return set(CachetOptions.ALLOW_UNSIGNED_ENTRIES, allow);
  }

  /**
   * How an older entry put back in the store is recognised (default {@link ReplayDetection#PROCESS}); every
   * process sharing the root should use the same.
   *
   * @param detection the detection mode
   * @return this configuration
   */
  public CachetConfiguration<K, V> setReplayDetection(ReplayDetection detection) {
    return set(CachetOptions.REPLAY_DETECTION, Objects.requireNonNull(detection, "detection"));
  }

  /**
   * Never delete anything because a check failed; only report a miss (default false).
   *
   * @param storageMode whether failed checks only report a miss
   * @return this configuration
   */
  public CachetConfiguration<K, V> setStorageMode(boolean storageMode) {
    return set(CachetOptions.STORAGE_MODE, storageMode);
  }

  /**
   * Refuse entries signed with an older signature version (default 3: Cachet writes version 4, and reads entries
   * of version 3 written before it).
   *
   * @param version the oldest signature version read
   * @return this configuration
   */
  public CachetConfiguration<K, V> setMinimumSignatureVersion(int version) {
    return set(CachetOptions.MINIMUM_SIGNATURE_VERSION, version);
  }

  /**
   * Encrypt stored values with AES-256-GCM under a key derived for this cache (default false).
   *
   * @param encrypt whether values are encrypted
   * @return this configuration
   */
  public CachetConfiguration<K, V> setEncryptAtRest(boolean encrypt) {
    return set(CachetOptions.ENCRYPT_AT_REST, encrypt);
  }

  /**
   * The largest serialized value accepted, in bytes; 0 for no limit (default).
   *
   * @param bytes the limit in bytes, 0 for none
   * @return this configuration
   */
  public CachetConfiguration<K, V> setMaxValueBytes(long bytes) {
    return set(CachetOptions.MAX_VALUE_BYTES, requireNotNegative("maxValueBytes", bytes));
  }

  /**
   * The most entries kept before the least recently used are evicted; 0 for no limit (default).
   *
   * @param entries the limit, 0 for none
   * @return this configuration
   */
  public CachetConfiguration<K, V> setMaxEntries(long entries) {
    return set(CachetOptions.MAX_ENTRIES, requireNotNegative("maxEntries", entries));
  }

  /**
   * The most stored value bytes kept before the least recently used are evicted; 0 for no limit (default).
   *
   * @param bytes the limit in bytes, 0 for none
   * @return this configuration
   */
  public CachetConfiguration<K, V> setMaxBytes(long bytes) {
    return set(CachetOptions.MAX_BYTES, requireNotNegative("maxBytes", bytes));
  }

  /**
   * The most verified entries kept in memory and served from there (the heap tier); 0 turns it off (default).
   *
   * @param entries the number of entries, 0 for none
   * @return this configuration
   */
  public CachetConfiguration<K, V> setHeapEntries(long entries) {
    return set(CachetOptions.HEAP_ENTRIES, requireNotNegative("heapEntries", entries));
  }

  /**
   * The most memory the heap tier holds, counted as its values' serialized bytes plus 200 per entry (default 64
   * MiB).
   *
   * @param bytes the limit in bytes, at least 1
   * @return this configuration
   */
  public CachetConfiguration<K, V> setHeapBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("heapBytes must be >= 1: " + bytes);
    }
    return set(CachetOptions.HEAP_BYTES, bytes);
  }

  /**
   * Classes this cache may store and read back, besides the defaults (JDK value types, Hibernate's and
   * Spring's cache types) and the packages of its configured key and value types: class names
   * ({@code com.acme.Book}), packages ({@code com.acme.*}) or package trees ({@code com.acme.**}).
   *
   * @param patterns class names, packages or package trees
   * @return this configuration
   */
  public CachetConfiguration<K, V> addAllowedClasses(String... patterns) {
    List<String> allowed = new ArrayList<>(getAllowedClasses());
    for (String pattern : patterns) {
      allowed.add(Objects.requireNonNull(pattern, "pattern"));
    }
    return allowed.isEmpty() ? this : set(CachetOptions.ALLOWED_CLASSES, allowed);
  }

  /** {@return the signing option, or null to take the manager's} */
  public Boolean getEnableEntrySigning() {
    return override(CachetOptions.ENABLE_ENTRY_SIGNING);
  }

  /** {@return the in-memory key option, or null to take the manager's} */
  public Boolean getUseInMemoryKey() {
    return override(CachetOptions.USE_IN_MEMORY_KEY);
  }

  /** {@return the key file name, or null to take the manager's} */
  public String getSigningKeyFile() {
    return override(CachetOptions.SIGNING_KEY_FILE);
  }

  /** {@return the delete-invalid option, or null to take the manager's} */
  public Boolean getDeleteInvalidSignatures() {
    return override(CachetOptions.DELETE_INVALID_SIGNATURES);
  }

  /** {@return the allow-unsigned option, or null to take the manager's} */
  public Boolean getAllowUnsignedEntries() {
    return override(CachetOptions.ALLOW_UNSIGNED_ENTRIES);
  }

  /** {@return the storage-mode option, or null to take the manager's} */
  public Boolean getStorageMode() {
    return override(CachetOptions.STORAGE_MODE);
  }

  /** {@return the minimum signature version, or null to take the manager's} */
  public Integer getMinimumSignatureVersion() {
    return override(CachetOptions.MINIMUM_SIGNATURE_VERSION);
  }

  /** {@return the encryption option, or null to take the manager's} */
  public Boolean getEncryptAtRest() {
    return override(CachetOptions.ENCRYPT_AT_REST);
  }

  /** {@return the maximum value size, or null to take the manager's} */
  public Long getMaxValueBytes() {
    return override(CachetOptions.MAX_VALUE_BYTES);
  }

  /** {@return the maximum entry count, or null to take the manager's} */
  public Long getMaxEntries() {
    return override(CachetOptions.MAX_ENTRIES);
  }

  /** {@return the maximum stored bytes, or null to take the manager's} */
  public Long getMaxBytes() {
    return override(CachetOptions.MAX_BYTES);
  }

  /** {@return the heap tier's entry limit, or null to take the manager's} */
  public Long getHeapEntries() {
    return override(CachetOptions.HEAP_ENTRIES);
  }

  /** {@return the heap tier's byte limit, or null to take the manager's} */
  public Long getHeapBytes() {
    return override(CachetOptions.HEAP_BYTES);
  }

  /** {@return the replay detection, or null to take the manager's} */
  public ReplayDetection getReplayDetection() {
    return override(CachetOptions.REPLAY_DETECTION);
  }

  /** {@return the class patterns this cache allows besides the manager's and the defaults} */
  public List<String> getAllowedClasses() {
    List<String> allowed = override(CachetOptions.ALLOWED_CLASSES);
    return allowed == null ? List.of() : List.copyOf(allowed);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CachetConfiguration<?, ?> that && super.equals(other) && options.equals(that.options);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + options.hashCode();
  }

  /** The value this cache sets for the option, or null to take the manager's. */
  @SuppressWarnings("unchecked") // set() puts each option's value in with the option's type
  <T> T override(CachetOption<T> option) {
    return (T) options.get(option.name());
  }

  private <T> CachetConfiguration<K, V> set(CachetOption<T> option, T value) {
    options.put(option.name(), value);
    return this;
  }

  private static long requireNotNegative(String option, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(option + " must be >= 0 (0 = no limit): " + value);
    }
    return value;
  }
}
