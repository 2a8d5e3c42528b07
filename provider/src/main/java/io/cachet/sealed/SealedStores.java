package io.cachet.sealed;

import io.cachet.sealed.SealedStoreSettings.OnCorruptDatabase;
import io.cachet.serial.ClassFilter;
import io.cachet.serial.KryoValueCodec;
import io.cachet.store.CorruptDatabaseException;
import io.cachet.serial.ValueCodec;
import io.cachet.store.BackendSettings;
import io.cachet.store.BackendStores;
import io.cachet.store.BlobStore;
import io.cachet.store.ChangeCounters;
import io.cachet.store.EntryStore;
import io.cachet.store.StorageException;
import io.cachet.store.StoreBackend;
import io.cachet.store.file.FileBlobStore;
import io.cachet.store.file.FileEntryLocks;
import io.cachet.store.file.MappedChangeCounters;
import io.cachet.store.OwnerOnly;
import io.cachet.store.sqlite.SqliteEntryStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Opens sealed stores; the one place that wires the layers' implementations together. */
public final class SealedStores {
  /** The SQLite database file under the root. */
  static final String DATABASE_FILE = "cachet.db";
  /** The option that makes opening move a damaged database aside, as users name it. */
  static final String QUARANTINE_OPTION = "onCorruptDatabase=quarantine";

  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");
  private static final DateTimeFormatter QUARANTINE_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final int QUARANTINE_ATTEMPTS = 100;
  // What quarantine() names: <database or blob directory>.corrupt-<UTC time>[-<attempt>][<companion suffix>].
  private static final Pattern QUARANTINED_NAME = Pattern.compile("(" + Pattern.quote(DATABASE_FILE) + "|"
      + Pattern.quote(FileBlobStore.DIRECTORY) + ")\\.corrupt-(\\d{8}T\\d{6}Z)(-\\d+)?(-[A-Za-z]+)?");

  private SealedStores() {}

  /**
   * Opens the store the settings name: the embedded one ({@link #openEmbedded(SealedStoreSettings, InstantSource)})
   * or a backend's ({@link #openBackend}).
   *
   * @param clock the manager's clock; a backend shared by several hosts may put its own in its place when this
   *     is the system clock ({@link SealedStore#clock()})
   * @throws SealedStoreException if the store cannot be opened
   */
  public static SealedStore open(SealedStoreSettings settings, InstantSource clock) {
    return settings.store().equals(SealedStoreSettings.EMBEDDED) ? openEmbedded(settings, clock)
        : openBackend(settings, clock, false);
  }

  /**
   * Opens the embedded store (SQLite database and blob files) on a root directory, creating the root (mode
   * 0700) and the database as needed. Signing key files are loaded or created per namespace, when a
   * namespace that uses one is attached, so a store whose namespaces all use in-memory keys never writes one.
   * Several stores, in this and other processes, may be open on the same root.
   *
   * <p>A database that is not intact fails the open, naming the file and the recovery, or with
   * {@link OnCorruptDatabase#QUARANTINE} is moved aside with the blobs, and the store starts empty.
   *
   * @throws SealedStoreException if the root cannot be created or opened, or its database is not intact
   */
  public static SealedStore openEmbedded(SealedStoreSettings settings) {
    return openEmbedded(settings, InstantSource.system());
  }

  /** As {@link #openEmbedded(SealedStoreSettings)}, with the clock that stamps writes and accesses. */
  public static SealedStore openEmbedded(SealedStoreSettings settings, InstantSource clock) {
    boolean fullSync = settings.durability() == SealedStoreSettings.Durability.FULL;
    return openEmbedded(settings, clock, database -> SqliteEntryStore.open(database, fullSync),
        UnaryOperator.identity());
  }

  /**
   * As {@link #openEmbedded(SealedStoreSettings, InstantSource)}, with the entry store opened on the database
   * file by {@code openEntries} and the blob store passed through {@code blobLayer}: the seam the fault tests
   * put their failing stores in.
   */
  static SealedStore openEmbedded(SealedStoreSettings settings, InstantSource clock,
      Function<Path, EntryStore> openEntries, UnaryOperator<BlobStore> blobLayer) {
    RootTrust trust = new RootTrust(settings.allowGroupAccess());
    Path root = createRoot(settings.root(), trust);
    boolean fullSync = settings.durability() == SealedStoreSettings.Durability.FULL;
    RootLock.Share lock = RootLock.share(root);
    try {
      EntryStore entries = openEntries(root, openEntries, settings.onCorruptDatabase(), lock, clock, trust);
      try {
        ClassLoader classLoader = settings.classLoader();
        BlobStore blobs = blobLayer.apply(new FileBlobStore(root, fullSync));
        KeyRing keys = new KeyRing(root, entries, trust);
        FileEntryLocks locks = FileEntryLocks.open(root);
        return new ComposedSealedStore(entries, blobs, locks, keys, codecs(classLoader), settings.inlineThreshold(),
            clock, () -> {
              locks.close();
              entries.close();
            }, lock, null, changeCounters(root, lock, trust));
      } catch (StorageException e) {
        entries.close();
        throw new SealedStoreException(e.getMessage(), e);
      } catch (RuntimeException e) {
        entries.close();
        throw e;
      }
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * Opens an existing store for reading only, for an operator's tool running beside the applications that use it:
   * the embedded store's root and database must exist and nothing is created in them, the database is opened
   * read-only (every write fails), and the change counters are not mapped. A backend is opened read-only
   * ({@link BackendSettings#readOnly()}): it creates and migrates nothing and refuses every write; its root, which
   * holds the key files, must exist and nothing is created in it.
   *
   * @throws SealedStoreException if there is no store, or it cannot be opened
   */
  public static SealedStore openForReading(SealedStoreSettings settings) {
    if (!settings.store().equals(SealedStoreSettings.EMBEDDED)) {
      return openBackend(settings, InstantSource.system(), true);
    }
    RootTrust trust = new RootTrust(settings.allowGroupAccess());
    Path root = existingRoot(settings.root(), trust);
    RootLock.Share lock = RootLock.share(root);
    try {
      Path file = root.resolve(DATABASE_FILE);
      for (Path companion : SqliteEntryStore.companions(file)) {
        trust.requireFile(companion);
      }
      EntryStore entries;
      try {
        entries = SqliteEntryStore.openForReading(file);
      } catch (StorageException e) {
        throw new SealedStoreException(e.getMessage(), e);
      }
      KeyRing keys = new KeyRing(root, entries, trust);
      FileEntryLocks locks = FileEntryLocks.open(root);
      return new ComposedSealedStore(entries, new FileBlobStore(root, false), locks, keys,
          codecs(settings.classLoader()), settings.inlineThreshold(), InstantSource.system(), () -> {
            locks.close();
            entries.close();
          }, lock, null, ChangeCounters.NONE);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** The real path of a root that holds an embedded store, checked for trust as {@link #createRoot} does. */
  private static Path existingRoot(Path root, RootTrust trust) {
    if (!holdsEmbeddedStore(root)) {
      throw new SealedStoreException("No Cachet store at " + root + ": it has no " + DATABASE_FILE);
    }
    try {
      Path real = root.toRealPath();
      trust.requireRoot(real);
      trust.requireFile(real.resolve(RootLock.FILE));
      trust.requireFile(real.resolve(FileEntryLocks.LOCK_FILE));
      trust.requireDirectoryTree(real.resolve(FileBlobStore.DIRECTORY), 2);
      trust.requireFile(real.resolve(DATABASE_FILE));
      return real;
    } catch (IOException e) {
      throw new SealedStoreException("Cannot open the root directory " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens a backend found on the class path by the {@code store} option's value: its rows, blobs and locks live
   * in its services; the root, created and checked as for the embedded store, holds the key files. Read-only, the
   * root must exist and takes no lock: there is no database in it to move aside, and the lock file is not created.
   */
  private static SealedStore openBackend(SealedStoreSettings settings, InstantSource clock, boolean readOnly) {
    StoreBackend backend = backend(settings.store(), settings.classLoader());
    RootTrust trust = new RootTrust(settings.allowGroupAccess());
    Path root = readOnly ? existingKeyRoot(settings.root(), trust) : createRoot(settings.root(), trust);
    RootLock.Share lock = readOnly ? RootLock.none() : RootLock.share(root);
    try {
      BackendStores stores;
      try {
        stores = backend.open(new BackendSettings(settings.backendOptions(),
            settings.durability() == SealedStoreSettings.Durability.FULL, clock, isSystemClock(clock), readOnly));
      } catch (StorageException e) {
        throw new SealedStoreException(e.getMessage(), e);
      }
      try {
        KeyRing keys = new KeyRing(root, stores.entries(), trust);
        RemoteChanges remoteChanges = stores.changes().map(feed -> new RemoteChanges(feed, stores.clock()))
            .orElse(null);
        return new ComposedSealedStore(stores.entries(), stores.blobs(), stores.locks(), keys,
            codecs(settings.classLoader()), settings.inlineThreshold(), stores.clock(), stores::close, lock,
            remoteChanges, ChangeCounters.NONE);
      } catch (RuntimeException e) {
        stores.close();
        throw e;
      }
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** The real path of a backend's existing root, which holds its key files, checked for trust. */
  private static Path existingKeyRoot(Path root, RootTrust trust) {
    try {
      Path real = root.toRealPath();
      trust.requireRoot(real);
      return real;
    } catch (IOException e) {
      throw new SealedStoreException("Cannot open the root directory " + root + ", which holds the key files: "
          + e.getMessage(), e);
    }
  }

  /**
   * The root's change counters. Opened alone, a store starts them afresh, so that a slot left changing by a
   * process killed mid-write is usable again.
   */
  private static ChangeCounters changeCounters(Path root, RootLock.Share lock, RootTrust trust) {
    trust.requireFile(root.resolve(MappedChangeCounters.FILE));
    ChangeCounters counters = MappedChangeCounters.open(root);
    if (counters instanceof MappedChangeCounters mapped) {
      lock.whileAlone(mapped::reset);
    }
    return counters;
  }

  /**
   * Whether the manager runs on the system clock, which a backend shared by several hosts may replace with the
   * clock they all follow. {@code InstantSource.system()} and {@code Clock.systemUTC()} are different objects that
   * read the same time.
   */
  static boolean isSystemClock(InstantSource clock) {
    return clock.equals(InstantSource.system()) || clock.equals(Clock.systemUTC());
  }

  /** The backend of that name from the class path (Cachet's own class loader's, then the manager's). */
  private static StoreBackend backend(String name, ClassLoader classLoader) {
    for (ClassLoader loader : new ClassLoader[] {SealedStores.class.getClassLoader(), classLoader}) {
      for (StoreBackend backend : ServiceLoader.load(StoreBackend.class, loader)) {
        if (backend.name().equals(name)) {
          return backend;
        }
      }
    }
    throw new SealedStoreException("The Cachet option store=" + name + " needs its module on the class path: add"
        + " the dependency io.cachet:cachet-" + name + " (with the same version as io.cachet:cachet)");
  }

  private static Function<List<String>, ValueCodec> codecs(ClassLoader classLoader) {
    return allowed -> new KryoValueCodec(classLoader, ClassFilter.withDefaults(allowed));
  }

  private static EntryStore openEntries(Path root, Function<Path, EntryStore> open, OnCorruptDatabase onCorrupt,
      RootLock.Share lock, InstantSource clock, RootTrust trust) {
    Path file = root.resolve(DATABASE_FILE);
    CorruptDatabaseException damage;
    try {
      return openTrusted(file, open, trust);
    } catch (CorruptDatabaseException e) {
      damage = e;
    } catch (StorageException e) {
      throw new SealedStoreException(e.getMessage(), e);
    }
    String notIntact = "The Cachet database " + file + " is not a valid, intact Cachet database: "
        + damage.damage() + ".";
    if (onCorrupt == OnCorruptDatabase.FAIL) {
      throw new SealedStoreException(notIntact + " Its files were left as they are. To move the damaged database"
          + " and blob files aside (renamed to <name>.corrupt-<UTC time> in " + root + ") and start with empty"
          + " caches, set the Cachet option " + QUARANTINE_OPTION + "; or restore the root from a backup.", damage);
    }
    List<Path> moved = new ArrayList<>();
    boolean alone;
    try {
      alone = lock.whileAlone(() -> moved.addAll(quarantine(root, file, clock)));
    } catch (StorageException e) {
      throw new SealedStoreException(notIntact + " Moving it aside failed: " + e.getMessage(), e);
    }
    if (!alone) {
      throw new SealedStoreException(notIntact + " " + QUARANTINE_OPTION + " moves it aside only while no other"
          + " cache manager, in this or another process, has the root open: close them and open again.", damage);
    }
    LOG.log(Level.WARNING, "{0} Moved aside to {1}; starting with an empty database. The signing key files stay "
        + "in place.", notIntact, moved);
    try {
      return openTrusted(file, open, trust);
    } catch (StorageException e) {
      throw new SealedStoreException("Cannot open a new database " + file + " after moving the damaged one aside to "
          + moved + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens the database only if it and its companions are trusted files, creating it first, mode 0600, when it
   * is missing: SQLite would create it with the umask's mode, and its log and index with the database's mode.
   * Its companions are checked again once SQLite has created them.
   */
  private static EntryStore openTrusted(Path file, Function<Path, EntryStore> open, RootTrust trust) {
    for (Path companion : SqliteEntryStore.companions(file)) {
      trust.requireFile(companion);
    }
    if (!trust.requireFile(file)) {
      try {
        Files.createFile(file, OwnerOnly.file(file));
      } catch (FileAlreadyExistsException e) {
        // Another store created it meanwhile.
        trust.requireFile(file);
      } catch (IOException e) {
        // A read-only root, for one: SQLite's own open then says what is wrong.
        LOG.log(Level.DEBUG, "Cannot create the database {0} ahead of SQLite: {1}", file, e);
      }
    }
    EntryStore entries = open.apply(file);
    try {
      for (Path companion : SqliteEntryStore.companions(file)) {
        trust.requireFile(companion);
      }
      return entries;
    } catch (RuntimeException e) {
      entries.close();
      throw e;
    }
  }

  /** A database, database companion or blob directory moved aside, and when (from its name). */
  public record QuarantinedCopy(Path path, Instant movedAt) {}

  /**
   * The damaged databases (with their companions) and blob directories that {@code onCorruptDatabase=quarantine}
   * moved aside in this root, by name: what an operator inspects, restores from or deletes. Empty if the root does
   * not exist.
   *
   * @throws SealedStoreException if the root cannot be listed
   */
  public static List<QuarantinedCopy> quarantined(Path root) {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(root)) {
      List<QuarantinedCopy> copies = new ArrayList<>();
      for (Path path : files.sorted().toList()) {
        Matcher name = QUARANTINED_NAME.matcher(String.valueOf(path.getFileName()));
        if (name.matches()) {
          copies.add(new QuarantinedCopy(path, Instant.from(QUARANTINE_TIME.parse(name.group(2)))));
        }
      }
      return copies;
    } catch (IOException e) {
      throw new SealedStoreException("Cannot list " + root + ": " + e.getMessage(), e);
    }
  }

  /** Whether the root holds an embedded store's database: what tools check before they open a root. */
  public static boolean holdsEmbeddedStore(Path root) {
    return Files.isRegularFile(root.resolve(DATABASE_FILE), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Renames the database and its companions and the blob directory to {@code <name>.corrupt-<UTC time>} in the
   * root, with a counter after the time if those names are taken. Never deletes or replaces anything.
   *
   * @return the new paths
   */
  private static List<Path> quarantine(Path root, Path database, InstantSource clock) {
    String suffix = ".corrupt-" + QUARANTINE_TIME.format(clock.instant());
    for (int attempt = 1; attempt <= QUARANTINE_ATTEMPTS; attempt++) {
      String candidate = attempt == 1 ? suffix : suffix + "-" + attempt;
      Path databaseTarget = root.resolve(DATABASE_FILE + candidate);
      String blobsTarget = FileBlobStore.DIRECTORY + candidate;
      if (SqliteEntryStore.cannotMoveAside(databaseTarget)
          || Files.exists(root.resolve(blobsTarget), LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      List<Path> moved = new ArrayList<>(SqliteEntryStore.moveAside(database, databaseTarget));
      try {
        Path blobs = FileBlobStore.moveAside(root, blobsTarget);
        if (blobs != null) {
          moved.add(blobs);
        }
      } catch (StorageException e) {
        throw StorageException.of(e.kind(), e.operation()).file(e.file().orElse(null))
            .because(e.detail() + " (the database was moved to " + moved + ")", e);
      }
      return moved;
    }
    throw StorageException.of(StorageException.Kind.IO, "move the database aside")
        .because("no free name of the form " + DATABASE_FILE + suffix + "[-N] in " + root);
  }

  /**
   * Creates the root if missing and checks it, and the files and directories in it that every store opens, for
   * trust; the key files are checked as they are loaded.
   */
  private static Path createRoot(Path root, RootTrust trust) {
    try {
      Path parent = root.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createDirectory(root, OwnerOnly.directory(root));
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(root)) {
          throw new SealedStoreException("The root " + root + " exists and is not a directory", e);
        }
      }
      Path real = root.toRealPath();
      trust.requireRoot(real);
      trust.requireFile(real.resolve(RootLock.FILE));
      trust.requireFile(real.resolve(FileEntryLocks.LOCK_FILE));
      // blobs/<namespace id>/<2 hex>: the directories; the blob files are the blob store's to refuse.
      trust.requireDirectoryTree(real.resolve(FileBlobStore.DIRECTORY), 2);
      return real;
    } catch (IOException e) {
      throw new SealedStoreException("Cannot create the root directory " + root + ": " + e.getMessage(), e);
    }
  }

}
