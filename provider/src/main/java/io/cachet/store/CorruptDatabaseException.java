package io.cachet.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link StorageException} of kind {@link Kind#CORRUPT} for a whole database: it is not a database at all, it
 * is truncated, or its structure is damaged. Retrying cannot help; only restoring or replacing the database can.
 * A type of its own, so that opening can offer to move the damaged database aside.
 */
public class CorruptDatabaseException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final String damage;

  /**
   * @param operation what was being done when the damage was met
   * @param file the database file, as an operator would look for it
   * @param damage what is wrong, in a few words
   */
  public CorruptDatabaseException(String operation, Path file, String damage, Throwable cause) {
    super(Kind.CORRUPT, operation, null, Objects.requireNonNull(file, "file"),
        "it is not an intact database: " + Objects.requireNonNull(damage, "damage"), cause);
    this.damage = damage;
  }

  /** Where the damaged database is. */
  public String location() {
    return file().orElseThrow().toString();
  }

  /** What is wrong with it. */
  public String damage() {
    return damage;
  }
}
