package io.cachet.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.EnumNameSerializer;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.serializers.RecordSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.util.UUID;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * A Kryo configured for Cachet: deterministic output (no references), the application's class loader, a class
 * filter on every class written or read, shape-checked field serialization, and serializer choices that hold
 * up on Java 17 for JDK and Hibernate-style classes.
 */
final class CachetKryo extends Kryo {
  private final Serializer<Object> javaSerialization;
  private long payload;

  private CachetKryo(ClassLoader classLoader, ClassFilter filter) {
    super(new FilteringClassResolver(filter), null);
    this.javaSerialization = new FilteredJavaSerializer(filter);
    setRegistrationRequired(false);
    setReferences(false);
    setClassLoader(classLoader);
    setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    setDefaultSerializer(new SerializableOnlyFactory(javaSerialization));
    addDefaultSerializer(UUID.class, new UuidSerializer());
    // By name, not ordinal: a persistent cache outlives reordering of an enum's constants.
    addDefaultSerializer(Enum.class, EnumNameSerializer.class);
  }

  static Kryo create(ClassLoader classLoader, ClassFilter filter) {
    return new CachetKryo(classLoader, filter);
  }

  /** Which payload this Kryo is writing or reading; changes each time Kryo resets after a payload. */
  long payload() {
    return payload;
  }

  @Override
  public void reset() {
    super.reset();
    payload++;
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"}) // Kryo's signature
  public Serializer getDefaultSerializer(Class type) {
    // Hooks must win over Kryo's built-in Collection/Map serializers too, so check before asking super.
    if (!ClassRules.isJdkClass(type) && ClassRules.definesSerializationHooks(type)) {
      ClassRules.requireSerializable(type);
      return javaSerialization;
    }
    Serializer serializer = super.getDefaultSerializer(type);
    if (isReflective(serializer) && ClassRules.isJdkClass(type) && !ClassRules.publiclyInstantiable(type)) {
      // e.g. Collections$UnmodifiableList: Kryo would have to instantiate and fill a JDK-private class.
      ClassRules.requireSerializable(type);
      return javaSerialization;
    }
    if (serializer instanceof FieldSerializer<?> fields) {
      return new ShapeCheckedSerializer<>(serializer, ShapeFingerprint.of(fields));
    }
    if (serializer instanceof RecordSerializer) {
      return new ShapeCheckedSerializer<>(serializer, ShapeFingerprint.ofRecord(type));
    }
    return serializer;
  }

  private static boolean isReflective(Serializer<?> serializer) {
    return serializer instanceof CollectionSerializer || serializer instanceof MapSerializer;
  }
}
