package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import java.util.Locale;

/** Signals, inside the read path, that a row failed a check; never leaves the sealed package. */
final class RefusedEntry extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Reason failure;

  RefusedEntry(Reason failure) {
    super(text(failure), null, false, false);
    this.failure = failure;
  }

  Reason failure() {
    return failure;
  }

  /** The reason as the log shows it: {@code HASH_MISMATCH} is "hash mismatch". */
  static String text(Reason reason) {
    return reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
