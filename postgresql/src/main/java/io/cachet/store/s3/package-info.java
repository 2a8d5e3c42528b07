/**
 * The S3 blob store of the multi-host mode: one immutable object per blob under
 * {@code <prefix>/<namespace-id>/<blob-id>} in one bucket, written create-only under a fresh random id after it
 * is recorded in a {@link io.cachet.store.s3.BlobJournal}, from which namespace deletes and the orphan collector
 * find objects: the bucket is never listed.
 *
 * <p>Object keys are made of hex ids only, never of cache names or keys, and every id is checked before any
 * request. Reads are ranged, so a planted object of any size costs at most the bytes the caller allows.
 * Depends on {@code io.cachet.store} and the AWS SDK v2 S3 client over the JDK's {@code HttpURLConnection}.
 */
package io.cachet.store.s3;
