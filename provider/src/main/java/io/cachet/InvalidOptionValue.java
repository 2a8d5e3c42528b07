package io.cachet;

/**
 * An option's value is not valid; the message says what would be (e.g. {@code must be true or false}), for
 * the caller to prefix with the option, its value and where it came from.
 */
final class InvalidOptionValue extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  InvalidOptionValue(String requirement) {
    super(requirement);
  }

  InvalidOptionValue(String requirement, Throwable cause) {
    super(requirement, cause);
  }

  /** What a valid value would be. */
  String requirement() {
    return getMessage();
  }
}
