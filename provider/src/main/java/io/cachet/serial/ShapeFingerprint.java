package io.cachet.serial;

import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.FieldSerializer.CachedField;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;

/** A 64-bit digest of the fields a serializer writes, in its order: each field's name and declared type. */
final class ShapeFingerprint {

  private ShapeFingerprint() {}

  /**
   * The fields Kryo's field serializer writes, by name. Generic types count: a {@code List<String>} field
   * writes its elements without their class, so reading them as {@code List<Integer>} would misread.
   */
  static long of(FieldSerializer<?> serializer) {
    StringBuilder layout = new StringBuilder();
    for (CachedField field : serializer.getFields()) {
      append(layout, field.getName(), field.getField().getGenericType());
    }
    return digest(layout);
  }

  /** A record's components, in the name order Kryo's record serializer writes them. */
  static long ofRecord(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    Arrays.sort(components, Comparator.comparing(RecordComponent::getName));
    StringBuilder layout = new StringBuilder();
    for (RecordComponent component : components) {
      append(layout, component.getName(), component.getGenericType());
    }
    return digest(layout);
  }

  private static void append(StringBuilder layout, String name, Type type) {
    layout.append(name).append(' ').append(type.getTypeName()).append(';');
  }

  private static long digest(CharSequence layout) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(layout.toString().getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(hash).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform provides SHA-256", e);
    }
  }
}
