package io.cachet.sealed;

import io.cachet.store.BlobStore;
import io.cachet.store.EntryStore;
import java.time.InstantSource;

/**
 * What a store's namespaces share: its rows, its blobs, where payloads go inline, and its clock.
 *
 * @param inlineThreshold stored payloads of at most this many bytes go in the row, larger ones in a blob
 */
record NamespaceStorage(EntryStore entries, BlobStore blobs, int inlineThreshold, InstantSource clock) {}
