package io.cachet.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory.BaseSerializerFactory;
import com.esotericsoftware.kryo.serializers.FieldSerializer;

/**
 * Kryo's fallback for classes none of its built-in serializers handles: Java serialization for JDK classes
 * (refused unless Serializable) and for classes whose fields Kryo cannot reach ({@link ModuleAccess}), field
 * serialization else. {@link CachetKryo#getDefaultSerializer} has already applied the Serializable rule and the
 * serialization-hook rule to application classes before Kryo asks here.
 */
final class SerializableOnlyFactory extends BaseSerializerFactory<Serializer<?>> {
  private final Serializer<Object> javaSerialization;

  SerializableOnlyFactory(Serializer<Object> javaSerialization) {
    this.javaSerialization = javaSerialization;
  }

  @Override
  @SuppressWarnings("rawtypes") // Kryo's signature
  public Serializer<?> newSerializer(Kryo kryo, Class type) {
    if (ClassRules.isJdkClass(type)) {
      ClassRules.requireSerializable(type);
      return javaSerialization;
    }
    return ModuleAccess.KRYO.reachesFields(type) ? new FieldSerializer<>(kryo, type) : javaSerialization;
  }
}
