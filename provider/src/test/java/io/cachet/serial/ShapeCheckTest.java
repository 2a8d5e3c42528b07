package io.cachet.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN §7: a class that changed shape between writing and reading (an application upgrade) makes the entry
 * undecodable, never a wrongly filled object. Versions of {@code acme.shape.Book} are compiled at test time.
 */
class ShapeCheckTest {
  private static final String BOOK = "acme.shape.Book";
  private static final String V1_FIELDS = "public String title = \"Dune\"; public int pages = 412;"
      + " public java.util.List<String> tags = new java.util.ArrayList<>(java.util.List.of(\"sf\"));";
  private static final ClassFilter ACME = ClassFilter.withDefaults(List.of("acme.**"));

  @TempDir
  Path directory;

  static final class Tiny implements Serializable {
    private static final long serialVersionUID = 1L;
    int value = 1;
  }

  static Stream<Arguments> changedShapes() {
    return Stream.of(
        Arguments.of("field added", V1_FIELDS + " public String isbn = \"x\";"),
        Arguments.of("field removed", "public String title = \"Dune\"; public int pages = 412;"),
        Arguments.of("field type changed", V1_FIELDS.replace("int pages", "long pages")),
        Arguments.of("field renamed", V1_FIELDS.replace("pages", "pageCount")),
        Arguments.of("element type changed", V1_FIELDS.replace("List<String> tags", "List<Integer> tags")
            .replace("List.of(\"sf\")", "List.of(7)")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changedShapes")
  void decode_refusesValue_whoseClassChangedShape_namingTheClass(String change, String v2Fields) throws Exception {
    byte[] stored = encodeWith(book(V1_FIELDS), "v1", loader -> loader.create(BOOK));

    UndecodableException failure = assertThrows(UndecodableException.class,
        () -> codec(book(v2Fields), "v2").decode(stored));

    assertTrue(failure.getMessage().contains(BOOK + " changed shape"), failure.getMessage());
  }

  @Test
  void decode_refusesAllowedContainer_holdingAClassThatChangedShape() throws Exception {
    String shelf = "package acme.shape; public class Shelf implements java.io.Serializable {"
        + " public Book book = new Book(); }";
    byte[] stored = encodeWith(Map.of(BOOK, source(V1_FIELDS), "acme.shape.Shelf", shelf), "v1",
        loader -> new ArrayList<>(List.of(loader.create("acme.shape.Shelf"))));
    KryoValueCodec upgraded = codec(Map.of(BOOK, source(V1_FIELDS.replace("pages", "pageCount")),
        "acme.shape.Shelf", shelf), "v2");

    UndecodableException failure = assertThrows(UndecodableException.class, () -> upgraded.decode(stored));

    assertTrue(failure.getMessage().contains(BOOK + " changed shape"), failure.getMessage());
  }

  @Test
  void decode_refusesRecord_whoseComponentsChanged() throws Exception {
    String v1 = "package acme.shape; public record Book(String title, int pages)"
        + " implements java.io.Serializable {}";
    String v2 = "package acme.shape; public record Book(String title, long pages)"
        + " implements java.io.Serializable {}";
    byte[] stored = encodeWith(Map.of(BOOK, v1), "v1",
        loader -> loader.loadClass(BOOK).getConstructors()[0].newInstance("Dune", 412));

    assertThrows(UndecodableException.class, () -> codec(Map.of(BOOK, v2), "v2").decode(stored));
  }

  /** A class Java serialization restores (it has readResolve) that declares its versions compatible. */
  private static String javaSerializedBook(String fields) {
    return "package acme.shape; public class Book implements java.io.Serializable {"
        + " private static final long serialVersionUID = 7L; " + fields
        + " private Object readResolve() { return this; } }";
  }

  @Test
  void decode_refusesJavaSerializedValue_whoseFieldsChanged_evenUnderAFixedSerialVersionUid() throws Exception {
    byte[] stored = encodeWith(Map.of(BOOK, javaSerializedBook("public int pages = 412;")), "v1",
        loader -> loader.create(BOOK));
    KryoValueCodec upgraded = codec(Map.of(BOOK, javaSerializedBook("public int pages = 412; public int b = 9;")),
        "v2");

    UndecodableException failure = assertThrows(UndecodableException.class, () -> upgraded.decode(stored));

    assertTrue(failure.getMessage().contains(BOOK) && failure.getMessage().contains("changed shape"),
        failure.getMessage());
  }

  @Test
  void decode_readsJavaSerializedValue_whoseClassWasRecompiledUnchanged() throws Exception {
    byte[] stored = encodeWith(Map.of(BOOK, javaSerializedBook("public int pages = 412;")), "v1", loader -> {
      Object book = loader.create(BOOK);
      book.getClass().getField("pages").set(book, 99);
      return book;
    });

    Object copy = codec(Map.of(BOOK, javaSerializedBook("public int pages = 412;")), "v1-again").decode(stored);

    assertEquals(99, copy.getClass().getField("pages").get(copy));
  }

  @Test
  void decode_readsValue_whoseClassWasRecompiledUnchanged() throws Exception {
    byte[] stored = encodeWith(book(V1_FIELDS), "v1", loader -> {
      Object book = loader.create(BOOK);
      book.getClass().getField("pages").set(book, 99);
      return book;
    });

    Object copy = codec(book(V1_FIELDS), "v1-again").decode(stored);

    assertEquals(99, copy.getClass().getField("pages").get(copy));
    assertEquals("Dune", copy.getClass().getField("title").get(copy));
    assertEquals(List.of("sf"), copy.getClass().getField("tags").get(copy));
  }

  @Test
  void encode_writesAClassShapeOncePerPayload_notOncePerObject() {
    KryoValueCodec codec = new KryoValueCodec(getClass().getClassLoader(),
        ClassFilter.withDefaults(List.of("io.cachet.serial.*")));
    int one = codec.encode(new ArrayList<>(List.of(new Tiny()))).length;
    int two = codec.encode(new ArrayList<>(List.of(new Tiny(), new Tiny()))).length;

    assertTrue(two - one < Long.BYTES, "each further object costs " + (two - one) + " bytes");
  }

  @Test
  void encode_staysDeterministic_acrossCodecs_withShapesWritten() throws Exception {
    CompiledClasses classes = CompiledClasses.compile(directory.resolve("v1"), book(V1_FIELDS));
    CompiledClasses.RecordingLoader loader = classes.newLoader();
    Object book = loader.create(BOOK);

    byte[] first = new KryoValueCodec(loader, ACME).encode(book);
    byte[] second = new KryoValueCodec(loader, ACME).encode(loader.create(BOOK));

    assertArrayEquals(first, second);
  }

  /** Something to encode, built with the writing version's classes. */
  @FunctionalInterface
  interface Value {
    Object build(CompiledClasses.RecordingLoader loader) throws Exception;
  }

  private byte[] encodeWith(Map<String, String> sources, String version, Value value) throws Exception {
    CompiledClasses.RecordingLoader loader = CompiledClasses.compile(directory.resolve(version), sources).newLoader();
    return new KryoValueCodec(loader, ACME).encode(value.build(loader));
  }

  private KryoValueCodec codec(Map<String, String> sources, String version) throws Exception {
    return new KryoValueCodec(CompiledClasses.compile(directory.resolve(version), sources).newLoader(), ACME);
  }

  private static Map<String, String> book(String fields) {
    return Map.of(BOOK, source(fields));
  }

  private static String source(String fields) {
    return "package acme.shape; public class Book implements java.io.Serializable { " + fields + " }";
  }
}
