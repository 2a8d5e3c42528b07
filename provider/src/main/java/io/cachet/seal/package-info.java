/**
 * Sealing: HMAC-SHA256 signatures over a canonical encoding of an entry's metadata, signature versions,
 * per-namespace subkeys and the signing key file.
 *
 * <p>Knows bytes and keys only: no storage, no serialization, no JCache. Depends on the JDK only.
 */
package io.cachet.seal;
