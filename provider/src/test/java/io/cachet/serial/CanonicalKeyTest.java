package io.cachet.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.testing.LazyHashKey;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Keys encode canonically (equal keys, equal bytes) and decode soundly; values keep their exact form. */
class CanonicalKeyTest {
  // Equal hash codes: a HashSet iterates these in insertion order.
  private static final List<String> COLLIDING = List.of("Aa", "BB", "C#");
  private static final List<String> REVERSED = List.of("C#", "BB", "Aa");

  private final KryoValueCodec codec = new KryoValueCodec(getClass().getClassLoader(),
      ClassFilter.withDefaults(List.of("io.cachet.serial.**", LazyHashKey.class.getName())));

  private void assertSameKeyBytes(Object one, Object other) throws Exception {
    assertEquals(one, other);
    byte[] bytes = codec.encodeKey(one).bytes();
    assertArrayEquals(bytes, codec.encodeKey(other).bytes());
    assertEquals(one, codec.decode(bytes));
  }

  @Test
  void encodeKey_givesEqualBytes_forEqualSetsAndMapsInAnyOrder() throws Exception {
    assertSameKeyBytes(new HashSet<>(COLLIDING), new HashSet<>(REVERSED));
    assertSameKeyBytes(new LinkedHashSet<>(COLLIDING), new LinkedHashSet<>(REVERSED));
    Map<String, Integer> one = new HashMap<>();
    Map<String, Integer> other = new ConcurrentHashMap<>(256);
    COLLIDING.forEach(s -> one.put(s, s.length()));
    REVERSED.forEach(s -> other.put(s, s.length()));
    assertSameKeyBytes(new HashMap<>(one), new HashMap<>(other));
    assertSameKeyBytes(new ConcurrentHashMap<>(one), other);
  }

  @Test
  void encodeKey_givesEqualBytes_forSetsNestedInRecordsArraysAndListsOfMaps() throws Exception {
    Map<String, Set<String>> one = Map.of("k", new HashSet<>(COLLIDING));
    Map<String, Set<String>> other = new HashMap<>(Map.of("k", new HashSet<>(REVERSED)));
    assertSameKeyBytes(new Holder(List.of(one)), new Holder(new ArrayList<>(List.of(other))));
    assertSameKeyBytes(Arrays.asList(new HashSet<>(COLLIDING)), new ArrayList<>(List.of(new HashSet<>(REVERSED))));
  }

  @Test
  void encodeKey_givesEqualBytes_forSetsInsideJavaSerializedKeys() throws Exception {
    assertSameKeyBytes(new HookedKey(new HashSet<>(COLLIDING)), new HookedKey(new HashSet<>(REVERSED)));
  }

  @Test
  void encodeKey_decodesJdkInternalCollections_asTheirEqualPublicClass() throws Exception {
    assertSameKeyBytes(List.of("a", "b"), new ArrayList<>(List.of("a", "b")));
    assertSameKeyBytes(Set.of("Aa", "BB"), new HashSet<>(Set.of("BB", "Aa")));
    assertSameKeyBytes(Map.of("a", 1, "b", 2), new HashMap<>(Map.of("b", 2, "a", 1)));
    assertEquals(ArrayList.class, codec.decode(codec.encodeKey(Arrays.asList("a")).bytes()).getClass());
    assertEquals(HashSet.class, codec.decode(codec.encodeKey(Set.of("a", "b")).bytes()).getClass());
  }

  @Test
  void encodeKey_keepsPublicCollectionClasses_soTheDecodedKeyHasTheClassPut() throws Exception {
    assertEquals(LinkedHashSet.class,
        codec.decode(codec.encodeKey(new LinkedHashSet<>(COLLIDING)).bytes()).getClass());
    assertEquals(TreeSet.class, codec.decode(codec.encodeKey(new TreeSet<>(COLLIDING)).bytes()).getClass());
  }

  @Test
  void encode_ofValues_keepsTheirOrderAndClass() throws Exception {
    Object value = codec.decode(codec.encode(new LinkedHashSet<>(REVERSED)));
    assertEquals(REVERSED, new ArrayList<>((Set<?>) value));
    assertSame(List.of("a", "b").getClass(), codec.decode(codec.encode(List.of("a", "b"))).getClass());
  }

  @Test
  void encodeKey_refusesAKeyCachingItsHashInAField_namingClassAndField() {
    SerializationException failure = assertThrows(SerializationException.class,
        () -> codec.encodeKey(new LazyHashKey("a")));
    assertEquals(LazyHashKey.class.getName(), failure.offendingClass());
    assertTrue(failure.reason().contains(LazyHashKey.class.getName() + ".hash"), failure.reason());
  }

  @Test
  void encodeKey_refusesAKeyHoldingOne_namingTheInnerField() {
    SerializationException failure = assertThrows(SerializationException.class,
        () -> codec.encodeKey(new Holder(List.of(new LazyHashKey("a")))));
    assertTrue(failure.reason().contains(LazyHashKey.class.getName() + ".hash"), failure.reason());
  }

  @Test
  void encodeKey_ofStringsAndLongs_isTheOldEncoding() {
    for (Object key : List.of("s", 42L, new Holder(new ArrayList<>(List.of("x"))))) {
      EncodedKey encoded = codec.encodeKey(key);
      assertArrayEquals(codec.encode(key), encoded.bytes());
      assertNull(encoded.legacyBytes());
    }
  }

  @Test
  void encodeKey_ofAReorderedSet_carriesTheOldEncoding() {
    Set<String> reordered = new HashSet<>(REVERSED);
    EncodedKey encoded = codec.encodeKey(reordered);
    assertArrayEquals(codec.encode(reordered), encoded.legacyBytes());
    assertFalse(Arrays.equals(encoded.bytes(), encoded.legacyBytes()));
  }

  record Holder(List<?> items) implements Serializable {}

  /** Java-serialized (it defines readObject), with a set whose iteration order depends on insertion. */
  static final class HookedKey implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Set<String> names;
    private transient int hash;

    HookedKey(Set<String> names) {
      this.names = names;
      this.hash = names.hashCode();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      hash = names.hashCode();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof HookedKey that && names.equals(that.names);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

}
