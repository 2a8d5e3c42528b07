package io.cachet.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which classes Kryo can reach, for real JDK classes and for a module defined at test time, seen from this
 * class-path Kryo (the unnamed module): a module's package that is neither open nor exported to it is as
 * closed to it as an application's package is to Kryo on the module path.
 */
class ModuleAccessTest {
  private static final ModuleAccess CLASS_PATH_KRYO = new ModuleAccess(ModuleAccessTest.class.getModule());
  private static final ClassFilter ACME = ClassFilter.withDefaults(List.of("acme.**"));

  /** acme.shown is exported, acme.open opened, acme.hidden neither. */
  private static final Map<String, String> SOURCES = Map.of(
      "module-info", "module acme.values { exports acme.shown; opens acme.open; }",
      "acme.shown.ShownRecord", "package acme.shown; public record ShownRecord(String name, int count) implements java.io.Serializable {}",
      "acme.shown.ShownPojo", serializablePojo("acme.shown", "ShownPojo"),
      // Creates the module's objects for this test, which may not reach into acme.hidden itself.
      "acme.shown.Values", """
          package acme.shown;
          public final class Values {
            public static Object create(String className, Object[] arguments) throws Exception {
              return Class.forName(className).getConstructors()[0].newInstance(arguments);
            }
          }""",
      "acme.shown.PublicFields", """
          package acme.shown;
          public class PublicFields implements java.io.Serializable { public String name; }""",
      "acme.open.OpenPojo", serializablePojo("acme.open", "OpenPojo"),
      "acme.open.OpenRecord", "package acme.open; record OpenRecord(String name) {}",
      "acme.hidden.HiddenRecord",
          "package acme.hidden; public record HiddenRecord(String name, int count) implements java.io.Serializable {}",
      "acme.hidden.PlainRecord", "package acme.hidden; public record PlainRecord(String name) {}",
      "acme.hidden.HiddenPojo", serializablePojo("acme.hidden", "HiddenPojo"));

  /** The source of a Serializable class with one private field, equal by it. */
  private static String serializablePojo(String packageName, String simpleName) {
    return """
        package %s;
        public class %s implements java.io.Serializable {
          private final String name;
          public %s(String name) { this.name = name; }
          @Override public boolean equals(Object o) { return o instanceof %s p && p.name.equals(name); }
          @Override public int hashCode() { return name.hashCode(); }
        }""".formatted(packageName, simpleName, simpleName, simpleName);
  }

  @TempDir
  static Path directory;
  private static ClassLoader acme;

  @BeforeAll
  static void defineModule() throws Exception {
    Path classes = directory.resolve("classes");
    List<String> arguments = new ArrayList<>(List.of("-d", classes.toString()));
    for (Map.Entry<String, String> source : SOURCES.entrySet()) {
      Path file = directory.resolve("src").resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      arguments.add(file.toString());
    }
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(String[]::new)));
    ModuleLayer boot = ModuleLayer.boot();
    Configuration configuration =
        boot.configuration().resolve(ModuleFinder.of(classes), ModuleFinder.of(), Set.of("acme.values"));
    acme = boot.defineModulesWithOneLoader(configuration, ModuleAccessTest.class.getClassLoader())
        .findLoader("acme.values");
  }

  private static Class<?> acme(String name) throws ClassNotFoundException {
    return Class.forName(name, false, acme);
  }

  private static Object create(String name, Object... arguments) throws Exception {
    return acme("acme.shown.Values").getMethod("create", String.class, Object[].class)
        .invoke(null, name, arguments);
  }

  @Test
  void classPathClasses_areReachable() {
    assertTrue(CLASS_PATH_KRYO.reachesFields(KryoValueCodecTest.Money.class));
    assertTrue(CLASS_PATH_KRYO.reachesRecord(KryoValueCodecTest.Point.class));
  }

  @Test
  void jdkClassWithPrivateFields_isNotReachable_inAPackageOpenToNoOne() {
    assertFalse(CLASS_PATH_KRYO.reachesFields(java.util.ArrayList.class));
    assertFalse(CLASS_PATH_KRYO.reachesFields(java.util.AbstractMap.SimpleEntry.class));
  }

  @Test
  void jdkClassWithOnlyPublicFields_inAnExportedPackage_isReachable() {
    assertTrue(CLASS_PATH_KRYO.reachesFields(java.awt.Point.class));
  }

  @Test
  void publicJdkRecord_inAnExportedPackage_isReachable() {
    assertTrue(CLASS_PATH_KRYO.reachesRecord(jdk.net.UnixDomainPrincipal.class));
  }

  @Test
  void exportedPackage_reachesPublicRecordsAndPublicFields_notPrivateFields() throws Exception {
    assertTrue(CLASS_PATH_KRYO.reachesRecord(acme("acme.shown.ShownRecord")));
    assertTrue(CLASS_PATH_KRYO.reachesFields(acme("acme.shown.PublicFields")));
    assertFalse(CLASS_PATH_KRYO.reachesFields(acme("acme.shown.ShownPojo")));
  }

  @Test
  void openPackage_reachesEverything_evenNonPublicRecords() throws Exception {
    assertTrue(CLASS_PATH_KRYO.reachesFields(acme("acme.open.OpenPojo")));
    assertTrue(CLASS_PATH_KRYO.reachesRecord(acme("acme.open.OpenRecord")));
  }

  @Test
  void packageNeitherOpenNorExported_reachesNothing() throws Exception {
    assertFalse(CLASS_PATH_KRYO.reachesRecord(acme("acme.hidden.HiddenRecord")));
    assertFalse(CLASS_PATH_KRYO.reachesFields(acme("acme.hidden.HiddenPojo")));
  }

  @Test
  void theKryoItselfSeesTheModuleAsThisTestDoes() throws Exception {
    // Both on the class path here: what the tests above decide is what Cachet's Kryo decides.
    assertTrue(ModuleAccess.KRYO.reachesRecord(acme("acme.shown.ShownRecord")));
    assertFalse(ModuleAccess.KRYO.reachesRecord(acme("acme.hidden.HiddenRecord")));
  }

  @Test
  void unreachableClasses_areWrittenWithJavaSerialization_reachableOnesByKryo() throws Exception {
    CachetKryo kryo = CachetKryo.create(acme, ACME);
    assertInstanceOf(FilteredJavaSerializer.class, kryo.getDefaultSerializer(acme("acme.hidden.HiddenRecord")));
    assertInstanceOf(FilteredJavaSerializer.class, kryo.getDefaultSerializer(acme("acme.hidden.HiddenPojo")));
    assertInstanceOf(FilteredJavaSerializer.class, kryo.getDefaultSerializer(acme("acme.shown.ShownPojo")));
    assertInstanceOf(ShapeCheckedSerializer.class, kryo.getDefaultSerializer(acme("acme.shown.ShownRecord")));
    assertInstanceOf(ShapeCheckedSerializer.class, kryo.getDefaultSerializer(acme("acme.open.OpenPojo")));
  }

  @Test
  void valuesOfEveryPackage_roundTrip_withoutOpeningIt() throws Exception {
    KryoValueCodec codec = new KryoValueCodec(acme, ACME);
    for (Object value : List.of(create("acme.hidden.HiddenRecord", "hidden", 7), create("acme.hidden.HiddenPojo", "h"),
        create("acme.shown.ShownPojo", "s"), create("acme.shown.ShownRecord", "shown", 3),
        create("acme.open.OpenPojo", "o"), List.of(create("acme.hidden.HiddenRecord", "in a list", 1)))) {
      Object copy = codec.decode(codec.encode(value));
      assertEquals(value, copy);
      assertNotSame(value, copy);
    }
  }

  @Test
  void keysOfAClosedPackage_encodeEqually_forEqualInstances() throws Exception {
    KryoValueCodec codec = new KryoValueCodec(acme, ACME);
    assertTrue(Arrays.equals(codec.encodeKey(create("acme.hidden.HiddenRecord", "k", 1)).bytes(),
        codec.encodeKey(create("acme.hidden.HiddenRecord", "k", 1)).bytes()));
  }

  @Test
  void nonSerializableRecord_inAClosedPackage_isRefused_asEverywhere_notSentToKryo() throws Exception {
    KryoValueCodec codec = new KryoValueCodec(acme, ACME);
    Object plain = create("acme.hidden.PlainRecord", "p");
    SerializationException refused = assertThrows(SerializationException.class, () -> codec.encode(plain));
    assertEquals("acme.hidden.PlainRecord", refused.offendingClass());
    assertTrue(refused.reason().contains("does not implement java.io.Serializable"), refused.reason());
  }
}
