/**
 * The embedded blob store: one file per blob under {@code <root>/blobs/<namespace-id>/<2 hex>/<blob-id>}.
 *
 * <p>Names are hex ids only, never cache names or keys, and every path is checked to stay under the root
 * without following links. Depends on {@code io.cachet.store} and {@code java.nio.file}.
 */
package io.cachet.store.file;
