package io.cachet;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.cache.CacheException;

/**
 * A cache manager's Cachet options as read, each value with the source it came from (a system property, a
 * properties file, the properties passed to {@code getCacheManager}), so that every error names the option,
 * its value, its source and what would be valid.
 */
final class ManagerOptions {
  /** The source of options passed to {@code getCacheManager}. */
  static final String PASSED = "the properties passed to getCacheManager";

  private final Set<String> known;
  private final Map<String, String> values = new HashMap<>();
  private final Map<String, String> sources = new HashMap<>();

  ManagerOptions(Set<String> known) {
    this.known = Set.copyOf(known);
  }

  static String systemProperty(String property) {
    return "system property " + property;
  }

  static String propertiesFile(Object location) {
    return "properties file " + location;
  }

  boolean isKnown(String option) {
    return known.contains(option);
  }

  /** Sets an option, overriding a value from a source of lower precedence. */
  void set(String option, String value, String source) {
    values.put(option, value);
    sources.put(option, source);
  }

  /** The names every source together sets, options and per-cache keys alike. */
  Set<String> names() {
    return Set.copyOf(values.keySet());
  }

  /** The option's value, or null if no source sets it. */
  String value(String option) {
    return values.get(option);
  }

  /** Where the option's value came from, e.g. {@code system property cachet.inlineThreshold}. */
  String source(String option) {
    return sources.get(option);
  }

  /** The option as an error names it: {@code inlineThreshold=abc (from system property cachet.inlineThreshold)}. */
  String describe(String option) {
    String source = sources.get(option);
    CachetOption<?> declared = CachetOptions.named(option);
    String value = declared != null && CachetOptions.isSecret(declared) ? OptionValues.MASKED : values.get(option);
    return source == null ? option + " (Cachet's default)" : option + "=" + value + " (from " + source + ")";
  }

  /**
   * The error for an option whose value is not valid; {@code requirement} says what would be, {@code cause}
   * (or null) why parsing failed.
   */
  CacheException invalid(String option, String requirement, Throwable cause) {
    return new CacheException("Invalid Cachet option " + describe(option) + ": " + requirement, cause);
  }

  /** The error for a name in Cachet's namespace that is no option: names the closest one, then all of them. */
  CacheException unknown(String name, String spelledAs, String source) {
    String closest = closest(name);
    return new CacheException("Unknown Cachet option " + spelledAs + " (from " + source + ")"
        + (closest == null ? "" : "; did you mean " + spelledAs.replace(name, closest) + "?")
        + " Known options: " + String.join(", ", known.stream().sorted().toList()));
  }

  /** The known option a misspelt name most likely meant, or null if none is close. */
  String closest(String name) {
    return closest(name, known);
  }

  /** The name among {@code candidates} a misspelt name most likely meant, or null if none is close. */
  static String closest(String name, Set<String> candidates) {
    String lower = name.toLowerCase(Locale.ROOT);
    String best = candidates.stream().min(Comparator.comparingInt((String option) ->
        distance(lower, option.toLowerCase(Locale.ROOT))).thenComparing(Comparator.naturalOrder())).orElse(null);
    return best != null && distance(lower, best.toLowerCase(Locale.ROOT)) <= Math.max(2, best.length() / 3)
        ? best : null;
  }

  /** Whether a name looks like a misspelling of a known option rather than another library's key. */
  boolean nearlyKnown(String name) {
    String closest = closest(name);
    return closest != null && distance(name.toLowerCase(Locale.ROOT), closest.toLowerCase(Locale.ROOT)) <= 2;
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
