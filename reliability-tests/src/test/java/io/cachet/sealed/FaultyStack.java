package io.cachet.sealed;

import io.cachet.CachetCachingProvider;
import io.cachet.jcache.CachetCacheManager;
import io.cachet.ExpirySweepSchedule;
import io.cachet.sealed.SealedStoreSettings.Durability;
import io.cachet.store.EntryStore;
import io.cachet.store.sqlite.SqliteEntryStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;

/**
 * The real store stack on a root — SQLite entry store and file blob store, {@link ComposedSealedStore}, a
 * JCache {@link CachetCacheManager} — with a {@link FaultyEntryStore} and a {@link FaultyBlobStore} in
 * between, built through {@link SealedStores}' fault seam. Nothing armed, it is the production stack.
 */
final class FaultyStack implements AutoCloseable {
  final Faults faults = new Faults();
  final SealedStore store;
  final CachetCacheManager manager;

  private FaultyStack(Path root, NamespaceOptions options, Function<Path, EntryStore> openEntries,
      InstantSource clock) {
    SealedStoreSettings settings = new SealedStoreSettings(root, FaultyStack.class.getClassLoader(),
        SealedStoreSettings.DEFAULT_INLINE_THRESHOLD, Durability.NORMAL);
    store = SealedStores.openEmbedded(settings, clock,
        database -> new FaultyEntryStore(openEntries.apply(database), faults),
        blobs -> new FaultyBlobStore(blobs, faults));
    // No expiry sweeper: it would meet the armed faults between the operations under test.
    manager = new CachetCacheManager(new CachetCachingProvider(), URI.create("cachet-faults:" + UUID.randomUUID()),
        FaultyStack.class.getClassLoader(), null, store, (name, configuration) -> options, clock, 0,
        ExpirySweepSchedule.TIMED, closed -> { });
  }

  /** The stack over a normally opened SQLite store (the production busy timeout). */
  static FaultyStack open(Path root, NamespaceOptions options) {
    return open(root, options, InstantSource.system());
  }

  /** The stack whose sealed store stamps writes and accesses with this clock. */
  static FaultyStack open(Path root, NamespaceOptions options, InstantSource clock) {
    return new FaultyStack(root, options, database -> SqliteEntryStore.open(database, false), clock);
  }

  /** The stack over an entry store the caller opens on the database file. */
  static FaultyStack open(Path root, NamespaceOptions options, Function<Path, EntryStore> openEntries) {
    return new FaultyStack(root, options, openEntries, InstantSource.system());
  }

  /** Creates (or re-attaches) a cache of String keys and any values. */
  Cache<String, Object> cache(String name) {
    return manager.createCache(name, new MutableConfiguration<String, Object>());
  }

  @Override
  public void close() {
    manager.close();
  }

  /** Backdates every blob file by two minutes, past the orphan sweep's grace, so the next attach sweeps. */
  static void ageBlobFiles(Path root) throws IOException {
    FileTime earlier = FileTime.from(Instant.now().minus(Duration.ofMinutes(2)));
    for (Path file : StoreFixture.blobFiles(root)) {
      Files.setLastModifiedTime(file, earlier);
    }
  }

  /** The names of the blob files under the root. */
  static Set<String> blobFileNames(Path root) throws IOException {
    Set<String> names = new HashSet<>();
    for (Path file : StoreFixture.blobFiles(root)) {
      names.add(file.getFileName().toString());
    }
    return names;
  }

  /** The blob ids the rows of the database name. */
  static Set<String> referencedBlobs(Path root) throws Exception {
    Set<String> ids = new HashSet<>();
    try (Connection db = StoreFixture.jdbc(root);
        ResultSet rs = db.createStatement().executeQuery("SELECT blob_id FROM entries WHERE blob_id IS NOT NULL")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  /** SQLite's own verdict on the database file. */
  static String integrityCheck(Path root) throws Exception {
    try (Connection db = StoreFixture.jdbc(root);
        ResultSet rs = db.createStatement().executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
