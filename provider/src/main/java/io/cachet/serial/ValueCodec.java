package io.cachet.serial;

/** Turns keys and values into bytes and back. Thread-safe. */
public interface ValueCodec {

  /** The serializer ID recorded in each row, e.g. {@code kryo5}. */
  String id();

  /**
   * The object's bytes; equal keys give equal bytes.
   *
   * @throws SerializationException naming the offending class if the object (or anything it holds) cannot
   *     be serialized
   */
  byte[] encode(Object object);

  /**
   * A fresh object from bytes this codec wrote.
   *
   * @throws UndecodableException if the bytes cannot be decoded: a class is gone or changed, or the bytes are
   *     damaged
   */
  Object decode(byte[] bytes) throws UndecodableException;
}
