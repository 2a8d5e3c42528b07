package io.cachet.store;

/**
 * What identifies one written version of a row, for compare-and-set: a signed row's signature covers every
 * field, and an unsigned row (signing disabled) is told apart from a later write by its creation time,
 * payload hash and expiry time.
 *
 * @param entrySignature the row's signature, or null for an unsigned row
 * @param createdAt the row's creation time, epoch milliseconds
 * @param fileHash the SHA-256 of the row's payload, as stored
 * @param expiresAt the row's expiry time in epoch milliseconds, or null for an eternal row
 */
public record RowVersion(String entrySignature, long createdAt, String fileHash, Long expiresAt) {}
