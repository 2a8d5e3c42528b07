package io.cachet.serial;

/**
 * A key's bytes, from {@link ValueCodec#encodeKey}.
 *
 * @param bytes the key's canonical bytes: equal keys give equal bytes
 * @param legacyBytes the bytes Cachet wrote for this key before keys were canonical, where they differ (a key
 *     holding a set, a map or a JDK-internal collection); null else. Entries stored then are found by these.
 */
public record EncodedKey(byte[] bytes, byte[] legacyBytes) {}
