package io.cachet;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layers of DESIGN §2, read from the compiled classes: each package of {@code io.cachet} depends only on
 * what its {@code package-info.java} states, the JCache layer knows no SQL, files, Kryo, crypto or storage
 * implementation (so that a new backend never touches it), and no two packages depend on each other.
 */
class LayeringTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.cachet");

  /** The JDK as a whole; packages that must not reach part of it say so in {@link Layer#forbidden}. */
  private static final String JDK = "java..";

  /** What each package may depend on (besides itself), as its package-info.java states it. */
  static Stream<Layer> layers() {
    return Stream.of(
        new Layer("io.cachet", List.of(JDK, "javax.cache.."), List.of("io.cachet.*.."),
            "the public surface, which every layer below reads Cachet's public types and options from, reaches the"
                + " manager through the ManagerFactory service instead of importing the layers"),
        new Layer("io.cachet.jcache",
            List.of(JDK, "javax.cache..", "javax.management..", "io.cachet", "io.cachet.sealed"),
            List.of("java.sql..", "java.nio.file..", "javax.crypto..", "com.esotericsoftware..", "org.sqlite..",
                "io.cachet.seal", "io.cachet.serial..", "io.cachet.store.."),
            "the JCache layer reaches persistence only through the sealed store, so a new backend never touches it"),
        new Layer("io.cachet.sealed",
            List.of(JDK, "com.sun.security.auth.module", "io.cachet", "io.cachet.seal", "io.cachet.serial",
                "io.cachet.store", "io.cachet.store.file", "io.cachet.store.sqlite"),
            List.of("java.sql..", "javax.cache..", "org.sqlite..", "com.esotericsoftware.."),
            "the sealed store composes serial, seal and store and knows neither JCache nor SQL"),
        new Layer("io.cachet.seal", List.of(JDK, "javax.crypto.."), List.of(),
            "sealing knows bytes and keys only: no storage, no serialization, no JCache"),
        new Layer("io.cachet.serial", List.of(JDK, "com.esotericsoftware..", "org.objenesis.."), List.of(),
            "serialization depends on Kryo and the JDK"),
        new Layer("io.cachet.store", List.of(JDK), List.of("java.sql.."),
            "the storage interfaces speak bytes and records, so PostgreSQL or S3 can implement them"),
        new Layer("io.cachet.store.file", List.of(JDK, "io.cachet.store"), List.of("java.sql.."),
            "the blob store implements io.cachet.store with files"),
        new Layer("io.cachet.store.jdbc", List.of(JDK, "io.cachet.store"), List.of("org.sqlite.."),
            "the SQL entry store is written once against JDBC and a dialect, knowing no database of its own"),
        new Layer("io.cachet.store.sqlite", List.of(JDK, "io.cachet.store", "io.cachet.store.jdbc", "org.sqlite.."),
            List.of(), "the entry store implements io.cachet.store with SQLite"));
  }

  @Test
  void everyPackage_statesItsAllowedDependencies() {
    Set<String> stated = layers().map(Layer::name).collect(Collectors.toCollection(TreeSet::new));
    Set<String> found = MAIN.stream().map(JavaClass::getPackageName).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(stated, found, "a new package states what it may depend on here and in its package-info.java");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void eachPackage_dependsOnlyOnWhatItsPackageInfoStates(Layer layer) {
    classes().that().resideInAPackage(layer.name())
        .should().onlyDependOnClassesThat(resideInAnyPackage(layer.allowedWithItself())
            .and(not(resideInAnyPackage(layer.forbidden().toArray(String[]::new)))))
        .because(layer.why())
        .check(MAIN);
  }

  @Test
  void jcacheLayer_importsNoStorageSerializationOrCryptoTypes() {
    noClasses().that().resideInAPackage("io.cachet.jcache")
        .should().dependOnClassesThat(resideInAnyPackage("java.sql..", "java.nio.file..", "javax.crypto..",
            "com.esotericsoftware..", "org.sqlite..", "io.cachet.store..", "io.cachet.seal", "io.cachet.serial..")
            .or(JavaClass.Predicates.equivalentTo(java.io.File.class)))
        .check(MAIN);
  }

  @Test
  void storageImplementations_areWiredInSealedStoresOnly() {
    noClasses().that().resideOutsideOfPackages("io.cachet.store.file", "io.cachet.store.sqlite")
        .and().doNotHaveFullyQualifiedName("io.cachet.sealed.SealedStores")
        .should().dependOnClassesThat().resideInAnyPackage("io.cachet.store.file", "io.cachet.store.sqlite")
        .because("SealedStores is the one wiring point: a second backend is chosen there and nowhere else")
        .check(MAIN);
  }

  @Test
  void packages_dependOnEachOtherInOneDirectionOnly() {
    slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(MAIN);
  }

  /** One slice per package (not per subtree): io.cachet.store and io.cachet.store.sqlite are two slices. */
  private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String name = javaClass.getPackageName();
      return name.startsWith("io.cachet") ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
      return "each package of io.cachet";
    }
  };

  /** A package, the packages it may depend on ({@code ..} for subpackages too), and those it must not. */
  record Layer(String name, List<String> allowed, List<String> forbidden, String why) {
    String[] allowedWithItself() {
      return Stream.concat(Stream.of(name), allowed.stream()).toArray(String[]::new);
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
