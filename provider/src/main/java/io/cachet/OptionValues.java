package io.cachet;

import io.cachet.CachetOption.Scope;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The value of every option, as a manager or one of its caches resolves them, each with the source it came
 * from (for errors that name it). Immutable. Internal: what the lower layers read their settings from.
 */
public final class OptionValues {
  /** How a secret option's value is shown. */
  static final String MASKED = "****";
  private static final OptionValues DEFAULTS = defaultValues();

  private final Map<CachetOption<?>, Object> values;
  private final Map<CachetOption<?>, String> sources;

  private OptionValues(Map<CachetOption<?>, Object> values, Map<CachetOption<?>, String> sources) {
    this.values = values;
    this.sources = sources;
  }

  /** {@return every option at its default} */
  public static OptionValues defaults() {
    return DEFAULTS;
  }

  /**
   * The option's value.
   *
   * @param <T> the option's type
   * @param option the option
   * @return its value here
   */
  @SuppressWarnings("unchecked") // each option's value is put in with the option's own type: see with()
  public <T> T get(CachetOption<T> option) {
    return (T) values.get(Objects.requireNonNull(option, "option"));
  }

  /**
   * These values with one option set, as a program (a test, say) sets it: unchecked, since the layers that
   * read a value check what they rely on, and tests show that they do.
   *
   * @param <T> the option's type
   * @param option the option
   * @param value its new value
   * @return a copy with the value set
   */
  public <T> OptionValues with(CachetOption<T> option, T value) {
    return with(option, value, "code");
  }

  /** These values with one option set from {@code source}; resolution has checked the value. */
  <T> OptionValues with(CachetOption<T> option, T value, String source) {
    Map<CachetOption<?>, Object> newValues = new LinkedHashMap<>(values);
    newValues.put(option, Objects.requireNonNull(value, option.name()));
    Map<CachetOption<?>, String> newSources = new HashMap<>(sources);
    newSources.put(option, source);
    return new OptionValues(newValues, newSources);
  }

  /**
   * {@return the value of every option a cache may set for itself, by name, spelt as an options file spells
   * it (class patterns comma-separated, choices in lower case)}
   */
  public Map<String, String> perCacheTexts() {
    Map<String, String> texts = new LinkedHashMap<>();
    for (CachetOption<?> option : CachetOptions.all()) {
      if (option.scope() == Scope.CACHE) {
        texts.put(option.name(), text(values.get(option)));
      }
    }
    return Collections.unmodifiableMap(texts);
  }

  /**
   * {@return the backend options that are set ({@code postgresql.*}, {@code s3.*}), by name: what
   * {@code io.cachet.store.BackendSettings} carries}
   */
  public Map<String, Object> backendValues() {
    Map<String, Object> set = new LinkedHashMap<>();
    values.forEach((option, value) -> {
      if (value != null && BackendOptions.isBackendKey(option.name())) {
        set.put(option.name(), value);
      }
    });
    return Collections.unmodifiableMap(set);
  }

  private static String text(Object value) {
    if (value instanceof List<?> list) {
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    if (value instanceof Enum<?> constant) {
      return constant.name().toLowerCase(Locale.ROOT);
    }
    return String.valueOf(value);
  }

  /** Where the option's value came from, e.g. {@code system property cachet.maxEntries}. */
  String source(CachetOption<?> option) {
    return sources.getOrDefault(option, "Cachet's default");
  }

  private static OptionValues defaultValues() {
    Map<CachetOption<?>, Object> defaults = new LinkedHashMap<>();
    for (CachetOption<?> option : CachetOptions.all()) {
      defaults.put(option, option.defaultValue());
    }
    return new OptionValues(defaults, Map.of());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OptionValues that && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    Map<String, Object> shown = new LinkedHashMap<>();
    values.forEach((option, value) ->
        shown.put(option.name(), value != null && CachetOptions.isSecret(option) ? MASKED : value));
    return shown.toString();
  }
}
