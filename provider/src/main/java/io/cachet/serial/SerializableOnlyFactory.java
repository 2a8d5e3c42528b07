package io.cachet.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory.BaseSerializerFactory;
import com.esotericsoftware.kryo.serializers.FieldSerializer;

/**
 * Kryo's fallback for classes none of its built-in serializers handles: refuses non-Serializable classes,
 * uses Java serialization for JDK classes, classes with serialization hooks and classes whose fields Kryo cannot
 * reach ({@link ModuleAccess}), field serialization else.
 */
final class SerializableOnlyFactory extends BaseSerializerFactory<Serializer<?>> {
  private final Serializer<Object> javaSerialization;

  SerializableOnlyFactory(Serializer<Object> javaSerialization) {
    this.javaSerialization = javaSerialization;
  }

  @Override
  @SuppressWarnings("rawtypes") // Kryo's signature
  public Serializer<?> newSerializer(Kryo kryo, Class type) {
    ClassRules.requireSerializable(type);
    if (ClassRules.isJdkClass(type) || ClassRules.definesSerializationHooks(type)
        || !ModuleAccess.KRYO.reachesFields(type)) {
      return javaSerialization;
    }
    return new FieldSerializer<>(kryo, type);
  }
}
