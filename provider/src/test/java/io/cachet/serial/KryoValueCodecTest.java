package io.cachet.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KryoValueCodecTest {
  private static final ClassFilter THIS_PACKAGE = ClassFilter.withDefaults(List.of("io.cachet.serial.*"));

  private final KryoValueCodec codec = new KryoValueCodec(getClass().getClassLoader(), THIS_PACKAGE);

  enum Color { RED, GREEN { @Override public String toString() { return "g"; } } }

  record Point(int x, int y) implements Serializable {}

  /** No no-arg constructor. */
  static final class Money implements Serializable {
    private static final long serialVersionUID = 1L;
    final BigDecimal amount;
    final String currency;

    Money(BigDecimal amount, String currency) {
      this.amount = amount;
      this.currency = currency;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Money m && amount.equals(m.amount) && currency.equals(m.currency);
    }

    @Override
    public int hashCode() {
      return Objects.hash(amount, currency);
    }
  }

  static final class Cached implements Serializable {
    private static final long serialVersionUID = 1L;
    final String id;
    private transient int hash;

    Cached(String id) {
      this.id = id;
      this.hash = id.hashCode();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      hash = id.hashCode();
    }
  }

  /** A user collection with a hook: the hook must win over Kryo's CollectionSerializer. */
  static final class HookedList extends ArrayList<String> {
    private static final long serialVersionUID = 1L;
    transient boolean restored;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      restored = true;
    }
  }

  static final class NotSerializable {}

  static final class Node implements Serializable {
    private static final long serialVersionUID = 1L;
    Node next;
  }

  private Object roundTrip(Object value) throws UndecodableException {
    return codec.decode(codec.encode(value));
  }

  @Test
  void largeByteArrays_encodeAsClassLengthAndBytes_andRoundTrip_acrossLengthEncodingSizes() throws Exception {
    int header = codec.encode(new byte[0]).length - 1;
    for (int length : new int[] {4095, 4096, 16382, 16383, 16384, (1 << 21) - 2, (1 << 21) - 1, 1 << 20}) {
      byte[] value = new byte[length];
      Arrays.fill(value, (byte) 7);
      value[length - 1] = 9;
      byte[] encoded = codec.encode(value);
      int lengthBytes = length + 1 < (1 << 7) ? 1 : length + 1 < (1 << 14) ? 2 : length + 1 < (1 << 21) ? 3 : 4;
      assertEquals(header + lengthBytes + length, encoded.length, "length " + length);
      assertArrayEquals(value, Arrays.copyOfRange(encoded, encoded.length - length, encoded.length));
      assertArrayEquals(value, (byte[]) codec.decode(encoded), "length " + length);
    }
  }

  @Test
  void id_isKryo5() {
    assertEquals("kryo5", codec.id());
  }

  @Test
  void encode_isDeterministic_acrossCodecInstances_forTypicalKeys() {
    KryoValueCodec other = new KryoValueCodec(getClass().getClassLoader(), THIS_PACKAGE);
    UUID uuid = UUID.randomUUID();
    for (Object[] pair : List.of(
        new Object[] {"key", new String("key")},
        new Object[] {7L, Long.valueOf(7L)},
        new Object[] {new Date(99), new Date(99)},
        new Object[] {new Point(1, 2), new Point(1, 2)},
        new Object[] {uuid, UUID.fromString(uuid.toString())},
        new Object[] {Color.GREEN, Color.GREEN},
        new Object[] {Instant.ofEpochSecond(5), Instant.ofEpochSecond(5)},
        new Object[] {LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 2)},
        new Object[] {List.of("a", 1), List.of("a", 1)})) {
      assertArrayEquals(codec.encode(pair[0]), other.encode(pair[1]), pair[0].toString());
    }
  }

  @Test
  void encode_distinguishesTypes_ofEqualLookingKeys() {
    assertNotEquals(Arrays.toString(codec.encode(1L)), Arrays.toString(codec.encode(1)));
  }

  @Test
  void roundTrip_returnsEqualFreshObjects() throws Exception {
    Map<String, Object> map = new TreeMap<>(Map.of("a", 1));
    ZonedDateTime now = ZonedDateTime.now();
    for (Object value : List.of("s", 1, 2L, 3.5, true, 'c', new BigDecimal("1.10"), new Point(3, 4),
        Color.RED, Color.GREEN, UUID.randomUUID(), map, now, new Money(BigDecimal.TEN, "EUR"),
        Collections.unmodifiableList(new ArrayList<>(List.of(1))), Arrays.asList(1, 2), List.of(), Map.of(),
        Collections.unmodifiableMap(new TreeMap<>(Map.of("k", "v"))))) {
      Object copy = roundTrip(value);
      assertEquals(value, copy, value.getClass().getName());
    }
    assertNotSame(map, roundTrip(map));
  }

  @Test
  void roundTrip_handlesPublicJdkClassesWithoutKryoSerializer_viaJavaSerialization() throws Exception {
    assertEquals(5L, ((AtomicLong) roundTrip(new AtomicLong(5))).get());
  }

  @Test
  void roundTrip_rebuildsTransientState_ofClassesWithReadObject() throws Exception {
    Cached copy = (Cached) roundTrip(new Cached("abc"));
    HookedList list = new HookedList();
    list.add("x");
    HookedList listCopy = (HookedList) roundTrip(list);

    assertEquals("abc".hashCode(), copy.hash);
    assertTrue(listCopy.restored);
    assertEquals(List.of("x"), listCopy);
  }

  @Test
  void encode_refusesNonSerializableClass_namingIt() {
    SerializationException failure = assertThrows(SerializationException.class,
        () -> codec.encode(new NotSerializable()));

    assertEquals(NotSerializable.class.getName(), failure.offendingClass());
    assertEquals("it does not implement java.io.Serializable", failure.reason());
  }

  @Test
  void encode_refusesNonSerializableClass_nestedInACollection() {
    SerializationException failure = assertThrows(SerializationException.class,
        () -> codec.encode(new ArrayList<>(List.of(new NotSerializable()))));

    assertEquals(NotSerializable.class.getName(), failure.offendingClass());
  }

  @Test
  void encode_namesTheNonSerializableClass_insideAJavaSerializedGraph_notTheStreamsOwnException() {
    // List.of (Stream.toList) is JDK-private, so Java serialization writes it; its failure must still name
    // the application's class, never the NotSerializableException it would write into the stream.
    for (Object value : List.of(List.of(new NotSerializable()), Collections.singletonMap("k", new NotSerializable()))) {
      SerializationException failure = assertThrows(SerializationException.class, () -> codec.encode(value));

      assertEquals(NotSerializable.class.getName(), failure.offendingClass(), failure.getMessage());
      assertEquals("it does not implement java.io.Serializable", failure.reason());
    }
  }

  @Test
  void encode_reportsCyclicGraphs_asSerializationFailure() {
    Node node = new Node();
    node.next = node;

    SerializationException failure = assertThrows(SerializationException.class, () -> codec.encode(node));

    assertEquals(Node.class.getName(), failure.offendingClass());
  }

  @Test
  void decode_throwsUndecodable_forGarbageTruncatedOrTrailingBytes() {
    byte[] good = codec.encode(new Money(BigDecimal.ONE, "USD"));
    byte[] trailing = Arrays.copyOf(good, good.length + 1);

    assertThrows(UndecodableException.class, () -> codec.decode(new byte[] {1, 2, 3, 4, 5}));
    assertThrows(UndecodableException.class, () -> codec.decode(Arrays.copyOf(good, good.length - 3)));
    assertThrows(UndecodableException.class, () -> codec.decode(trailing));
    assertThrows(UndecodableException.class, () -> codec.decode(new byte[0]));
  }

  @Test
  void codec_staysUsable_afterFailures() throws Exception {
    for (int i = 0; i < 50; i++) {
      assertThrows(SerializationException.class, () -> codec.encode(new NotSerializable()));
      assertThrows(UndecodableException.class, () -> codec.decode(new byte[] {9, 9, 9}));
    }
    assertEquals("ok", roundTrip("ok"));
  }

  @Test
  void codec_isThreadSafe() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            Money money = new Money(BigDecimal.valueOf(thread * 1000L + i), "EUR");
            if (!money.equals(roundTrip(money))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertTrue(result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void encode_largeValue_thenSmallValues_stillCorrect() throws Exception {
    String big = "y".repeat(3 * 1024 * 1024);

    assertEquals(big, roundTrip(big));
    assertEquals("small", roundTrip("small"));
  }

  @Test
  void encode_largeByteArraysAndStrings_inAnyOrderOfSize_roundTripExactly() throws Exception {
    byte[] bytes = new byte[2 * 1024 * 1024 + 3];
    new Random(7).nextBytes(bytes);
    String threeByteChars = "\u20ac".repeat(700_000);
    String surrogatePairs = "\ud83d\ude00".repeat(300_000);

    for (Object value : List.of(bytes, "a", threeByteChars, new byte[] {1}, surrogatePairs, bytes)) {
      Object back = roundTrip(value);
      if (value instanceof byte[] array) {
        assertArrayEquals(array, (byte[]) back);
      } else {
        assertEquals(value, back);
      }
    }
  }
}

