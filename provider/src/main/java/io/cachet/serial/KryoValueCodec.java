package io.cachet.serial;

import com.esotericsoftware.kryo.util.Pool;
import java.io.InvalidClassException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@link ValueCodec} on Kryo 5, with pools of configured Kryo instances (Kryo is not thread-safe and costly
 * to configure): one for values and reading, one for keys' canonical writes. Writes {@link #ID} as its
 * serializer ID. Every class written or read must pass its {@link ClassFilter}, and a stored class whose
 * fields changed since is undecodable, never misread.
 */
public final class KryoValueCodec implements ValueCodec {
  /** The serializer ID stored in rows this codec wrote. */
  public static final String ID = "kryo5";

  private final Pool<KryoSlot> pool;
  private final Pool<KryoSlot> keyPool;
  private final ClassFilter filter;

  /** A codec over the given class loader that allows only {@link ClassFilter#DEFAULT_PATTERNS}. */
  public KryoValueCodec(ClassLoader classLoader) {
    this(classLoader, ClassFilter.withDefaults(List.of()));
  }

  /** A codec over the given class loader that (de)serializes only the classes the filter allows. */
  public KryoValueCodec(ClassLoader classLoader, ClassFilter filter) {
    Objects.requireNonNull(classLoader, "classLoader");
    this.filter = Objects.requireNonNull(filter, "filter");
    int capacity = 4 * Runtime.getRuntime().availableProcessors();
    this.pool = new Pool<>(true, false, capacity) {
      @Override
      protected KryoSlot create() {
        return new KryoSlot(CachetKryo.create(classLoader, filter));
      }
    };
    CanonicalOrder order = new CanonicalOrder(this::canonicalBytes);
    this.keyPool = new Pool<>(true, false, capacity) {
      @Override
      protected KryoSlot create() {
        return new KryoSlot(CachetKryo.createForKeys(classLoader, filter, order));
      }
    };
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public byte[] encode(Object object) {
    KryoSlot slot = pool.obtain();
    byte[] bytes;
    try {
      bytes = slot.write(object);
    } catch (RuntimeException | StackOverflowError e) {
      // The slot is dropped, not returned: a Kryo interrupted mid-write is not worth trusting.
      throw failure(object, "value", e);
    }
    pool.free(slot);
    return bytes;
  }

  @Override
  public EncodedKey encodeKey(Object key) {
    KryoSlot slot = keyPool.obtain();
    byte[] bytes;
    boolean canonicalized;
    try {
      bytes = slot.write(key);
      canonicalized = slot.takeCanonicalized();
    } catch (RuntimeException | StackOverflowError e) {
      throw failure(key, "key", e);
    }
    keyPool.free(slot);
    if (!KeyStability.knownStable(key)) {
      KeyStability.requireStable(key, bytes, this);
    }
    byte[] legacy = canonicalized ? legacyBytes(key) : null;
    return new EncodedKey(bytes, legacy == null || Arrays.equals(legacy, bytes) ? null : legacy);
  }

  /** A key's canonical bytes, without the stability check: how sets order their elements. */
  byte[] canonicalBytes(Object key) {
    KryoSlot slot = keyPool.obtain();
    byte[] bytes;
    try {
      bytes = slot.write(key);
      slot.takeCanonicalized();
    } catch (RuntimeException | StackOverflowError e) {
      throw failure(key, "key", e);
    }
    keyPool.free(slot);
    return bytes;
  }

  /** What keys were written as before they were canonical, or null if that could not encode the key. */
  private byte[] legacyBytes(Object key) {
    try {
      return encode(key);
    } catch (SerializationException e) {
      return null;
    }
  }

  @Override
  public Object decode(byte[] bytes) throws UndecodableException {
    KryoSlot slot = pool.obtain();
    Object object;
    try {
      object = slot.read(bytes);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      throw undecodable(e);
    }
    pool.free(slot);
    if (object == null) {
      throw new UndecodableException("The stored bytes hold no object", null);
    }
    return object;
  }

  /**
   * The failure to report: a refused class makes the graph be searched for every refused class, each with its
   * path from {@code root} ("value" or "key"), so one attempt names them all.
   */
  private SerializationException failure(Object object, String root, Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SerializationException nested) {
        // From a set element's own encoding, for its canonical order: a refusal is searched for from the root,
        // anything else already names the class at fault.
        return nested.refusedClasses().isEmpty() ? nested
            : refusal(object, root, nested.offendingClass(), nested.refusedClasses().get(0).reason(), failure);
      }
      if (cause instanceof RefusedClassException refused) {
        return refusal(object, root, refused.className(), RefusalMessage.NOT_ALLOWED, failure);
      }
      if (cause instanceof UnsupportedClassException unsupported) {
        return refusal(object, root, unsupported.className(), unsupported.reason(), failure);
      }
    }
    String reason = failure instanceof StackOverflowError
        ? "its object graph is too deep, or cyclic (references are not tracked)"
        : failure.toString();
    return new SerializationException(object.getClass().getName(), reason, failure);
  }

  /** Every refused class in the graph; the one the write met is among them, if only without its place. */
  private SerializationException refusal(Object object, String root, String metClass, String metReason,
      Throwable failure) {
    List<RefusedClass> refused = new ArrayList<>(RefusedClassSearch.in(object, root, filter));
    if (refused.stream().noneMatch(found -> found.className().equals(metClass))) {
      refused.add(new RefusedClass(root + "…", metClass, metReason, false, 0));
    }
    return SerializationException.refusing(object.getClass().getName(), refused, failure);
  }

  private static UndecodableException undecodable(Throwable failure) {
    // Kryo and ObjectInputStream wrap what their callees throw, so the class at fault may sit deep in the causes.
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof RefusedClassException refused) {
        return new ClassNotAllowedException(refused.className(), failure);
      }
    }
    return new UndecodableException("Cannot decode stored bytes: " + failure, classAtFault(failure), failure);
  }

  /** The class a failed read names: one that changed shape, is gone, or is no longer serializable; or null. */
  private static String classAtFault(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ChangedShapeException changed) {
        return changed.className();
      }
      if (cause instanceof UnsupportedClassException unsupported) {
        return unsupported.className();
      }
      if (cause instanceof InvalidClassException invalid && invalid.classname != null) {
        return invalid.classname;
      }
      if (cause instanceof ClassNotFoundException notFound) {
        return notFound.getMessage();
      }
    }
    return null;
  }
}
