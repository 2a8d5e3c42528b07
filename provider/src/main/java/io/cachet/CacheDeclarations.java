package io.cachet;

import io.cachet.CachetOption.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;
import javax.cache.expiry.ExpiryPolicy;

/**
 * The caches a manager's options configure by name, for frameworks that create caches with a plain
 * {@code MutableConfiguration}: {@code cache.<cache name>.<option>=value}, the option being the text after
 * the last dot (so {@code cache.com.acme.Book.maxEntries} configures cache {@code com.acme.Book}), every
 * cache-scoped option plus {@code expiry}; {@code cache.*.<option>} is the default of every cache. Immutable,
 * every value parsed and checked when the manager opens.
 */
final class CacheDeclarations {
  /** The prefix of a per-cache key. */
  static final String PREFIX = "cache.";
  /** The cache name that stands for every cache. */
  static final String EVERY_CACHE = "*";
  /** The per-cache key that sets a cache's expiry policy. */
  static final String EXPIRY = "expiry";

  private static final Set<String> PER_CACHE_NAMES = perCacheNames();

  private final Map<String, List<Setting<?>>> options;
  private final Map<String, ExpirySetting> expiries;

  private CacheDeclarations(Map<String, List<Setting<?>>> options, Map<String, ExpirySetting> expiries) {
    this.options = options;
    this.expiries = expiries;
  }

  /** A cache option's value from one key, with that key's source for errors. */
  private record Setting<T>(CachetOption<T> option, T value, String source) {
    OptionValues overlay(OptionValues values) {
      return values.with(option, option.overlay(values.get(option), value), source);
    }
  }

  /** Whether a key of the options is a per-cache key rather than a manager option. */
  static boolean isCacheKey(String name) {
    return name.startsWith(PREFIX);
  }

  /**
   * Parses every per-cache key the sources set.
   *
   * @throws CacheException naming the key, its value and its source, for a key that names no cache or no
   *     option, an unknown option (and the closest one), a manager-wide option, or an invalid value
   */
  static CacheDeclarations parse(ManagerOptions raw) {
    Map<String, List<Setting<?>>> options = new HashMap<>();
    Map<String, ExpirySetting> expiries = new HashMap<>();
    for (String key : new TreeSet<>(raw.names())) {
      if (!isCacheKey(key)) {
        continue;
      }
      String rest = key.substring(PREFIX.length());
      int lastDot = rest.lastIndexOf('.');
      if (lastDot <= 0 || lastDot == rest.length() - 1) {
        throw new CacheException("Invalid Cachet per-cache key " + raw.describe(key) + ": "
            + (lastDot == 0 ? "the cache name is empty" : "it names no option")
            + "; a per-cache key is cache.<cache name>.<option>, or cache.*.<option> for every cache");
      }
      String cacheName = rest.substring(0, lastDot);
      String optionName = rest.substring(lastDot + 1);
      if (optionName.equals(EXPIRY)) {
        expiries.put(cacheName, expiry(key, raw));
      } else {
        options.computeIfAbsent(cacheName, name -> new ArrayList<>()).add(setting(key, optionName, raw));
      }
    }
    options.replaceAll((name, settings) -> List.copyOf(settings));
    return new CacheDeclarations(Map.copyOf(options), Map.copyOf(expiries));
  }

  /** The names of the caches the options declare: every name with a key of its own, not {@code *}. */
  Set<String> declaredNames() {
    Set<String> names = new TreeSet<>(options.keySet());
    names.addAll(expiries.keySet());
    names.remove(EVERY_CACHE);
    return names;
  }

  /** Whether the options declare the cache: a name with a key of its own. */
  boolean declares(String cacheName) {
    return !cacheName.equals(EVERY_CACHE) && (options.containsKey(cacheName) || expiries.containsKey(cacheName));
  }

  /** The cache's options: {@code values} overlaid with {@code cache.*.} keys, then with the cache's own. */
  OptionValues apply(String cacheName, OptionValues values) {
    OptionValues applied = overlay(values, options.get(EVERY_CACHE));
    return cacheName.equals(EVERY_CACHE) ? applied : overlay(applied, options.get(cacheName));
  }

  /** The expiry policy the options set for the cache, its own or the {@code cache.*.expiry} one. */
  Optional<Factory<ExpiryPolicy>> expiry(String cacheName) {
    ExpirySetting setting = expiries.getOrDefault(cacheName, expiries.get(EVERY_CACHE));
    return Optional.ofNullable(setting).map(ExpirySetting::factory);
  }

  private static OptionValues overlay(OptionValues values, List<Setting<?>> settings) {
    OptionValues applied = values;
    for (Setting<?> setting : settings == null ? List.<Setting<?>>of() : settings) {
      applied = setting.overlay(applied);
    }
    return applied;
  }

  private static ExpirySetting expiry(String key, ManagerOptions raw) {
    try {
      return ExpirySetting.parse(raw.value(key));
    } catch (InvalidOptionValue e) {
      throw raw.invalid(key, e.requirement(), e.getCause());
    }
  }

  private static Setting<?> setting(String key, String optionName, ManagerOptions raw) {
    CachetOption<?> option = CachetOptions.named(optionName);
    if (option == null) {
      String closest = ManagerOptions.closest(optionName, PER_CACHE_NAMES);
      throw new CacheException("Unknown Cachet per-cache option " + optionName + " in " + raw.describe(key)
          + (closest == null ? "" : "; did you mean " + key.substring(0, key.length() - optionName.length())
              + closest + "?")
          + " Per-cache options: " + String.join(", ", new TreeSet<>(PER_CACHE_NAMES)));
    }
    if (option.scope() != Scope.CACHE) {
      throw new CacheException("Cachet option " + optionName + " in " + raw.describe(key) + " is manager-wide:"
          + " it applies to every cache of the manager, so set it as " + optionName + "=" + raw.value(key)
          + ", without the cache.<name>. prefix");
    }
    return parsed(option, key, raw);
  }

  private static <T> Setting<T> parsed(CachetOption<T> option, String key, ManagerOptions raw) {
    try {
      return new Setting<>(option, option.parse(raw.value(key)), key + " in " + raw.source(key));
    } catch (InvalidOptionValue e) {
      throw raw.invalid(key, e.requirement(), e.getCause());
    }
  }

  private static Set<String> perCacheNames() {
    Set<String> names = new TreeSet<>();
    for (CachetOption<?> option : CachetOptions.all()) {
      if (option.scope() == Scope.CACHE) {
        names.add(option.name());
      }
    }
    names.add(EXPIRY);
    return Set.copyOf(names);
  }
}
