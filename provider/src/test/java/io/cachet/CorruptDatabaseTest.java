package io.cachet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A damaged {@code cachet.db} (garbage, truncated, a zeroed page) fails the open with an error naming the file
 * and the recovery option, or with {@code onCorruptDatabase=quarantine} is moved aside and the caches start
 * empty; damage met while open is a {@link CacheException}, never a wrong value.
 */
class CorruptDatabaseTest {
  private static final int PAGE = 4096;
  private static final int ENTRIES = 300;

  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private Path root;
  private CachetCachingProvider provider;
  private Path database;

  @BeforeEach
  void open() throws IOException {
    root = cachet.root();
    provider = cachet.provider();
    database = root.toRealPath().resolve("cachet.db");
  }

  private CacheManager manager(String... options) {
    return manager(getClass().getClassLoader(), options);
  }

  private CacheManager manager(ClassLoader classLoader, String... options) {
    Properties properties = new Properties();
    for (int i = 0; i < options.length; i += 2) {
      properties.setProperty(options[i], options[i + 1]);
    }
    return provider.getCacheManager(root.toUri(), classLoader, properties);
  }

  private static Cache<String, String> books(CacheManager manager) {
    return manager.createCache("books", new MutableConfiguration<String, String>().setTypes(String.class,
        String.class));
  }

  private static Cache<String, byte[]> blobs(CacheManager manager) {
    return manager.createCache("blobs", new MutableConfiguration<String, byte[]>().setTypes(String.class,
        byte[].class));
  }

  private static String value(int i) {
    return "value " + i + " " + "x".repeat(1000 + i);
  }

  /** Entries enough for the database to span a few hundred pages, and one blob; closed, so all is in the file. */
  private void writeEntries() {
    CacheManager manager = manager();
    Cache<String, String> books = books(manager);
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < ENTRIES; i++) {
      values.put("k" + i, value(i));
    }
    books.putAll(values);
    blobs(manager).put("big", new byte[200_000]);
    manager.close();
    assertFalse(Files.exists(root.resolve("cachet.db-wal")), "a clean close leaves the whole database in the file");
  }

  /** Damage to the database file that opening refuses. */
  enum Damage {
    GARBAGE_HEADER {
      @Override
      byte[] apply(byte[] file) {
        byte[] damaged = file.clone();
        byte[] garbage = new byte[100];
        new Random(1).nextBytes(garbage);
        System.arraycopy(garbage, 0, damaged, 0, garbage.length);
        return damaged;
      }
    },
    ALL_GARBAGE {
      @Override
      byte[] apply(byte[] file) {
        byte[] damaged = new byte[file.length];
        new Random(2).nextBytes(damaged);
        return damaged;
      }
    },
    CUT_TO_HALF_AT_A_PAGE_BOUNDARY {
      @Override
      byte[] apply(byte[] file) {
        return Arrays.copyOf(file, file.length / 2 / PAGE * PAGE);
      }
    },
    CUT_IN_THE_MIDDLE_OF_A_PAGE {
      @Override
      byte[] apply(byte[] file) {
        return Arrays.copyOf(file, file.length / 2 / PAGE * PAGE + 1000);
      }
    },
    CUT_TO_50_BYTES {
      @Override
      byte[] apply(byte[] file) {
        return Arrays.copyOf(file, 50);
      }
    },
    CUT_TO_1_BYTE {
      @Override
      byte[] apply(byte[] file) {
        return Arrays.copyOf(file, 1);
      }
    },
    ZERO_FILLED_MIDDLE_PAGE {
      @Override
      byte[] apply(byte[] file) {
        byte[] damaged = file.clone();
        int page = file.length / PAGE / 2;
        Arrays.fill(damaged, page * PAGE, (page + 1) * PAGE, (byte) 0);
        return damaged;
      }
    };

    abstract byte[] apply(byte[] file);
  }

  private byte[] damage(Damage damage) throws IOException {
    byte[] damaged = damage.apply(Files.readAllBytes(database));
    Files.write(database, damaged);
    return damaged;
  }

  private static void assertNamesTheFileAndTheRecovery(Path database, CacheException failure) {
    assertEquals(CacheException.class, failure.getClass());
    String message = failure.getMessage();
    assertTrue(message.contains(database.toString()), message);
    assertTrue(message.contains("not a valid, intact Cachet database"), message);
    assertTrue(message.contains("onCorruptDatabase=quarantine"), message);
  }

  /** The files directly in the root and their contents. */
  private Map<String, byte[]> rootFiles() throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> paths = Files.list(root)) {
      for (Path file : paths.filter(Files::isRegularFile).toList()) {
        files.put(file.getFileName().toString(), Files.readAllBytes(file));
      }
    }
    return files;
  }

  /**
   * Every file is still there with its bytes; new are at most the empty log and the index that SQLite creates
   * for any connection, also a read-only one, to a database whose header says WAL mode.
   */
  private void assertNothingChanged(Map<String, byte[]> before) throws IOException {
    Map<String, byte[]> after = rootFiles();
    before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
    for (String name : after.keySet()) {
      if (!before.containsKey(name)) {
        assertTrue(name.equals("cachet.db-shm") || name.equals("cachet.db-wal") && after.get(name).length == 0,
            "new file " + name);
      }
    }
  }

  private List<String> rootListing() throws IOException {
    try (Stream<Path> files = Files.list(root)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void getCacheManager_failsNamingTheFileAndTheOption_andChangesNothing_whenTheDatabaseIsDamaged(Damage damage)
      throws Exception {
    writeEntries();
    damage(damage);
    Map<String, byte[]> before = rootFiles();

    CacheException failure = assertThrows(CacheException.class, () -> manager());

    assertNamesTheFileAndTheRecovery(database, failure);
    assertNothingChanged(before);
    // Still refused: nothing was repaired or replaced behind the caller's back.
    assertNamesTheFileAndTheRecovery(database, assertThrows(CacheException.class, () -> manager()));
    assertNothingChanged(before);
  }

  @Test
  void emptyDatabaseBesideAWriteAheadLog_isRefused_ratherThanSqliteDeletingTheLog() throws Exception {
    writeEntries();
    Files.write(database, new byte[0]);
    byte[] log = new byte[32 * 1024];
    new Random(6).nextBytes(log);
    writeLog(log);

    assertNamesTheFileAndTheRecovery(database, assertThrows(CacheException.class, () -> manager()));

    assertArrayEquals(log, Files.readAllBytes(root.resolve("cachet.db-wal")));
    assertEquals(0, Files.size(database));
  }

  @Test
  void cutInsideTheLastPage_failsClosedNamingTheFile_orEveryEntryReadsBackOrIsAMiss_neverAWrongValue()
      throws Exception {
    writeEntries();
    byte[] file = Files.readAllBytes(database);
    // Whole 512-byte sectors of the last page are kept: SQLite reads the missing tail as zeros. Whether that page
    // holds entries (whose lost cells their hashes reveal) or the ledger's journal (whose NOT NULL columns the
    // open's quick_check then finds empty) depends on the order pages were allocated in.
    Files.write(database, Arrays.copyOf(file, file.length - 1024));

    CacheManager manager;
    try {
      manager = manager();
    } catch (CacheException e) {
      assertTrue(e.getMessage().contains(database + " is not a valid, intact Cachet database"), e.getMessage());
      return;
    }
    Cache<String, String> books = books(manager);
    int found = 0;
    for (int i = 0; i < ENTRIES; i++) {
      String read = books.get("k" + i);
      if (read != null) {
        assertEquals(value(i), read);
        found++;
      }
    }
    assertTrue(found >= ENTRIES - 3, "only the entries of one page tail can be lost: found " + found);
  }

  @Test
  void garbageWal_isIgnoredBySqlite_andEveryEntryReadsBack() throws Exception {
    writeEntries();
    byte[] garbage = new byte[64 * 1024];
    new Random(3).nextBytes(garbage);
    writeLog(garbage);

    CacheManager manager = manager();
    Cache<String, String> books = books(manager);
    for (int i = 0; i < ENTRIES; i++) {
      assertEquals(value(i), books.get("k" + i));
    }
    assertArrayEquals(new byte[200_000], blobs(manager).get("big"));
    books.put("after", "the garbage log");
    manager.close();

    assertEquals("the garbage log", books(manager()).get("after"));
  }

  @Test
  void quarantine_movesTheDatabaseItsLogAndTheBlobsAside_keepsTheKey_andStartsEmpty() throws Exception {
    writeEntries();
    byte[] damaged = damage(Damage.GARBAGE_HEADER);
    byte[] log = new byte[10_000];
    new Random(4).nextBytes(log);
    writeLog(log);
    Map<String, byte[]> blobFiles = filesUnder(root.resolve("blobs"));
    byte[] key = Files.readAllBytes(root.resolve("cache_signing_key.bin"));
    List<LogRecord> warnings = new ArrayList<>();

    CacheManager manager = withLog(warnings, () -> manager("onCorruptDatabase", "quarantine"));

    List<String> names = rootListing();
    String quarantined = names.stream().filter(name -> name.matches("cachet\\.db\\.corrupt-\\d{8}T\\d{6}Z"))
        .findFirst().orElseThrow(() -> new AssertionError("no quarantined database in " + names));
    String suffix = quarantined.substring("cachet.db".length());
    assertArrayEquals(damaged, Files.readAllBytes(root.resolve(quarantined)));
    assertArrayEquals(log, Files.readAllBytes(root.resolve(quarantined + "-wal")));
    assertEquals(blobFiles.keySet(), filesUnder(root.resolve("blobs" + suffix)).keySet());
    filesUnder(root.resolve("blobs" + suffix)).forEach((file, bytes) -> assertArrayEquals(blobFiles.get(file), bytes));
    assertArrayEquals(key, Files.readAllBytes(root.resolve("cache_signing_key.bin")), "the key file stays");
    assertEquals(1, warnings.size(), warnings.toString());
    String warning = warnings.get(0).getMessage();
    assertTrue(warning.contains(root.toRealPath().resolve(quarantined).toString()), warning);
    assertTrue(warning.contains(root.toRealPath().resolve("blobs" + suffix).toString()), warning);

    Cache<String, String> books = books(manager);
    assertNull(books.get("k1"));
    assertFalse(books.iterator().hasNext());
    assertNull(blobs(manager).get("big"));
    books.put("k1", "new");
    assertEquals("new", books.get("k1"));
    manager.close();

    assertEquals("new", books(manager()).get("k1"), "the next open is a normal one");
    assertArrayEquals(damaged, Files.readAllBytes(root.resolve(quarantined)), "the quarantine is left alone");
  }

  @Test
  void quarantine_again_choosesNewNames_andKeepsTheFirstQuarantine() throws Exception {
    writeEntries();
    byte[] first = damage(Damage.GARBAGE_HEADER);
    manager("onCorruptDatabase", "quarantine").close();
    books(manager()).put("k", "second database");
    provider.close();
    byte[] second = damage(Damage.ALL_GARBAGE);

    books(manager("onCorruptDatabase", "quarantine")).put("k", "third database");

    Map<String, byte[]> quarantined = new TreeMap<>();
    for (String name : rootListing()) {
      if (name.startsWith("cachet.db.corrupt-")) {
        quarantined.put(name, Files.readAllBytes(root.resolve(name)));
      }
    }
    assertEquals(2, quarantined.size(), quarantined.keySet().toString());
    List<byte[]> contents = new ArrayList<>(quarantined.values());
    assertTrue(contents.stream().anyMatch(bytes -> Arrays.equals(first, bytes)));
    assertTrue(contents.stream().anyMatch(bytes -> Arrays.equals(second, bytes)));
  }

  @Test
  void quarantine_isRefused_whileAnotherCacheManagerHasTheRootOpen() throws Exception {
    writeEntries();
    CacheManager open = manager();
    books(open).get("k1");
    // Damaged in place while that manager has it open (the way a stray write or restore would).
    damage(Damage.GARBAGE_HEADER);
    List<String> before = rootListing();
    ClassLoader otherLoader = new URLClassLoader(new URL[0], getClass().getClassLoader());

    CacheException failure = assertThrows(CacheException.class,
        () -> manager(otherLoader, "onCorruptDatabase", "quarantine"));

    assertTrue(failure.getMessage().contains(database.toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains("no other cache manager"), failure.getMessage());
    assertEquals(before, rootListing(), "nothing was moved");
  }

  @Test
  void damageWhileOpen_failsWritesNamingTheFile_readsMissOrHit_neverAWrongValue_andTheNextOpenRefusesTheFile()
      throws Exception {
    writeEntries();
    CacheManager manager = manager();
    Cache<String, String> books = books(manager);
    byte[] garbage = new byte[(int) Files.size(database)];
    new Random(5).nextBytes(garbage);
    Files.write(database, garbage);

    List<CacheException> failures = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      // A lookup whose storage fails is a miss (docs/RELIABILITY.md, fault injection): never another value.
      String read = books.get("k" + i);
      assertTrue(read == null || read.equals(value(i)), "a read misses or returns the stored value: " + read);
    }
    failures.add(assertThrows(CacheException.class, () -> books.put("new", "value")));
    for (CacheException failure : failures) {
      assertEquals(CacheException.class, failure.getClass());
      assertTrue(failure.getMessage().contains(database.toString()), failure.getMessage());
      assertTrue(failure.getMessage().contains("onCorruptDatabase=quarantine"), failure.getMessage());
    }
    try {
      manager.close();
    } catch (RuntimeException e) {
      // Closing a store on a damaged file may fail too; what matters is the next open.
    }

    assertNamesTheFileAndTheRecovery(database, assertThrows(CacheException.class, () -> manager()));
  }

  @Test
  void onCorruptDatabase_fromAPropertiesFile_quarantines(@TempDir Path configurationDirectory) throws Exception {
    writeEntries();
    damage(Damage.CUT_TO_HALF_AT_A_PAGE_BOUNDARY);
    Path configuration = configurationDirectory.resolve("cachet.properties");
    Files.writeString(configuration, "root=" + root + "\nonCorruptDatabase=quarantine\n");

    Cache<String, String> books = books(provider.getCacheManager(configuration.toUri(), null));

    assertNull(books.get("k1"));
    assertTrue(rootListing().stream().anyMatch(name -> name.startsWith("cachet.db.corrupt-")), rootListing()
        .toString());
  }

  @Test
  void onCorruptDatabase_invalidValue_isRefusedListingTheAllowedValues() {
    CacheException failure = assertThrows(CacheException.class, () -> manager("onCorruptDatabase", "repair"));

    assertTrue(failure.getMessage().contains("onCorruptDatabase=repair"), failure.getMessage());
    assertTrue(failure.getMessage().contains("'fail' or 'quarantine'"), failure.getMessage());
  }

  private static Map<String, byte[]> filesUnder(Path directory) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path file : paths.filter(Files::isRegularFile).toList()) {
        files.put(directory.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    assertFalse(files.isEmpty(), "no files under " + directory);
    return files;
  }

  /** Runs an action and collects the warnings the sealed store logs meanwhile. */
  private static <T> T withLog(List<LogRecord> warnings, Supplier<T> action) {
    Logger logger = Logger.getLogger("io.cachet.sealed");
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(new LogRecord(record.getLevel(), new SimpleFormatter().formatMessage(record)));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(handler);
    try {
      return action.get();
    } finally {
      logger.removeHandler(handler);
    }
  }

  /** Writes the database's write-ahead log, mode 0600 as SQLite creates it beside a 0600 database. */
  private void writeLog(byte[] log) throws IOException {
    Files.write(root.resolve("cachet.db-wal"), log);
    Files.setPosixFilePermissions(root.resolve("cachet.db-wal"), PosixFilePermissions.fromString("rw-------"));
  }
}
