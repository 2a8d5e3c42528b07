package io.cachet.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.EnumNameSerializer;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.serializers.RecordSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.util.SortedMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * A Kryo configured for Cachet: deterministic output (no references), the application's class loader, a class
 * filter on every class written or read, shape-checked field serialization, and serializer choices that hold
 * up on Java 17 for JDK and Hibernate-style classes. A Kryo for keys also writes sets and maps in
 * {@link CanonicalOrder}, also inside Java-serialized objects; it reads exactly as a Kryo for values.
 */
final class CachetKryo extends Kryo {
  private final Serializer<Object> javaSerialization;
  private final CanonicalOrder canonicalOrder;
  private long payload;
  private boolean canonicalized;

  private CachetKryo(ClassLoader classLoader, ClassFilter filter, CanonicalOrder canonicalOrder) {
    super(new FilteringClassResolver(filter), null);
    this.canonicalOrder = canonicalOrder;
    this.javaSerialization = new FilteredJavaSerializer(filter,
        canonicalOrder == null ? UnaryOperator.identity() : this::canonicalInJavaStream);
    setRegistrationRequired(false);
    setReferences(false);
    setClassLoader(classLoader);
    setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    setDefaultSerializer(new SerializableOnlyFactory(javaSerialization));
    addDefaultSerializer(UUID.class, new UuidSerializer());
    // By name, not ordinal: a persistent cache outlives reordering of an enum's constants.
    addDefaultSerializer(Enum.class, EnumNameSerializer.class);
  }

  /** A Kryo for values: objects are written as they are. */
  static CachetKryo create(ClassLoader classLoader, ClassFilter filter) {
    return new CachetKryo(classLoader, filter, null);
  }

  /** A Kryo for keys: sets and maps are written in the given order, non-public JDK collections as stand-ins. */
  static CachetKryo createForKeys(ClassLoader classLoader, ClassFilter filter, CanonicalOrder order) {
    return new CachetKryo(classLoader, filter, order);
  }

  /**
   * The Kryo a serializer of Cachet's runs in: Cachet registers those serializers on its own instances only,
   * so another one here is a wiring error.
   */
  static CachetKryo of(Kryo kryo) {
    if (kryo instanceof CachetKryo cachet) {
      return cachet;
    }
    throw new IllegalStateException("Cachet's serializers run only in Cachet's Kryo, not in " + kryo.getClass());
  }

  /** Notes that what is being written differs from what a Kryo for values would write. */
  void canonicalized() {
    canonicalized = true;
  }

  /** Whether the last write differed from what a Kryo for values would write; clears the note. */
  boolean takeCanonicalized() {
    boolean taken = canonicalized;
    canonicalized = false;
    return taken;
  }

  @Override
  public void writeClassAndObject(Output output, Object object) {
    // Every place an object's class is written for it, so every place a non-public class can sit.
    Object written = canonicalOrder == null ? object : CanonicalOrder.standIn(object);
    if (written != object) {
      canonicalized = true;
    }
    super.writeClassAndObject(output, written);
  }

  private Object canonicalInJavaStream(Object object) {
    Object written = canonicalOrder.forJavaStream(object);
    if (written != object) {
      canonicalized = true;
    }
    return written;
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
    if (!ClassRules.isJdkClass(type)) {
      // One rule whatever serializer Kryo would pick (its record, collection and map serializers included),
      // the same that Java serialization applies to what a JDK collection holds.
      ClassRules.requireSerializable(type);
      // Hooks must win over Kryo's built-in Collection/Map serializers too, so check before asking super.
      if (ClassRules.definesSerializationHooks(type)) {
        return javaSerialization;
      }
    }
    Serializer serializer = super.getDefaultSerializer(type);
    if (isReflective(serializer) && ClassRules.isJdkClass(type) && !ClassRules.publiclyInstantiable(type)) {
      // e.g. Collections$UnmodifiableList: Kryo would have to instantiate and fill a JDK-private class.
      ClassRules.requireSerializable(type);
      return javaSerialization;
    }
    if (canonicalOrder != null && serializer.getClass() == CollectionSerializer.class) {
      return new CanonicalCollectionSerializer(canonicalOrder);
    }
    if (canonicalOrder != null && serializer.getClass() == MapSerializer.class
        && !SortedMap.class.isAssignableFrom(type)) {
      return new CanonicalMapSerializer(canonicalOrder);
    }
    if (serializer instanceof FieldSerializer<?> fields) {
      return new ShapeCheckedSerializer<>(serializer, ShapeFingerprint.of(fields));
    }
    if (serializer instanceof RecordSerializer && !ModuleAccess.KRYO.reachesRecord(type)) {
      return javaSerialization;
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
