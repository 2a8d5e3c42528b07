/**
 * Narrow storage interfaces: signed rows by namespace and key hash, and immutable value blobs.
 *
 * <p>They speak bytes and records, never JCache, Kryo or HMAC, so that another backend (PostgreSQL, S3) is a
 * new implementation of {@link io.cachet.store.EntryStore} and {@link io.cachet.store.BlobStore} and nothing
 * else. Implementations store what they are given and verify nothing; verification is the sealed layer's job.
 * A backend shared by several hosts may also carry short messages between them ({@link io.cachet.store.ChangeFeed}),
 * which it neither reads nor trusts. Depends on the JDK only.
 */
package io.cachet.store;
