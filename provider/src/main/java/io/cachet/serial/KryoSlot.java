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

  KryoSlot(CachetKryo kryo) {
    this.kryo = kryo;
  }

  /** Whether the last write was changed into a key's canonical form; see {@link CachetKryo#takeCanonicalized}. */
  boolean takeCanonicalized() {
    return kryo.takeCanonicalized();
  }

  byte[] write(Object object) {
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
