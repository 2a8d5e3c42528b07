package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import java.util.Locale;

/** Signals, inside the read path, that a row failed a check; never leaves the sealed package. */
final class RefusedEntry extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Reason failure;
  private final String className;

  RefusedEntry(Reason failure) {
    this(failure, null);
  }

  /** @param className the class the value could not be read as, or null if unknown or not the cause */
  RefusedEntry(Reason failure, String className) {
    super(text(failure), null, false, false);
    this.failure = failure;
    this.className = className;
  }

  Reason failure() {
    return failure;
  }

  /** The class at fault, for a value that could not be deserialized; null else. */
  String className() {
    return className;
  }

  /** The reason as the log shows it: {@code HASH_MISMATCH} is "hash mismatch". */
  static String text(Reason reason) {
    return reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
