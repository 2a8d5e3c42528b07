package io.cachet.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.function.UnaryOperator;

/**
 * Java serialization inside a Kryo payload, for classes only it restores faithfully: a length-prefixed stream
 * whose every class passes the {@link ClassFilter}. Reads from array-backed inputs, as the codec's are.
 */
final class FilteredJavaSerializer extends Serializer<Object> {
  private final ClassFilter classes;
  private final UnaryOperator<Object> replacement;

  /** @param replacement what the stream writes in place of each object it meets (identity for values) */
  FilteredJavaSerializer(ClassFilter classes, UnaryOperator<Object> replacement) {
    this.classes = classes;
    this.replacement = replacement;
  }

  @Override
  public void write(Kryo kryo, Output output, Object object) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try {
      try (ObjectOutputStream stream = new FilteredObjectOutputStream(bytes, classes, replacement)) {
        stream.writeObject(object);
      }
      output.writeVarInt(bytes.size(), true);
      bytes.writeTo(output);
    } catch (IOException e) {
      throw new KryoException("Java serialization of " + object.getClass().getName() + " failed", e);
    }
  }

  @Override
  public Object read(Kryo kryo, Input input, Class<?> type) {
    int length = input.readVarInt(true);
    int start = input.position();
    if (length < 0 || length > input.limit() - start) {
      throw new KryoException("Java serialization stream of " + length + " bytes overruns the payload");
    }
    input.setPosition(start + length);
    ByteArrayInputStream bytes = new ByteArrayInputStream(input.getBuffer(), start, length);
    try (ObjectInputStream stream = new FilteredObjectInputStream(bytes, length, classes, kryo.getClassLoader())) {
      return stream.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new KryoException("Java deserialization of " + type.getName() + " failed: " + e.getMessage(), e);
    }
  }
}
