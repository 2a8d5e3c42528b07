package io.cachet.sealed;

/** Why a stored entry was refused (DESIGN §6); the text is what the log and integrity events show. */
public enum IntegrityFailure {
  BAD_SIGNATURE("bad signature"),
  FOREIGN_NAMESPACE("foreign namespace"),
  UNSIGNED("unsigned"),
  OLD_VERSION("old version"),
  KEY_MISMATCH("key mismatch"),
  UNSUPPORTED_FORMAT("unsupported format"),
  BAD_BLOB_ID("bad blob id"),
  MISSING_BLOB("missing blob"),
  SIZE_MISMATCH("size mismatch"),
  HASH_MISMATCH("hash mismatch"),
  DECRYPTION_FAILED("decryption failed"),
  UNDECODABLE("undecodable"),
  CLASS_NOT_ALLOWED("class not allowed"),
  REPLAYED("replayed");

  private final String reason;

  IntegrityFailure(String reason) {
    this.reason = reason;
  }

  /** The reason as reported. */
  public String reason() {
    return reason;
  }
}
