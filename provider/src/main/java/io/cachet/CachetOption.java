package io.cachet;

import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One Cachet option, declared once in {@link CachetOptions}: its name, default, scope, parser, validation and
 * documentation line. Internal: applications set options by name (properties) or through
 * {@link CachetConfiguration}; the lower layers read resolved values by option from {@link OptionValues}.
 *
 * @param <T> the type of the option's value
 */
public final class CachetOption<T> {
  /** Where an option may be set. */
  enum Scope {
    /** Only for a whole manager: its properties, file or {@code cachet.*} system properties. */
    MANAGER("manager"),
    /** For a manager, and overridden per cache by a {@link CachetConfiguration}. */
    CACHE("manager, cache");

    private final String text;

    Scope(String text) {
      this.text = text;
    }

    /** The scope as the README's options table shows it. */
    String text() {
      return text;
    }
  }

  private final String name;
  private final Scope scope;
  private final T defaultValue;
  private final String defaultText;
  private final String values;
  private final String doc;
  private final Function<String, T> parser;
  private final UnaryOperator<T> check;
  private final BinaryOperator<T> overlay;

  CachetOption(String name, Scope scope, T defaultValue, String defaultText, String values, String doc,
      Function<String, T> parser, UnaryOperator<T> check, BinaryOperator<T> overlay) {
    this.name = Objects.requireNonNull(name, "name");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.defaultValue = defaultValue;
    this.defaultText = Objects.requireNonNull(defaultText, "defaultText");
    this.values = Objects.requireNonNull(values, "values");
    this.doc = Objects.requireNonNull(doc, "doc");
    this.parser = Objects.requireNonNull(parser, "parser");
    this.check = Objects.requireNonNull(check, "check");
    this.overlay = Objects.requireNonNull(overlay, "overlay");
  }

  /** {@return the option's name, as properties and error messages spell it} */
  public String name() {
    return name;
  }

  /** {@return the value a manager takes when no source sets the option} */
  public T defaultValue() {
    return defaultValue;
  }

  Scope scope() {
    return scope;
  }

  /** The default as the README shows it. */
  String defaultText() {
    return defaultText;
  }

  /** The values the option takes, as the README shows them. */
  String values() {
    return values;
  }

  /** The option's one documentation line. */
  String doc() {
    return doc;
  }

  /**
   * Parses a property's text (untrimmed) into a valid value.
   *
   * @throws InvalidOptionValue saying what would be valid
   */
  T parse(String text) {
    return check(parser.apply(text));
  }

  /**
   * A valid value as resolution keeps it (a key file name trimmed, say).
   *
   * @throws InvalidOptionValue saying what would be valid
   */
  T check(T value) {
    return check.apply(value);
  }

  /** The value a cache resolves to when its configuration sets {@code cacheValue} over the manager's. */
  T overlay(T managerValue, T cacheValue) {
    return overlay.apply(managerValue, cacheValue);
  }

  @Override
  public String toString() {
    return name;
  }
}
