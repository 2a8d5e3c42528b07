/**
 * Serialization of keys and values to bytes with Kryo 5.
 *
 * <p>Keys must serialize deterministically (equal keys, equal bytes), so references are off and no
 * identity-dependent state is written. Only {@link java.io.Serializable} classes (and Kryo's built-in JDK
 * types, arrays, enums and records) are accepted. Decoding failures are reported as
 * {@link io.cachet.serial.UndecodableException}, never as a half-filled object. Depends on Kryo and the JDK.
 */
package io.cachet.serial;
