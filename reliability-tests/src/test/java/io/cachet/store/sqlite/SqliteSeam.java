package io.cachet.store.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Test access, from other packages, to {@link SqliteEntryStore}'s package-private open with a busy timeout. */
public final class SqliteSeam {
  private SqliteSeam() {}

  /** Opens the store as production does, waiting at most {@code busyTimeout} for another connection's lock. */
  public static SqliteEntryStore open(Path file, Duration busyTimeout) {
    return SqliteEntryStore.open(file, false, Math.toIntExact(busyTimeout.toMillis()), UnaryOperator.identity());
  }
}
