package io.cachet.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.serial.CompiledClasses.RecordingLoader;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The class filter on real Kryo payloads. Classes under {@code acme.bad} are outside the strict filter and
 * record their static initializer and constructor in {@link Probe}; {@code acme.ok} holds allowed containers.
 * Read-side tests write with a permissive codec, then decode with a strict one over a fresh class loader.
 */
class ClassFilterEnforcementTest {
  private static final String FOO = "acme.bad.Foo";
  private static final String FINAL_FOO = "acme.bad.FinalFoo";
  private static final ClassFilter PERMISSIVE = ClassFilter.withDefaults(List.of("acme.**"));
  private static final ClassFilter STRICT = ClassFilter.withDefaults(List.of("acme.ok.*"));
  private static final ClassFilter DEFAULTS = ClassFilter.withDefaults(List.of());

  @TempDir
  static Path classes;

  private static CompiledClasses compiled;

  @BeforeAll
  static void compileClasses() throws Exception {
    compiled = CompiledClasses.compile(classes, Map.of(
        FOO, tracked("package acme.bad; public class Foo"),
        FINAL_FOO, tracked("package acme.bad; public final class FinalFoo"),
        "acme.ok.Holder", "package acme.ok; public class Holder implements java.io.Serializable {"
            + " public acme.bad.Foo foo; }",
        "acme.ok.FinalHolder", "package acme.ok; public class FinalHolder implements java.io.Serializable {"
            + " public acme.bad.FinalFoo foo; }",
        "acme.ok.Hooked", "package acme.ok; public class Hooked implements java.io.Serializable {"
            + " public Object payload;"
            + " private void readObject(java.io.ObjectInputStream in) throws java.io.IOException,"
            + " ClassNotFoundException { in.defaultReadObject(); } }",
        "acme.ok.Shade", "package acme.ok; public enum Shade { LIGHT, DARK }",
        "acme.ok.Pair", "package acme.ok; public record Pair(String name, Shade shade)"
            + " implements java.io.Serializable {}"));
  }

  /** A class whose static initializer and constructor report to the probe. */
  private static String tracked(String declaration) {
    String simpleName = declaration.substring(declaration.lastIndexOf(' ') + 1);
    return declaration + " implements java.io.Serializable {"
        + " static { io.cachet.serial.Probe.initialized(" + simpleName + ".class); }"
        + " public String name = \"foo\";"
        + " public " + simpleName + "() { io.cachet.serial.Probe.constructed(" + simpleName + ".class); } }";
  }

  /** Builds a value that holds a class outside the strict filter, with the given loader's classes. */
  @FunctionalInterface
  interface Graph {
    Object build(RecordingLoader loader) throws Exception;
  }

  static Stream<Arguments> graphsHoldingAClassOutsideTheFilter() {
    return Stream.of(
        Arguments.of("element of a list", FOO, (Graph) loader -> new ArrayList<>(List.of(loader.create(FOO)))),
        Arguments.of("map value", FOO, (Graph) loader -> new HashMap<>(Map.of("k", loader.create(FOO)))),
        Arguments.of("field of an allowed class", FOO, (Graph) loader -> holder(loader, "acme.ok.Holder", FOO)),
        Arguments.of("field whose declared type is final", FINAL_FOO,
            (Graph) loader -> holder(loader, "acme.ok.FinalHolder", FINAL_FOO)),
        Arguments.of("array component", FOO, (Graph) loader -> {
          Object array = Array.newInstance(loader.loadClass(FOO), 1);
          Array.set(array, 0, loader.create(FOO));
          return array;
        }),
        Arguments.of("field of a Java-serialized class", FOO, (Graph) loader -> {
          Object hooked = loader.create("acme.ok.Hooked");
          hooked.getClass().getField("payload").set(hooked, loader.create(FOO));
          return hooked;
        }));
  }

  private static Object holder(RecordingLoader loader, String holderClass, String fooClass) throws Exception {
    Object holder = loader.create(holderClass);
    holder.getClass().getField("foo").set(holder, loader.create(fooClass));
    return holder;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("graphsHoldingAClassOutsideTheFilter")
  void encode_refusesClassOutsideFilter_anywhereInTheGraph_namingItAndHowToAllowIt(
      String where, String refused, Graph graph) throws Exception {
    RecordingLoader loader = compiled.newLoader();
    Object value = graph.build(loader);

    SerializationException failure = assertThrows(SerializationException.class,
        () -> new KryoValueCodec(loader, STRICT).encode(value));

    assertEquals(refused, failure.offendingClass());
    assertTrue(failure.reason().contains("not in the class allow-list"), failure.reason());
    assertTrue(failure.reason().contains("allowedClasses"), failure.reason());
    assertTrue(failure.reason().contains("acme.bad.*") && failure.reason().contains("acme.bad.**"), failure.reason());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("graphsHoldingAClassOutsideTheFilter")
  void decode_refusesClassOutsideFilter_anywhereInTheGraph_withoutRunningItsStaticInitializerOrConstructor(
      String where, String refused, Graph graph) throws Exception {
    byte[] bytes = new KryoValueCodec(compiled.newLoader(), PERMISSIVE).encode(graph.build(compiled.newLoader()));
    RecordingLoader reader = compiled.newLoader();

    ClassNotAllowedException failure = assertThrows(ClassNotAllowedException.class,
        () -> new KryoValueCodec(reader, STRICT).decode(bytes));

    assertEquals(refused, failure.className());
    assertFalse(Probe.touched(refused, reader), refused + " was initialized or constructed");
  }

  @Test
  void decode_refusesStoredClassName_beforeLoadingTheClass() throws Exception {
    RecordingLoader writer = compiled.newLoader();
    byte[] bytes = new KryoValueCodec(writer, PERMISSIVE).encode(new ArrayList<>(List.of(writer.create(FOO))));
    RecordingLoader reader = compiled.newLoader();

    assertThrows(ClassNotAllowedException.class, () -> new KryoValueCodec(reader, STRICT).decode(bytes));

    assertTrue(writer.loaded(FOO));
    assertFalse(reader.loaded(FOO));
  }

  @Test
  void decode_refusesJavaSerializedClassOutsideFilter_beforeLoadingTheClass() throws Exception {
    RecordingLoader writer = compiled.newLoader();
    Object hooked = writer.create("acme.ok.Hooked");
    hooked.getClass().getField("payload").set(hooked, writer.create(FOO));
    byte[] bytes = new KryoValueCodec(writer, PERMISSIVE).encode(hooked);
    RecordingLoader reader = compiled.newLoader();

    ClassNotAllowedException failure = assertThrows(ClassNotAllowedException.class,
        () -> new KryoValueCodec(reader, STRICT).decode(bytes));

    assertEquals(FOO, failure.className());
    assertTrue(reader.loaded("acme.ok.Hooked"));
    assertFalse(reader.loaded(FOO));
  }

  @Test
  void decode_readsAllowedClasses_ofAStrictFilter() throws Exception {
    RecordingLoader writer = compiled.newLoader();
    Object hooked = writer.create("acme.ok.Hooked");
    hooked.getClass().getField("payload").set(hooked, "text");
    byte[] bytes = new KryoValueCodec(writer, PERMISSIVE).encode(hooked);

    Object copy = new KryoValueCodec(compiled.newLoader(), STRICT).decode(bytes);

    assertEquals("acme.ok.Hooked", copy.getClass().getName());
    assertEquals("text", copy.getClass().getField("payload").get(copy));
  }

  @Test
  void defaults_allowJdkValueTypesAndCollections() throws Exception {
    KryoValueCodec codec = new KryoValueCodec(getClass().getClassLoader(), DEFAULTS);
    Map<String, Object> linked = new LinkedHashMap<>();
    linked.put("b", 1);
    linked.put("a", List.of(2L));
    for (Object value : List.of("s", 7L, 3, new Date(5), UUID.randomUUID(), new ArrayList<>(List.of("x")),
        new HashMap<>(Map.of("k", "v")), linked, LocalDate.of(2024, 2, 29), Instant.ofEpochSecond(9),
        Duration.ofMinutes(3), ZonedDateTime.now(), new BigDecimal("12.50"), BigInteger.TEN,
        Collections.unmodifiableList(new ArrayList<>(List.of(1))), List.of("a"), Map.of("k", 1))) {
      assertEquals(value, codec.decode(codec.encode(value)), value.getClass().getName());
    }
    Object[] array = (Object[]) codec.decode(codec.encode(new Object[] {"a", 1L}));
    assertEquals(List.of("a", 1L), List.of(array));
    assertEquals(4L, ((AtomicLong) codec.decode(codec.encode(new AtomicLong(4)))).get());
  }

  @Test
  void enumsAndRecords_inAnAllowedPackage_roundTrip() throws Exception {
    RecordingLoader loader = compiled.newLoader();
    KryoValueCodec codec = new KryoValueCodec(loader, STRICT);
    Object dark = enumConstant(loader, "DARK");
    Object pair = loader.loadClass("acme.ok.Pair").getConstructors()[0].newInstance("p", dark);

    assertEquals(pair, codec.decode(codec.encode(pair)));
    assertEquals(dark, codec.decode(codec.encode(dark)));
  }

  @Test
  void enumsAndRecords_outsideTheAllowList_areRefused() throws Exception {
    RecordingLoader loader = compiled.newLoader();
    KryoValueCodec codec = new KryoValueCodec(loader, DEFAULTS);
    Object dark = enumConstant(loader, "DARK");

    assertEquals("acme.ok.Shade",
        assertThrows(SerializationException.class, () -> codec.encode(dark)).offendingClass());
    assertEquals("acme.ok.Pair", assertThrows(SerializationException.class,
        () -> codec.encode(loader.loadClass("acme.ok.Pair").getConstructors()[0].newInstance("p", dark)))
        .offendingClass());
  }

  @Test
  void defaults_refuseJavaNetUrl_onWriteAndOnRead() throws Exception {
    URL url = new URL("http://example.com/");
    KryoValueCodec defaults = new KryoValueCodec(getClass().getClassLoader(), DEFAULTS);
    KryoValueCodec allowingUrl = new KryoValueCodec(getClass().getClassLoader(),
        ClassFilter.withDefaults(List.of("java.net.URL")));

    assertEquals("java.net.URL", assertThrows(SerializationException.class,
        () -> defaults.encode(new ArrayList<>(List.of(url)))).offendingClass());
    byte[] stored = allowingUrl.encode(new ArrayList<>(List.of(url)));
    assertEquals("java.net.URL",
        assertThrows(ClassNotAllowedException.class, () -> defaults.decode(stored)).className());
  }

  @Test
  void classNotAllowed_isUndecodable_forCallersThatOnlyKnowThat() throws Exception {
    RecordingLoader writer = compiled.newLoader();
    byte[] bytes = new KryoValueCodec(writer, PERMISSIVE).encode(writer.create(FOO));

    UndecodableException failure = assertThrows(UndecodableException.class,
        () -> new KryoValueCodec(compiled.newLoader(), STRICT).decode(bytes));

    assertInstanceOf(ClassNotAllowedException.class, failure);
    assertTrue(failure.getMessage().contains(FOO), failure.getMessage());
  }

  private static Object enumConstant(ClassLoader loader, String name) throws Exception {
    for (Object constant : loader.loadClass("acme.ok.Shade").getEnumConstants()) {
      if (constant.toString().equals(name)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(name);
  }
}
