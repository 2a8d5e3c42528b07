package io.cachet.seal;

/** The outcome of verifying a signature. */
public enum Verification {
  /** The signature is well formed, of an accepted version, and matches. */
  VALID,
  /** There is no signature. */
  UNSIGNED,
  /**
   * The signature is not of the form {@code v{N}:{64 lowercase hex}} ({@code v6:{16 lowercase hex key id}:{64
   * lowercase hex}} from version 6 on) or bare hex, or names an unknown version.
   */
  MALFORMED,
  /** The signature is of a known version older than the minimum accepted. */
  OLD_VERSION,
  /** The signature does not match the fields. */
  MISMATCH,
  /** The signature names another key than this verifier's: only a verifier holding that key can check it. */
  OTHER_KEY
}
