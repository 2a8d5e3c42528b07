package io.cachet.sealed;

import io.cachet.store.NamespaceSummary;

/**
 * One cache of a store as an operator sees it: its record and what its rows hold, counted as stored.
 *
 * @param name the cache's (namespace's) name
 * @param keyFile the key file its record names, or null for an in-memory key or none
 * @param keyId the fingerprint of the key its record names ({@code HmacEntrySigner#keyId}), or null if unsigned
 * @param recordVerifies whether the record's signature verifies under the key it names (false also when that key
 *     is not available here, such as an in-memory key of another process)
 * @param ledger whether the record says the namespace keeps a shared ledger
 * @param rows what its rows hold
 */
public record CacheSummary(String name, String keyFile, String keyId, boolean recordVerifies, boolean ledger,
    NamespaceSummary rows) {}
