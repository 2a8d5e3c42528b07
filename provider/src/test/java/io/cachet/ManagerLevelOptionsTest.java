package io.cachet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.StoreFixture;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manager-level option takes effect on a cache created with a plain {@link MutableConfiguration}, from
 * each of the manager's sources, observed through {@code javax.cache} and the bytes on disk, never through
 * getters: each case runs once without the option and once with it, and the two must behave as the table
 * says. Encryption at rest is checked byte for byte: a plaintext marker never reaches the database, its log
 * or a blob file, and the values read back after a restart.
 */
class ManagerLevelOptionsTest {
  private static final String CACHE = "c";
  private static final byte[] MARKER = "CACHET-PLAINTEXT-MARKER-7f3a".getBytes(StandardCharsets.US_ASCII);
  private static final int BLOB_SIZE = 200 * 1024;

  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private Path directory;
  private final List<String> systemProperties = new ArrayList<>();

  @BeforeEach
  void open() {
    directory = cachet.root();
  }

  @AfterEach
  void clearSystemProperties() {
    systemProperties.forEach(System::clearProperty);
  }

  /** Where a manager-level option is set. */
  enum Source { PASSED_PROPERTIES, PROPERTIES_FILE, SYSTEM_PROPERTY }

  /** What a scenario saw, as a word or two the table compares. */
  @FunctionalInterface
  interface Scenario {
    String run(Root root) throws Exception;
  }

  /** One row: the option, its value, what the scenario sees without it and with it. */
  record Case(String option, String value, Scenario scenario, String withoutOption, String withOption) {
    @Override
    public String toString() {
      return option + "=" + value;
    }
  }

  static List<Case> table() {
    return List.of(
        new Case("maxEntries", "2", root -> {
          Cache<String, Object> cache = root.cache();
          for (int i = 0; i < 5; i++) {
            cache.put("k" + i, "v" + i);
          }
          return count(cache) + " entries";
        }, "5 entries", "2 entries"),
        new Case("maxBytes", "3000", root -> {
          Cache<String, Object> cache = root.cache();
          for (int i = 0; i < 5; i++) {
            cache.put("k" + i, new byte[1000]);
          }
          return count(cache) == 5 ? "all kept" : "evicted";
        }, "all kept", "evicted"),
        new Case("maxValueBytes", "500", root -> {
          try {
            root.cache().put("k", new byte[1000]);
            return "stored";
          } catch (CacheException e) {
            return e.getMessage().contains("maxValueBytes") ? "refused" : e.getMessage();
          }
        }, "stored", "refused"),
        new Case("deleteInvalidSignatures", "false", ManagerLevelOptionsTest::tamperedRowAfterRestart,
            "miss, row deleted", "miss, row kept"),
        new Case("storageMode", "true", ManagerLevelOptionsTest::tamperedRowAfterRestart,
            "miss, row deleted", "miss, row kept"),
        new Case("allowUnsignedEntries", "true", root -> {
          root.cache().put("k", "value");
          root.restart();
          root.sql("UPDATE entries SET entry_signature = NULL");
          return String.valueOf(root.cache().get("k"));
        }, "null", "value"),
        new Case("minimumSignatureVersion", "2", root -> {
          root.cache().put("k", "value");
          root.restart();
          root.sql("UPDATE entries SET entry_signature = 'v2:' || substr(entry_signature, 4)");
          Cache<String, Object> cache = root.cache();
          List<IntegrityEvent.Reason> reasons = new ArrayList<>();
          cache.unwrap(SealedCache.class).registerIntegrityListener(event -> reasons.add(event.reason()));
          return cache.get("k") + " " + reasons;
        }, "null [OLD_VERSION]", "null [BAD_SIGNATURE]"),
        new Case("signingKeyFile", "custom_key.bin", root -> {
          root.cache().put("k", "value");
          try (Stream<Path> files = Files.list(root.path)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".bin")).sorted()
                .toList().toString();
          }
        }, "[cache_signing_key.bin]", "[custom_key.bin]"),
        new Case("allowedClasses", Ticket.class.getName(), root -> {
          try {
            root.cache().put("k", new Ticket("t-1"));
            return "stored";
          } catch (CacheException e) {
            return e.getMessage().contains("allowedClasses") ? "refused" : e.getMessage();
          }
        }, "refused", "stored"),
        new Case("enableEntrySigning", "false", root -> {
          root.cache().put("k", "value");
          Object signature = StoreFixture.query(root.path, "SELECT entry_signature FROM entries");
          return signature == null || signature.toString().isEmpty() ? "unsigned" : "signed";
        }, "signed", "unsigned"),
        new Case("useInMemoryKey", "true", root -> {
          root.cache().put("k", "value");
          root.restart();
          return String.valueOf(root.cache().get("k"));
        }, "value", "null"),
        new Case("encryptAtRest", "true", root -> {
          root.cache().put("k", "value");
          return String.valueOf(StoreFixture.query(root.path, "SELECT encryption FROM entries"));
        }, "none", "aes-256-gcm"),
        new Case("inlineThreshold", "64", root -> {
          root.cache().put("k", new byte[1000]);
          return StoreFixture.blobFiles(root.path).size() + " blob files";
        }, "0 blob files", "1 blob files"));
  }

  static Stream<Arguments> cases() {
    return Arrays.stream(Source.values()).flatMap(source -> table().stream().map(row -> Arguments.of(source, row)));
  }

  @ParameterizedTest(name = "{1} from {0}")
  @MethodSource("cases")
  void managerLevelOption_takesEffect_onAPlainMutableConfiguration(Source source, Case row) throws Exception {
    assertEquals(row.withoutOption(), row.scenario().run(new Root(directory.resolve("without"), source, null, null)),
        "without " + row);
    assertEquals(row.withOption(), row.scenario().run(new Root(directory.resolve("with"), source, row.option(),
        row.value())), "with " + row + " set from the " + source);
  }

  @ParameterizedTest(name = "from the {0}")
  @EnumSource(Source.class)
  void managerLevelEncryption_keepsPlaintextOffEveryFile_andReadsBackAfterRestart(Source source) throws Exception {
    Root root = new Root(directory.resolve("root"), source, "encryptAtRest", "true");
    putInlineAndBlob(root.cache());
    root.close();

    assertStoredAsInlineAndBlob(root.path);
    assertFalse(markerOnDisk(root.path), "the plaintext marker is in a file under the root");
    assertEquals(List.of("aes-256-gcm"), encryptionColumn(root.path));
    assertReadsBack(root.cache());
  }

  @Test
  void withoutEncryption_theMarkerIsOnDisk_soTheProbeCanSeePlaintext() throws Exception {
    Root root = new Root(directory.resolve("root"), Source.PASSED_PROPERTIES, null, null);
    putInlineAndBlob(root.cache());
    root.close();

    assertStoredAsInlineAndBlob(root.path);
    assertTrue(markerOnDisk(root.path), "the unencrypted marker is on disk");
    assertEquals(List.of("none"), encryptionColumn(root.path));
  }

  /** A cache's own setting overrides the manager's (CachetConfiguration: unset options take the manager's). */
  @Test
  void cacheLevelEncryptionOff_overridesTheManagersDefaultOn() throws Exception {
    Root root = new Root(directory.resolve("root"), Source.PASSED_PROPERTIES, "encryptAtRest", "true");
    putInlineAndBlob(root.cache(new CachetConfiguration<String, Object>().setEncryptAtRest(false)));
    root.close();

    assertTrue(markerOnDisk(root.path), "the cache asked for plaintext");
    assertEquals(List.of("none"), encryptionColumn(root.path));
    assertReadsBack(root.cache(new CachetConfiguration<String, Object>().setEncryptAtRest(false)));
  }

  @Test
  void cacheLevelEncryptionOn_overridesTheManagersDefaultOff() throws Exception {
    Root root = new Root(directory.resolve("root"), Source.PASSED_PROPERTIES, "encryptAtRest", "false");
    putInlineAndBlob(root.cache(new CachetConfiguration<String, Object>().setEncryptAtRest(true)));
    root.close();

    assertFalse(markerOnDisk(root.path), "the cache asked for encryption");
    assertEquals(List.of("aes-256-gcm"), encryptionColumn(root.path));
  }

  /** A root whose manager takes one option from one source, reopened by a fresh provider on restart. */
  final class Root {
    final Path path;
    private final Source source;
    private final String option;
    private final String value;
    private CachetCachingProvider provider;

    Root(Path path, Source source, String option, String value) throws Exception {
      this.path = Files.createDirectories(path);
      this.source = source;
      this.option = option;
      this.value = value;
    }

    Cache<String, Object> cache() throws Exception {
      return cache(new MutableConfiguration<>());
    }

    Cache<String, Object> cache(CompleteConfiguration<String, Object> configuration) throws Exception {
      CacheManager manager = manager();
      Cache<String, Object> cache = manager.getCache(CACHE);
      return cache != null ? cache : manager.createCache(CACHE, configuration);
    }

    void restart() {
      close();
    }

    void close() {
      if (provider != null) {
        provider.close();
        provider = null;
      }
    }

    /** Runs SQL on the closed root's database, as someone who can write the root would. */
    void sql(String statement) throws Exception {
      close();
      try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + path.resolve("cachet.db"))) {
        db.createStatement().executeUpdate(statement);
      }
    }

    private CacheManager manager() throws Exception {
      if (provider == null) {
        provider = cachet.newProvider();
      }
      Properties passed = new Properties();
      URI uri = path.toUri();
      if (option != null) {
        switch (source) {
          case PASSED_PROPERTIES -> passed.setProperty(option, value);
          case PROPERTIES_FILE -> {
            Path file = path.resolveSibling(path.getFileName() + ".properties");
            Files.writeString(file, "root=" + path.getFileName() + "\n" + option + "=" + value + "\n");
            uri = file.toUri();
          }
          case SYSTEM_PROPERTY -> {
            System.setProperty("cachet." + option, value);
            systemProperties.add("cachet." + option);
          }
        }
      }
      try {
        return provider.getCacheManager(uri, getClass().getClassLoader(), passed);
      } finally {
        systemProperties.forEach(System::clearProperty);
      }
    }
  }

  private static String tamperedRowAfterRestart(Root root) throws Exception {
    root.cache().put("k", "value");
    root.sql("UPDATE entries SET created_at = created_at + 1");
    Object found = root.cache().get("k");
    return (found == null ? "miss" : "hit") + ", row " + (StoreFixture.rowCount(root.path, CACHE) == 1 ? "kept"
        : "deleted");
  }

  private static int count(Cache<String, Object> cache) {
    int count = 0;
    for (Cache.Entry<String, Object> ignored : cache) {
      count++;
    }
    return count;
  }

  private static void putInlineAndBlob(Cache<String, Object> cache) {
    cache.put("inline", markedBytes(2 * 1024));
    cache.put("blob", markedBytes(BLOB_SIZE));
  }

  private static void assertReadsBack(Cache<String, Object> cache) {
    assertArrayEquals(markedBytes(2 * 1024), (byte[]) cache.get("inline"));
    assertArrayEquals(markedBytes(BLOB_SIZE), (byte[]) cache.get("blob"));
  }

  /** Bytes that are the marker over and over: any plaintext copy of them on disk holds the marker. */
  private static byte[] markedBytes(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = MARKER[i % MARKER.length];
    }
    return bytes;
  }

  private static void assertStoredAsInlineAndBlob(Path root) throws Exception {
    assertEquals("inline", StoreFixture.query(root, "SELECT storage_format FROM entries WHERE blob_id IS NULL"));
    assertEquals("blob", StoreFixture.query(root, "SELECT storage_format FROM entries WHERE blob_id IS NOT NULL"));
    assertEquals(1, StoreFixture.blobFiles(root).size());
  }

  private static List<String> encryptionColumn(Path root) throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("cachet.db"));
        var rs = db.createStatement().executeQuery("SELECT DISTINCT encryption FROM entries")) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  /** Whether the marker's bytes are in any regular file under the root: cachet.db, its -wal, the blobs. */
  private static boolean markerOnDisk(Path root) throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertTrue(files.contains(root.resolve("cachet.db")), files.toString());
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      for (int i = 0; i + MARKER.length <= bytes.length; i++) {
        if (Arrays.equals(bytes, i, i + MARKER.length, MARKER, 0, MARKER.length)) {
          return true;
        }
      }
    }
    return false;
  }

  /** An application value type, outside Cachet's default allow-list. */
  record Ticket(String id) implements Serializable {}
}
