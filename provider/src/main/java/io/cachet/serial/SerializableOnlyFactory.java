package io.cachet.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory.BaseSerializerFactory;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;

/**
 * Kryo's fallback for classes none of its built-in serializers handles: refuses non-Serializable classes,
 * uses Java serialization for JDK classes and classes with serialization hooks, field serialization else.
 */
final class SerializableOnlyFactory extends BaseSerializerFactory<Serializer<?>> {

  @Override
  @SuppressWarnings("rawtypes") // Kryo's signature
  public Serializer<?> newSerializer(Kryo kryo, Class type) {
    ClassRules.requireSerializable(type);
    if (ClassRules.isJdkClass(type) || ClassRules.definesSerializationHooks(type)) {
      return new JavaSerializer();
    }
    return new FieldSerializer<>(kryo, type);
  }
}
