package io.cachet;

import static io.cachet.CachetOptions.ALLOWED_CLASSES;
import static io.cachet.CachetOptions.ENABLE_ENTRY_SIGNING;
import static io.cachet.CachetOptions.ENCRYPT_AT_REST;

import io.cachet.CachetOption.Scope;
import java.util.ArrayList;
import java.util.List;
import javax.cache.configuration.CompleteConfiguration;

/**
 * A cache's options: the manager's, overridden by the options file's {@code cache.*.} keys, then by the
 * file's keys for the cache's name, then by whatever a {@link CachetConfiguration} sets (each cache-scoped
 * option's own rule: the later value wins, except class patterns, which add to the earlier ones), with the
 * packages of the configured key and value types and the classes they declare added to the class allow-list.
 *
 * <p>An invalid result is an {@link IllegalArgumentException}, as {@code CacheManager.createCache} specifies
 * for an invalid configuration, naming each option involved and where its value came from.
 */
final class CacheOptionsResolver {
  private static final String CACHE_SOURCE = "the cache's CachetConfiguration";

  private final OptionValues managerOptions;
  private final CacheDeclarations declarations;

  CacheOptionsResolver(OptionValues managerOptions, CacheDeclarations declarations) {
    this.managerOptions = managerOptions;
    this.declarations = declarations;
  }

  /**
   * The options of the cache of that name and configuration.
   *
   * @throws IllegalArgumentException if the combination is invalid (e.g. encryption without signing), the
   *     key file name is not a plain file name or the minimum signature version does not exist
   */
  OptionValues apply(String cacheName, CompleteConfiguration<?, ?> configuration) {
    List<String> allowed = new ArrayList<>(managerOptions.get(ALLOWED_CLASSES));
    allowed.addAll(declaredTypes(configuration));
    OptionValues options = declarations.apply(cacheName,
        managerOptions.with(ALLOWED_CLASSES, allowed, managerOptions.source(ALLOWED_CLASSES)));
    if (configuration instanceof CachetConfiguration<?, ?> cachet) {
      for (CachetOption<?> option : CachetOptions.all()) {
        if (option.scope() == Scope.CACHE) {
          options = overridden(options, option, cachet);
        }
      }
    }
    if (options.get(ENCRYPT_AT_REST) && !options.get(ENABLE_ENTRY_SIGNING)) {
      throw new IllegalArgumentException("Invalid Cachet options encryptAtRest=true (from "
          + options.source(ENCRYPT_AT_REST) + ") and enableEntrySigning=false (from "
          + options.source(ENABLE_ENTRY_SIGNING) + "): " + CachetOptions.ENCRYPTION_NEEDS_SIGNING);
    }
    return options;
  }

  private static <T> OptionValues overridden(OptionValues options, CachetOption<T> option,
      CachetConfiguration<?, ?> configuration) {
    T cacheValue = configuration.override(option);
    if (cacheValue == null) {
      return options;
    }
    T value;
    try {
      value = option.check(cacheValue);
    } catch (InvalidOptionValue e) {
      throw new IllegalArgumentException("Invalid Cachet option " + option.name() + "=" + cacheValue + " (from "
          + CACHE_SOURCE + "): " + e.requirement(), e);
    }
    return options.with(option, option.overlay(options.get(option), value), CACHE_SOURCE);
  }

  /**
   * The application's own types named in the configuration are allowed, with their package trees, and so is
   * every class their declared type graph names ({@link DeclaredTypeGraph}), by its exact name.
   */
  private static List<String> declaredTypes(CompleteConfiguration<?, ?> configuration) {
    List<String> patterns = new ArrayList<>();
    List<Class<?>> types = List.of(configuration.getKeyType(), configuration.getValueType());
    for (Class<?> type : types) {
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
    patterns.addAll(DeclaredTypeGraph.classNames(types));
    return patterns;
  }
}
