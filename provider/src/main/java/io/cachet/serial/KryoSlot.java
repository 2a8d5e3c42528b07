package io.cachet.serial;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/** A pooled Kryo with its reusable output buffer and input, used by one thread at a time. */
final class KryoSlot {
  private static final int INITIAL_BUFFER = 4 * 1024;
  // Beyond this a grown buffer is dropped after use, so one huge value does not pin memory in the pool.
  private static final int MAX_RETAINED_BUFFER = 1024 * 1024;
  private static final byte[] EMPTY = new byte[0];

  private final CachetKryo kryo;
  private final Input input = new Input();
  private Output output = newOutput();
  private int emptyArraySize;

  KryoSlot(CachetKryo kryo) {
    this.kryo = kryo;
  }

  /** Whether the last write was changed into a key's canonical form; see {@link CachetKryo#takeCanonicalized}. */
  boolean takeCanonicalized() {
    return kryo.takeCanonicalized();
  }

  byte[] write(Object object) {
    if (object instanceof byte[] array && array.length >= INITIAL_BUFFER) {
      return writeExactly(array);
    }
    output.reset();
    int expected = expectedSize(object);
    if (expected > output.getBuffer().length) {
      // Sized once up front instead of doubling from 4 KiB, which copies a large value about twice over.
      output.setBuffer(new byte[expected], -1);
    }
    kryo.writeClassAndObject(output, object);
    byte[] bytes = output.toBytes();
    if (output.getBuffer().length > MAX_RETAINED_BUFFER) {
      output = newOutput();
    }
    return bytes;
  }

  /**
   * A large byte array written into an array of exactly its serialized size, which is returned as it is: one
   * copy of the value instead of two (into the pooled buffer, then out of it). Should the size be other than
   * computed, the bytes are copied out as usual.
   */
  private byte[] writeExactly(byte[] array) {
    long size = emptyArraySize() - 1L + varIntLength(array.length + 1L) + array.length;
    Output exact = new Output(new byte[(int) Math.min(Integer.MAX_VALUE - 64, size)], -1);
    kryo.writeClassAndObject(exact, array);
    byte[] buffer = exact.getBuffer();
    return exact.position() == buffer.length ? buffer : exact.toBytes();
  }

  /** What an empty byte array serializes to: its class and the one-byte length that an empty array has. */
  private int emptyArraySize() {
    if (emptyArraySize == 0) {
      output.reset();
      kryo.writeClassAndObject(output, EMPTY);
      emptyArraySize = output.position();
    }
    return emptyArraySize;
  }

  /** The bytes of Kryo's variable-length encoding of a non-negative int, 7 bits a byte. */
  private static int varIntLength(long value) {
    int length = 1;
    for (long rest = value >>> 7; rest != 0; rest >>>= 7) {
      length++;
    }
    return length;
  }

  Object read(byte[] bytes) {
    input.setBuffer(bytes);
    try {
      Object object = kryo.readClassAndObject(input);
      if (input.position() != bytes.length) {
        throw new KryoException((bytes.length - input.position()) + " bytes left over after decoding");
      }
      return object;
    } finally {
      input.setBuffer(EMPTY);
    }
  }

  /** An upper bound of the serialized size of byte arrays and strings (class id, length, UTF-8); 0 for others. */
  private static int expectedSize(Object object) {
    long size;
    if (object instanceof byte[] bytes) {
      size = bytes.length;
    } else if (object instanceof String string) {
      size = 3L * string.length();
    } else {
      return 0;
    }
    return (int) Math.min(Integer.MAX_VALUE - 64, size + 16);
  }

  private static Output newOutput() {
    return new Output(INITIAL_BUFFER, -1);
  }
}
