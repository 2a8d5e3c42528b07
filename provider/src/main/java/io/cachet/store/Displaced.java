package io.cachet.store;

/**
 * What a write or delete removed from the entries table: whether a row was there, and its blob if any.
 *
 * @param blobId the removed row's {@code blob_id} (unverified), or null
 */
public record Displaced(boolean existed, String blobId) {

  /** Nothing was there. */
  public static final Displaced NOTHING = new Displaced(false, null);
}
