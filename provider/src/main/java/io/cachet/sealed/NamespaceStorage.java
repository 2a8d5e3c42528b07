package io.cachet.sealed;

import io.cachet.store.BlobStore;
import io.cachet.store.ChangeCounters;
import io.cachet.store.EntryLocks;
import io.cachet.store.EntryStore;
import java.time.InstantSource;

/**
 * What a store's namespaces share: its rows, its blobs, its key locks, where payloads go inline, and its
 * clock.
 *
 * @param inlineThreshold stored payloads of at most this many bytes go in the row, larger ones in a blob
 * @param counters bracket every change of a row, for the heap tiers of every process sharing the store
 */
record NamespaceStorage(EntryStore entries, BlobStore blobs, EntryLocks locks, int inlineThreshold, InstantSource clock,
    ChangeCounters counters) {}
