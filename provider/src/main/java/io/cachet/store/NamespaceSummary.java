package io.cachet.store;

import java.util.Map;

/**
 * What a namespace's rows hold, counted as stored: nothing in it is verified (a row that would fail its checks is
 * counted like any other), so it describes the storage, not what a read would return.
 *
 * @param entries the rows
 * @param inlineBytes the signed sizes of the payloads kept in the rows
 * @param blobEntries the rows whose payload is in a blob
 * @param blobBytes the signed sizes of those payloads
 * @param expired the rows whose signed expiry time has passed and that no sweep has removed yet
 * @param signatures the rows by the version prefix of their signature ({@code v5}, say; {@code v1} for bare hex;
 *     from version 6 on with the signing key's id, {@code v6:3f9c0d61a2b4e875}), the unsigned ones under
 *     {@link #UNSIGNED}
 * @param lastWrite the newest {@code created_at}, epoch milliseconds, or null without rows
 */
public record NamespaceSummary(long entries, long inlineBytes, long blobEntries, long blobBytes, long expired,
    Map<String, Long> signatures, Long lastWrite) {
  /** The key of {@link #signatures} under which unsigned rows are counted. */
  public static final String UNSIGNED = "unsigned";

  public NamespaceSummary {
    signatures = Map.copyOf(signatures);
  }
}
