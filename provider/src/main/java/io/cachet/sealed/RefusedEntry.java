package io.cachet.sealed;

/** Signals, inside the read path, that a row failed a check; never leaves the sealed package. */
final class RefusedEntry extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient IntegrityFailure failure;

  RefusedEntry(IntegrityFailure failure) {
    super(failure.reason(), null, false, false);
    this.failure = failure;
  }

  IntegrityFailure failure() {
    return failure;
  }
}
