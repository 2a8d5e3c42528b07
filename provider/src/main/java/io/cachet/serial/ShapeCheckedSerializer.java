package io.cachet.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Writes a class's {@link ShapeFingerprint} before its first object in each payload and refuses to read a
 * payload written for another shape, before any object is built: field serializers otherwise read a changed
 * class's bytes silently into the wrong fields.
 */
final class ShapeCheckedSerializer<T> extends Serializer<T> {
  private final Serializer<T> fields;
  private final long fingerprint;
  // Each Kryo has its own serializers and one thread at a time, so a plain field suffices; a long never wraps.
  private long lastPayload = -1;

  ShapeCheckedSerializer(Serializer<T> fields, long fingerprint) {
    super(fields.getAcceptsNull(), fields.isImmutable());
    this.fields = fields;
    this.fingerprint = fingerprint;
  }

  @Override
  public void write(Kryo kryo, Output output, T object) {
    if (firstInPayload(kryo)) {
      output.writeLong(fingerprint);
    }
    fields.write(kryo, output, object);
  }

  @Override
  public T read(Kryo kryo, Input input, Class<? extends T> type) {
    if (firstInPayload(kryo) && input.readLong() != fingerprint) {
      throw new ChangedShapeException(type);
    }
    return fields.read(kryo, input, type);
  }

  @Override
  public T copy(Kryo kryo, T original) {
    return fields.copy(kryo, original);
  }

  /** Writer and reader walk the same graph in the same order, so they agree on which object is first. */
  private boolean firstInPayload(Kryo kryo) {
    long payload = CachetKryo.of(kryo).payload();
    if (payload == lastPayload) {
      return false;
    }
    lastPayload = payload;
    return true;
  }
}
