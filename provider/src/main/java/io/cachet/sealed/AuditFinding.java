package io.cachet.sealed;

import java.util.Locale;

/**
 * One thing an audit of a store found wrong.
 *
 * @param cache the cache it concerns, or null for the store as a whole (the database file, blobs of no cache)
 * @param keyHash the key hash of the row it concerns, or null
 * @param problem what is wrong, as a lowercase code: a refused row's reason ({@code hash-mismatch},
 *     {@code bad-signature}, ...) or one of the {@link Problem}s
 * @param detail what was found, for an operator; never a key or a value
 * @param repaired whether a repair removed it
 */
public record AuditFinding(String cache, String keyHash, String problem, String detail, boolean repaired) {

  /** What an audit finds beyond the rows an application would refuse. */
  public enum Problem {
    /** The namespace's record does not verify under the key it names: nothing it says can be trusted. */
    RECORD_DOES_NOT_VERIFY,
    /** The key file the namespace's record names is missing or unreadable. */
    KEY_FILE_MISSING,
    /** The key file is owned by another user or readable by others. */
    KEY_FILE_UNSAFE,
    /** The rows do not match the namespace's signed ledger: rows were put back, added or deleted. */
    LEDGER_MISMATCH,
    /** A blob that no row names. */
    ORPHAN_BLOB,
    /** Rows of a cache that has no record. */
    ROWS_WITHOUT_RECORD,
    /** Blobs of a cache that has no record. */
    BLOBS_WITHOUT_RECORD,
    /** The database's own consistency check reported this. */
    DATABASE_DAMAGED
  }

  /** {@return whether a repair removes what this finding is about: everything but damage inside the database} */
  public boolean repairable() {
    return !problem.equals(code(Problem.DATABASE_DAMAGED));
  }

  /** The lowercase, hyphenated code of a problem or a refusal reason. */
  static String code(Enum<?> problem) {
    return problem.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
