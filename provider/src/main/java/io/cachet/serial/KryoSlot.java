package io.cachet.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/** A pooled Kryo with its reusable output buffer and input, used by one thread at a time. */
final class KryoSlot {
  private static final int INITIAL_BUFFER = 4 * 1024;
  // Beyond this a grown buffer is dropped after use, so one huge value does not pin memory in the pool.
  private static final int MAX_RETAINED_BUFFER = 1024 * 1024;
  private static final byte[] EMPTY = new byte[0];

  private final Kryo kryo;
  private final Input input = new Input();
  private Output output = newOutput();

  KryoSlot(Kryo kryo) {
    this.kryo = kryo;
  }

  byte[] write(Object object) {
    output.reset();
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

  private static Output newOutput() {
    return new Output(INITIAL_BUFFER, -1);
  }
}
