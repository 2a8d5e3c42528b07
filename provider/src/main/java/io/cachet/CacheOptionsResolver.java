package io.cachet;

import io.cachet.sealed.NamespaceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.cache.configuration.CompleteConfiguration;

/**
 * A cache's sealing and limit options: the manager's, overridden by whatever a {@link CachetConfiguration}
 * sets, with the packages of the configured key and value types added to the class allow-list.
 *
 * <p>An invalid result is an {@link IllegalArgumentException}, as {@code CacheManager.createCache} specifies
 * for an invalid configuration, naming each option involved and where its value came from.
 */
final class CacheOptionsResolver implements Function<CompleteConfiguration<?, ?>, NamespaceOptions> {
  private static final String CACHE_SOURCE = "the cache's CachetConfiguration";

  private final NamespaceOptions managerOptions;
  private final Map<String, String> managerSources;

  /** @param managerSources where each option the manager sets came from (see {@link ManagerOptions}) */
  CacheOptionsResolver(NamespaceOptions managerOptions, Map<String, String> managerSources) {
    this.managerOptions = managerOptions;
    this.managerSources = Map.copyOf(managerSources);
  }

  /**
   * @throws IllegalArgumentException if the combination is invalid (e.g. encryption without signing), the
   *     key file name is not a plain file name or the minimum signature version does not exist
   */
  @Override
  public NamespaceOptions apply(CompleteConfiguration<?, ?> configuration) {
    NamespaceOptions m = managerOptions;
    List<String> allowed = new ArrayList<>(m.allowedClasses());
    allowed.addAll(typePackages(configuration));
    if (!(configuration instanceof CachetConfiguration<?, ?> c)) {
      return new NamespaceOptions(m.entrySigning(), m.inMemoryKey(), m.signingKeyFile(),
          m.deleteInvalidSignatures(), m.allowUnsignedEntries(), m.storageMode(), m.minimumSignatureVersion(),
          m.encryptAtRest(), m.maxValueBytes(), m.maxEntries(), m.maxBytes(), allowed, m.sharedLedger(),
          m.observer());
    }
    allowed.addAll(c.getAllowedClasses());
    boolean signing = or(c.getEnableEntrySigning(), m.entrySigning());
    boolean encrypt = or(c.getEncryptAtRest(), m.encryptAtRest());
    if (encrypt && !signing) {
      throw new IllegalArgumentException("Invalid Cachet options encryptAtRest=true (from "
          + source(c.getEncryptAtRest(), ManagerSettings.ENCRYPT_AT_REST) + ") and enableEntrySigning=false (from "
          + source(c.getEnableEntrySigning(), ManagerSettings.ENABLE_ENTRY_SIGNING) + "): encryption needs"
          + " signing, since the ciphertext is only trusted once its hash and signature verify");
    }
    Integer minimumVersion = c.getMinimumSignatureVersion();
    if (minimumVersion != null && (minimumVersion < 1 || minimumVersion > NamespaceOptions.CURRENT_SIGNATURE_VERSION)) {
      throw new IllegalArgumentException("Invalid Cachet option minimumSignatureVersion=" + minimumVersion
          + " (from " + CACHE_SOURCE + "): must be a signature version from 1 to "
          + NamespaceOptions.CURRENT_SIGNATURE_VERSION);
    }
    return new NamespaceOptions(
        signing,
        or(c.getUseInMemoryKey(), m.inMemoryKey()),
        c.getSigningKeyFile() == null ? m.signingKeyFile() : cacheKeyFileName(c.getSigningKeyFile()),
        or(c.getDeleteInvalidSignatures(), m.deleteInvalidSignatures()),
        or(c.getAllowUnsignedEntries(), m.allowUnsignedEntries()),
        or(c.getStorageMode(), m.storageMode()),
        minimumVersion == null ? m.minimumSignatureVersion() : minimumVersion,
        encrypt,
        c.getMaxValueBytes() == null ? m.maxValueBytes() : c.getMaxValueBytes(),
        c.getMaxEntries() == null ? m.maxEntries() : c.getMaxEntries(),
        c.getMaxBytes() == null ? m.maxBytes() : c.getMaxBytes(),
        allowed,
        c.getReplayDetection() == null ? m.sharedLedger() : c.getReplayDetection() == ReplayDetection.SHARED,
        m.observer());
  }

  /** The application's own types named in the configuration are allowed, with their package trees. */
  private static List<String> typePackages(CompleteConfiguration<?, ?> configuration) {
    List<String> patterns = new ArrayList<>();
    for (Class<?> type : List.of(configuration.getKeyType(), configuration.getValueType())) {
      Class<?> component = type;
      while (component.isArray()) {
        component = component.getComponentType();
      }
      String pkg = component.getPackageName();
      if (!component.isPrimitive() && !pkg.isEmpty() && !pkg.startsWith("java.") && !pkg.startsWith("javax.")) {
        patterns.add(pkg + ".**");
      } else if (!component.isPrimitive() && pkg.isEmpty()) {
        patterns.add(component.getName());
      }
    }
    return patterns;
  }

  private static String cacheKeyFileName(String fileName) {
    String name = fileName.trim();
    if (!ManagerSettings.isPlainFileName(name)) {
      throw new IllegalArgumentException("Invalid Cachet option signingKeyFile=" + fileName + " (from "
          + CACHE_SOURCE + "): " + ManagerSettings.KEY_FILE_RULE);
    }
    return name;
  }

  /** Where an option's value came from: the cache's configuration if it sets it, else the manager's source. */
  private String source(Object cacheValue, String option) {
    return cacheValue != null ? CACHE_SOURCE : managerSources.getOrDefault(option, "Cachet's default");
  }

  private static boolean or(Boolean override, boolean fallback) {
    return override == null ? fallback : override;
  }
}
