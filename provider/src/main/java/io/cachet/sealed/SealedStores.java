package io.cachet.sealed;

import io.cachet.serial.ClassFilter;
import io.cachet.serial.KryoValueCodec;
import io.cachet.store.StorageException;
import io.cachet.store.file.FileBlobStore;
import io.cachet.store.file.FileEntryLocks;
import io.cachet.store.sqlite.SqliteEntryStore;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;

/** Opens sealed stores; the one place that wires the layers' implementations together. */
public final class SealedStores {
  /** The SQLite database file under the root. */
  static final String DATABASE_FILE = "cachet.db";

  private SealedStores() {}

  /**
   * Opens the embedded store (SQLite database and blob files) on a root directory, creating the root (mode
   * 0700) and the database as needed. Signing key files are loaded or created per namespace, when a
   * namespace that uses one is attached, so a store whose namespaces all use in-memory keys never writes one.
   * Several stores, in this and other processes, may be open on the same root.
   *
   * @throws SealedStoreException if the root cannot be created or opened
   */
  public static SealedStore openEmbedded(SealedStoreSettings settings) {
    return openEmbedded(settings, InstantSource.system());
  }

  /** As {@link #openEmbedded(SealedStoreSettings)}, with the clock that stamps writes and accesses. */
  static SealedStore openEmbedded(SealedStoreSettings settings, InstantSource clock) {
    Path root = createRoot(settings.root());
    boolean fullSync = settings.durability() == SealedStoreSettings.Durability.FULL;
    SqliteEntryStore entries;
    try {
      entries = SqliteEntryStore.open(root.resolve(DATABASE_FILE), fullSync);
    } catch (StorageException e) {
      throw new SealedStoreException(e.getMessage(), e);
    }
    try {
      ClassLoader classLoader = settings.classLoader();
      FileBlobStore blobs = new FileBlobStore(root, fullSync);
      KeyRing keys = new KeyRing(root, entries);
      return new EmbeddedSealedStore(entries, blobs, FileEntryLocks.open(root), keys,
          allowed -> new KryoValueCodec(classLoader, ClassFilter.withDefaults(allowed)), settings.inlineThreshold(), clock);
    } catch (StorageException e) {
      entries.close();
      throw new SealedStoreException(e.getMessage(), e);
    }
  }

  private static Path createRoot(Path root) {
    try {
      Path parent = root.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createDirectory(root, ownerOnly(root));
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(root)) {
          throw new SealedStoreException("The root " + root + " exists and is not a directory", e);
        }
      }
      return root.toRealPath();
    } catch (IOException e) {
      throw new SealedStoreException("Cannot create the root directory " + root + ": " + e.getMessage(), e);
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path root) {
    return root.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
        : new FileAttribute<?>[0];
  }
}
