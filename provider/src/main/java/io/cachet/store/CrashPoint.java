package io.cachet.store;

/**
 * The steps of the write protocol at which a crash test may stop the JVM dead, as {@code kill -9} would:
 * with the system property {@code cachet.test.crashAt} naming a step, the JVM halts (exit status
 * {@link #EXIT_STATUS}, no shutdown hooks, nothing closed) the first time a write reaches it. Without the
 * property nothing happens.
 */
public enum CrashPoint {
  /** A new blob's temporary file is written and closed, not yet renamed into place. */
  BLOB_TEMP_WRITTEN,
  /** The new blob is renamed into place; its row is not yet committed. */
  BLOB_RENAMED,
  /** The row is committed; the blob it superseded is not yet deleted. */
  ROW_COMMITTED,
  /** The superseded blob is deleted; the write is about to return. */
  SUPERSEDED_BLOB_DELETED;

  /** The exit status of a JVM halted at a crash point. */
  public static final int EXIT_STATUS = 77;

  private static final String ARMED = System.getProperty("cachet.test.crashAt");

  /** Halts the JVM if the crash test armed this point. */
  public void reached() {
    if (name().equals(ARMED)) {
      Runtime.getRuntime().halt(EXIT_STATUS);
    }
  }
}
