package io.cachet.serial;

/** Turns keys and values into bytes and back. Thread-safe. */
public interface ValueCodec {

  /** The serializer ID recorded in each row, e.g. {@code kryo5}. */
  String id();

  /**
   * A value's bytes, exactly as it is: decoding gives an object of the same classes, in the same order.
   *
   * @throws SerializationException naming the offending class if the object (or anything it holds) cannot
   *     be serialized
   */
  byte[] encode(Object object);

  /**
   * A key's canonical bytes: equal keys (by {@code equals}) give equal bytes. Sets and maps are written in
   * one order whatever their iteration order, and the JDK's non-public collections as the equal
   * {@code ArrayList}, {@code HashSet} or {@code HashMap} (the class a decoded key then has).
   *
   * @throws SerializationException naming the offending class if the key (or anything it holds) cannot be
   *     serialized, or if its serialized form changes when its {@code hashCode()} or {@code equals()} runs
   *     (naming the field that changed), since equal keys would then encode differently
   */
  EncodedKey encodeKey(Object key);

  /**
   * A fresh object from bytes this codec wrote.
   *
   * @throws UndecodableException if the bytes cannot be decoded: a class is gone or changed, or the bytes are
   *     damaged
   */
  Object decode(byte[] bytes) throws UndecodableException;
}
