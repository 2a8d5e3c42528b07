package io.cachet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cachet --help}, {@code caches} and {@code quarantined}, run as the operator runs them. */
class ListingIT {
  @TempDir Path temp;

  private static CacheManager manager(Path root, String... options) {
    CachingProvider provider = Caching.getCachingProvider("io.cachet.CachetCachingProvider");
    Properties properties = new Properties();
    for (int i = 0; i < options.length; i += 2) {
      properties.setProperty(options[i], options[i + 1]);
    }
    return provider.getCacheManager(root.toUri(), ListingIT.class.getClassLoader(), properties);
  }

  private static void fill(Path root, String cache, int entries, int valueBytes) {
    try (CacheManager manager = manager(root)) {
      Cache<Object, Object> created = manager.createCache(cache, new MutableConfiguration<>());
      for (int i = 0; i < entries; i++) {
        created.put(i, new byte[valueBytes]);
      }
    }
  }

  @Test
  void help_namesEveryCommand_andEachCommandHasItsOwn() throws Exception {
    CliRun help = CliRun.of("--help");
    assertEquals(0, help.exitStatus(), help::toString);
    assertEquals("", help.err(), "nothing but the help is printed");
    for (String command : List.of("caches", "inspect", "verify", "repair", "purge", "quarantined")) {
      assertTrue(help.out().contains(command), help::toString);
      CliRun own = CliRun.of(command, "--help");
      assertEquals(0, own.exitStatus(), own::toString);
      assertTrue(own.out().contains("TARGET"), own::toString);
    }
  }

  @Test
  void caches_listsEachCacheWithItsEntriesBytesSignaturesAndKey_withoutPrintingKeysOrValues() throws Exception {
    Path root = temp.resolve("root");
    fill(root, "small", 25, 100);
    fill(root, "large", 3, 40_000);

    CliRun listed = CliRun.of("caches", root.toString());

    assertEquals(0, listed.exitStatus(), listed::toString);
    String small = listed.line("small");
    assertTrue(small.matches("small\\s+25\\s+.*v6=25.*cache_signing_key\\.bin \\(id [0-9a-f]{16}\\).*"), small);
    String large = listed.line("large");
    assertTrue(large.matches("large\\s+3\\s+.*3 \\(117\\.\\d KiB\\)\\s+0\\s+v6=3.*"), large);
    assertFalse(listed.out().contains("RECORD DOES NOT VERIFY"), listed::toString);
  }

  @Test
  void caches_json_isOneDocumentWithEveryCount() throws Exception {
    Path root = temp.resolve("root");
    fill(root, "small", 4, 100);

    CliRun listed = CliRun.of("caches", root.toString(), "--json");

    assertEquals(0, listed.exitStatus(), listed::toString);
    String json = listed.out().strip();
    assertTrue(json.startsWith("{\"target\":") && json.endsWith("}"), json);
    assertTrue(json.contains("\"name\":\"small\",\"entries\":4,"), json);
    assertTrue(json.matches(".*\"blobEntries\":0,\"blobBytes\":0,\"expiredNotSwept\":0,"
        + "\"signatures\":\\{\"v6:[0-9a-f]{16}\":4\\}.*"), json);
    assertTrue(json.contains("\"recordVerifies\":true"), json);
  }

  @Test
  void caches_readsTheStoreAnOptionsFileNames() throws Exception {
    Path root = temp.resolve("elsewhere");
    fill(root, "named", 2, 10);
    Path options = Files.writeString(temp.resolve("cachet.properties"), "root=elsewhere\n");

    CliRun listed = CliRun.of("caches", options.toString());

    assertEquals(0, listed.exitStatus(), listed::toString);
    assertTrue(listed.line("named").matches("named\\s+2\\s+.*"), listed::toString);
  }

  @Test
  void caches_printsAStoredNameWithControlCharactersEscaped() throws Exception {
    Path root = temp.resolve("root");
    fill(root, "evil\u001b[2Jname", 1, 10);

    CliRun listed = CliRun.of("caches", root.toString());

    assertEquals(0, listed.exitStatus(), listed::toString);
    assertFalse(listed.out().contains("\u001b"), "no escape character reaches the terminal");
    assertTrue(listed.out().contains("evil\\u001b[2Jname"), listed::toString);
  }

  @Test
  void caches_ofAPathThatIsNoRoot_couldNotRun_andCreatesNothing() throws Exception {
    Path missing = temp.resolve("missing");

    CliRun listed = CliRun.of("caches", missing.toString());

    assertEquals(2, listed.exitStatus(), listed::toString);
    assertTrue(listed.err().contains(missing.toString()), listed::toString);
    assertFalse(Files.exists(missing));
  }

  @Test
  void caches_ofADirectoryWithoutAStore_couldNotRun_andWritesNothingThere() throws Exception {
    Path empty = Files.createDirectory(temp.resolve("empty"));

    CliRun listed = CliRun.of("caches", empty.toString());

    assertEquals(2, listed.exitStatus(), listed::toString);
    assertEquals("cachet caches: No Cachet store at " + empty + " (named by " + empty + "): it has no cachet.db",
        listed.err().strip());
    try (var files = Files.list(empty)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void anUnknownCommandOrOption_couldNotRun() throws Exception {
    assertEquals(2, CliRun.of("frobnicate").exitStatus());
    assertEquals(2, CliRun.of("caches", temp.toString(), "--no-such-option").exitStatus());
    assertEquals(2, CliRun.of("caches").exitStatus(), "TARGET is required");
  }

  @Test
  void quarantined_listsTheDatabaseAndBlobsMovedAside() throws Exception {
    Path root = temp.resolve("root");
    fill(root, "cache", 1, 40_000);
    Files.write(root.resolve("cachet.db"), new byte[8192]);
    try (CacheManager manager = manager(root, "onCorruptDatabase", "quarantine")) {
      manager.createCache("fresh", new MutableConfiguration<>());
    }

    CliRun listed = CliRun.of("quarantined", root.toString());

    assertEquals(0, listed.exitStatus(), listed::toString);
    String database = listed.line(root.resolve("cachet.db.corrupt-").toString());
    assertTrue(database.matches(".*cachet\\.db\\.corrupt-\\d{8}T\\d{6}Z\\s+8\\.0 KiB\\s+\\d{4}-\\d\\d-\\d\\dT.*Z"),
        database);
    assertTrue(listed.out().contains(root.resolve("blobs.corrupt-").toString()), listed::toString);
  }

  @Test
  void quarantined_ofARootWithNothingMovedAside_saysSo() throws Exception {
    Path root = temp.resolve("root");
    fill(root, "cache", 1, 10);

    CliRun listed = CliRun.of("quarantined", root.toString());

    assertEquals(0, listed.exitStatus(), listed::toString);
    assertTrue(listed.out().startsWith("Nothing quarantined in "), listed::toString);
  }
}
