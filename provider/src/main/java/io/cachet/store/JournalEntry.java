package io.cachet.store;

/**
 * One change of a namespace's rows, in the order of its ledger: the key written, or removed, at a generation.
 * Other processes sharing the store read the entries after the last generation they know to learn what changed.
 */
public record JournalEntry(long generation, String cacheKey, boolean removed) {}
