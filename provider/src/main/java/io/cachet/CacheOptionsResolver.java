package io.cachet;

import io.cachet.sealed.NamespaceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.cache.configuration.CompleteConfiguration;

/**
 * A cache's sealing and limit options: the manager's, overridden by whatever a {@link CachetConfiguration}
 * sets, with the packages of the configured key and value types added to the class allow-list.
 */
final class CacheOptionsResolver implements Function<CompleteConfiguration<?, ?>, NamespaceOptions> {
  private final NamespaceOptions managerOptions;

  CacheOptionsResolver(NamespaceOptions managerOptions) {
    this.managerOptions = managerOptions;
  }

  /**
   * @throws IllegalArgumentException if the combination is invalid (e.g. encryption without signing) or the
   *     key file name is not a plain file name
   */
  @Override
  public NamespaceOptions apply(CompleteConfiguration<?, ?> configuration) {
    NamespaceOptions m = managerOptions;
    List<String> allowed = new ArrayList<>(m.allowedClasses());
    allowed.addAll(typePackages(configuration));
    if (!(configuration instanceof CachetConfiguration<?, ?> c)) {
      return new NamespaceOptions(m.entrySigning(), m.inMemoryKey(), m.signingKeyFile(),
          m.deleteInvalidSignatures(), m.allowUnsignedEntries(), m.storageMode(), m.minimumSignatureVersion(),
          m.encryptAtRest(), m.maxValueBytes(), m.maxEntries(), m.maxBytes(), allowed, m.observer());
    }
    allowed.addAll(c.getAllowedClasses());
    return new NamespaceOptions(
        or(c.getEnableEntrySigning(), m.entrySigning()),
        or(c.getUseInMemoryKey(), m.inMemoryKey()),
        c.getSigningKeyFile() == null ? m.signingKeyFile() : ManagerSettings.keyFileName(c.getSigningKeyFile()),
        or(c.getDeleteInvalidSignatures(), m.deleteInvalidSignatures()),
        or(c.getAllowUnsignedEntries(), m.allowUnsignedEntries()),
        or(c.getStorageMode(), m.storageMode()),
        c.getMinimumSignatureVersion() == null ? m.minimumSignatureVersion() : c.getMinimumSignatureVersion(),
        or(c.getEncryptAtRest(), m.encryptAtRest()),
        c.getMaxValueBytes() == null ? m.maxValueBytes() : c.getMaxValueBytes(),
        c.getMaxEntries() == null ? m.maxEntries() : c.getMaxEntries(),
        c.getMaxBytes() == null ? m.maxBytes() : c.getMaxBytes(),
        allowed, m.observer());
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

  private static boolean or(Boolean override, boolean fallback) {
    return override == null ? fallback : override;
  }
}
