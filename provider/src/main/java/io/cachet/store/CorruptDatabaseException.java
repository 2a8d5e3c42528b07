package io.cachet.store;

import java.util.Objects;

/**
 * The database is not intact: it is not a database at all, it is truncated, or its structure is damaged.
 * Retrying cannot help; only restoring or replacing the database can.
 */
public class CorruptDatabaseException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final String location;
  private final String damage;

  /**
   * @param location where the database is, as an operator would look for it (an absolute file path for an
   *     embedded database)
   * @param damage what is wrong, in a few words
   */
  public CorruptDatabaseException(String location, String damage, Throwable cause) {
    super(Objects.requireNonNull(location, "location") + " is not an intact database: "
        + Objects.requireNonNull(damage, "damage"), cause);
    this.location = location;
    this.damage = damage;
  }

  /** Where the damaged database is. */
  public String location() {
    return location;
  }

  /** What is wrong with it. */
  public String damage() {
    return damage;
  }
}
