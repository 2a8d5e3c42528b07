package io.cachet.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.EnumNameSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.util.UUID;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * A Kryo configured for Cachet: deterministic output (no references), the application's class loader, and
 * serializer choices that hold up on Java 17 for JDK and Hibernate-style classes.
 */
final class CachetKryo extends Kryo {

  private CachetKryo(ClassLoader classLoader) {
    setRegistrationRequired(false);
    setReferences(false);
    setClassLoader(classLoader);
    setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    setDefaultSerializer(new SerializableOnlyFactory());
    addDefaultSerializer(UUID.class, new UuidSerializer());
    // By name, not ordinal: a persistent cache outlives reordering of an enum's constants.
    addDefaultSerializer(Enum.class, EnumNameSerializer.class);
  }

  static Kryo create(ClassLoader classLoader) {
    return new CachetKryo(classLoader);
  }

  @Override
  @SuppressWarnings("rawtypes") // Kryo's signature
  public Serializer getDefaultSerializer(Class type) {
    // Hooks must win over Kryo's built-in Collection/Map serializers too, so check before asking super.
    if (!ClassRules.isJdkClass(type) && ClassRules.definesSerializationHooks(type)) {
      ClassRules.requireSerializable(type);
      return new JavaSerializer();
    }
    Serializer serializer = super.getDefaultSerializer(type);
    if (isReflective(serializer) && ClassRules.isJdkClass(type) && !ClassRules.publiclyInstantiable(type)) {
      // e.g. Collections$UnmodifiableList: Kryo would have to instantiate and fill a JDK-private class.
      ClassRules.requireSerializable(type);
      return new JavaSerializer();
    }
    return serializer;
  }

  private static boolean isReflective(Serializer<?> serializer) {
    return serializer instanceof CollectionSerializer || serializer instanceof MapSerializer;
  }
}
