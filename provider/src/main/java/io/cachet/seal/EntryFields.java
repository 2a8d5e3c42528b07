package io.cachet.seal;

import java.util.Objects;

/**
 * The metadata of one entry that signatures cover, as the signer sees it.
 *
 * @param namespace selects the per-namespace subkey (signature version 3 and later)
 * @param expiresAt epoch milliseconds, or null for eternal (signed from version 3)
 * @param generation the write's place in its namespace's ledger (signed from version 4), null in older rows
 * @param encryption {@code none} or the cipher of the stored payload (signed from version 3), null if unknown
 * @param actualPath the payload's path, signed by version 1 only; null where there is none
 */
public record EntryFields(
    String namespace,
    String cacheKey,
    String dataType,
    String prefix,
    long fileSize,
    String fileHash,
    String objectType,
    String storageFormat,
    String serializer,
    String compressionCodec,
    String encryption,
    long createdAt,
    Long expiresAt,
    Long generation,
    String actualPath) {

  public EntryFields {
    Objects.requireNonNull(namespace, "namespace");
  }
}
