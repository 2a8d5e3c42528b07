/**
 * Serialization of keys and values to bytes with Kryo 5.
 *
 * <p>Keys must serialize deterministically (equal keys, equal bytes), so references are off and no
 * identity-dependent state is written. Only classes the namespace's {@link io.cachet.serial.ClassFilter}
 * allows are accepted, and of those only {@link java.io.Serializable} ones outside the JDK, records included,
 * whatever serializer writes them. The filter applies to every class in the graph, on write and on read,
 * inside Java-serialized values too, and a stored class name outside it is refused before it is loaded; a
 * refused write names every refused class of the graph with its path. Field-serialized classes
 * carry a fingerprint of their fields, so a class that changed shape since the entry was written is refused.
 * Decoding failures are reported as {@link io.cachet.serial.UndecodableException} (a refused class as
 * {@link io.cachet.serial.ClassNotAllowedException}), never as a half-filled object. Depends on Kryo and the
 * JDK.
 */
package io.cachet.serial;
