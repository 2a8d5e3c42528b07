package io.cachet.store;

/**
 * A row an eviction deleted.
 *
 * @param cacheKey the row's key hash
 * @param blobId the row's {@code blob_id} (unverified), or null
 */
public record Evicted(String cacheKey, String blobId) {}
