package io.cachet.store;

/**
 * What a write or delete removed from the entries table: whether a row was there, its blob and its generation.
 *
 * @param blobId the removed row's {@code blob_id} (unverified), or null
 * @param generation the removed row's {@code generation} (unverified), or null
 */
public record Displaced(boolean existed, String blobId, Long generation) {

  /** Nothing was there. */
  public static final Displaced NOTHING = new Displaced(false, null, null);

  /** A removed row with this blob and no generation known. */
  public Displaced(boolean existed, String blobId) {
    this(existed, blobId, null);
  }
}
