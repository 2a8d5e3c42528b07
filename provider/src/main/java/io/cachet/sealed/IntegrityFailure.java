package io.cachet.sealed;

/** Why a stored entry was refused (DESIGN §6); the text is what the log and integrity events show. */
enum IntegrityFailure {
  BAD_SIGNATURE("bad signature"),
  UNSIGNED("unsigned"),
  OLD_VERSION("old version"),
  KEY_MISMATCH("key mismatch"),
  UNSUPPORTED_FORMAT("unsupported format"),
  BAD_BLOB_ID("bad blob id"),
  MISSING_BLOB("missing blob"),
  SIZE_MISMATCH("size mismatch"),
  HASH_MISMATCH("hash mismatch"),
  UNDECODABLE("undecodable");

  private final String reason;

  IntegrityFailure(String reason) {
    this.reason = reason;
  }

  /** The reason as reported. */
  String reason() {
    return reason;
  }
}
