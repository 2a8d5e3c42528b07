package io.cachet.store.file;

import static io.cachet.store.file.BlobPaths.parentOf;

import io.cachet.store.BlobIds;
import io.cachet.store.BlobStore;
import io.cachet.store.CrashPoint;
import io.cachet.store.OwnerOnly;
import io.cachet.store.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@link BlobStore} on the local file system. A blob is written under a temporary name and renamed into
 * place, so readers never see a partial file; with {@code fsync} the file and its directory are forced to
 * disk before the rename's effect is relied on.
 */
public final class FileBlobStore implements BlobStore {
  /** Hex digits in a namespace id or a blob id. */
  public static final int ID_LENGTH = BlobIds.LENGTH;

  /** The directory under the root that holds the blobs. */
  public static final String DIRECTORY = "blobs";
  private static final int SWEEP_ATTEMPTS = 3;

  private static final HexFormat HEX = HexFormat.of();
  private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
      LinkOption.NOFOLLOW_LINKS);
  private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  private static final Set<OpenOption> READ_WITHOUT_BLOCKING = Set.of(StandardOpenOption.READ,
      StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

  private final BlobPaths paths;
  private final BlobListing listing;
  private final boolean fsync;
  private final SecureRandom random = new SecureRandom();

  /**
   * A blob store under {@code root/blobs}.
   *
   * @param root an existing directory, resolved to its real path once here
   * @param fsync whether writes and deletes are forced to disk
   */
  public FileBlobStore(Path root, boolean fsync) {
    try {
      this.paths = new BlobPaths(root.toRealPath().resolve(DIRECTORY));
    } catch (IOException e) {
      throw FileFailures.failure("resolve the root directory", root, e);
    }
    this.fsync = fsync;
    this.listing = new BlobListing(paths);
  }

  /**
   * Renames the blob directory under a root, if there is one, to another name in the root; a link there is
   * moved itself, never followed. Nothing is deleted or replaced. Call it only while no store, in any process,
   * uses the root.
   *
   * @param name a plain file name, which must not exist in the root
   * @return the blob directory's new path, or null if there was none
   * @throws StorageException if the rename fails
   */
  public static Path moveAside(Path root, String name) {
    Path source = root.resolve(DIRECTORY);
    Path target = root.resolve(name);
    if (!root.equals(target.getParent())) {
      throw new IllegalArgumentException("Not a plain file name: " + name);
    }
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try {
      // Without ATOMIC_MOVE, which may replace an existing target; a rename within one directory is atomic.
      Files.move(source, target);
      return target;
    } catch (IOException e) {
      throw StorageException.of(FileFailures.kind(e), "move " + source + " to " + target).because(e.toString(), e);
    }
  }

  @Override
  public boolean isValidBlobId(String blobId) {
    return BlobIds.isHexId(blobId);
  }

  @Override
  public String putNew(String namespaceId, byte[] bytes) {
    String blobId = newId();
    Path target = paths.blob(namespaceId, blobId);
    Path directory = parentOf(target);
    Path temp = directory.resolve(blobId + BlobPaths.TEMP_SUFFIX);
    try {
      createDirectories(directory);
      try (FileChannel channel = FileChannel.open(temp, CREATE, OwnerOnly.file(temp))) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        if (fsync) {
          channel.force(true);
        }
      }
      CrashPoint.BLOB_TEMP_WRITTEN.reached();
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      if (fsync) {
        forceDirectory(directory);
      }
      CrashPoint.BLOB_RENAMED.reached();
      return blobId;
    } catch (IOException e) {
      deleteQuietly(temp);
      throw FileFailures.failure("write blob", target, e);
    }
  }

  @Override
  public byte[] read(String namespaceId, String blobId, int limit) {
    Path path = paths.blob(namespaceId, blobId);
    try {
      if (!paths.safeDirectories(parentOf(path))) {
        return null;
      }
      try (FileChannel channel = openRegularFile(path)) {
        if (channel == null) {
          return null;
        }
        // The size of the open descriptor, which is 0 for a FIFO swapped in after the checks: nothing is read
        // from it, so the read cannot wait for a writer; the caller's size check refuses the empty payload.
        int length = (int) Math.min(channel.size(), limit);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        // A file shorter than its size said (truncated meanwhile) yields fewer bytes; the caller's size check
        // then refuses it.
        while (buffer.hasRemaining()) {
          if (channel.read(buffer) < 0) {
            break;
          }
        }
        byte[] bytes = buffer.array();
        return buffer.hasRemaining() ? Arrays.copyOf(bytes, buffer.position()) : bytes;
      }
    } catch (IOException e) {
      throw FileFailures.failure("read blob", path, e);
    }
  }

  /**
   * Opens the regular file at the path for reading, without following a link and without blocking, or
   * returns null if nothing, or anything but a regular file this store could have written, is there.
   *
   * <p>Java has no {@code O_NONBLOCK} open option, and a read-only open of a FIFO waits for a writer, forever
   * if none comes. So the file is opened read-write: on Linux that never blocks, whatever the file type. The
   * path is checked to be a regular file before the open and again after it, so a FIFO, socket, directory or
   * link swapped in between is refused; should one be swapped in and out again between the two checks, the
   * descriptor's own size (0 for a FIFO) bounds what is read. A link is never followed: the open and both
   * checks use {@code NOFOLLOW_LINKS}.
   */
  private static FileChannel openRegularFile(Path path) throws IOException {
    BasicFileAttributes checked;
    try {
      checked = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (!checked.isRegularFile()) {
      return null;
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(path, READ_WITHOUT_BLOCKING);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      if (!isSameRegularFile(path, checked)) {
        // Swapped for a link, directory, FIFO or socket since the check: the open failed on that.
        return null;
      }
      if (Files.isWritable(parentOf(path))) {
        if (e instanceof AccessDeniedException) {
          // Not a blob of this store, which creates them writable by their owner: refused, not read.
          return null;
        }
        throw e;
      }
      // Only in a directory this process cannot write (a read-only file system or mount): opened read-only,
      // which would block on a FIFO. Between the check above and this open, only someone who can write where
      // this process cannot could swap one in; the root trust checks refuse roots writable by others.
      channel = FileChannel.open(path, READ);
    }
    if (!isSameRegularFile(path, checked)) {
      channel.close();
      return null;
    }
    return channel;
  }

  private static boolean isSameRegularFile(Path path, BasicFileAttributes checked) throws IOException {
    try {
      BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return now.isRegularFile() && Objects.equals(now.fileKey(), checked.fileKey());
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /**
   * Deletes what is at the blob's path, whatever it is: a file, a link (never what it points to), or a
   * directory with everything in it (a planted one would otherwise make every remove of its key fail).
   */
  @Override
  public void delete(String namespaceId, String blobId) {
    Path path = paths.blob(namespaceId, blobId);
    try {
      if (!paths.safeDirectories(parentOf(path))) {
        return;
      }
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return;
      }
      if (attributes.isDirectory()) {
        PlantedTree.delete(path);
      } else {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw FileFailures.failure("delete blob", path, e);
    }
  }

  @Override
  public void deleteNamespace(String namespaceId) {
    Path directory = paths.namespace(namespaceId);
    try {
      if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS) || !paths.safeDirectories(paths.root())) {
        return;
      }
      // walkFileTree does not follow links: a planted link is deleted, never its target.
      Files.walkFileTree(directory, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
          if (failure != null) {
            throw failure;
          }
          try {
            Files.deleteIfExists(dir);
          } catch (DirectoryNotEmptyException e) {
            // A concurrent writer added a blob; it is an orphan now and is left for the sweep.
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException e) {
      // Deleted concurrently: the goal is reached.
    } catch (IOException e) {
      throw FileFailures.failure("delete blob directory", directory, e);
    }
  }

  @Override
  public int sweep(String namespaceId, Instant olderThan, Predicate<String> referenced) {
    Path directory = paths.namespace(namespaceId);
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS) || !paths.safeDirectories(directory)) {
      return 0;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return sweepOnce(directory, olderThan, referenced);
      } catch (UncheckedIOException e) {
        // A file renamed or deleted by a concurrent writer while the walk read it: walk again.
        if (attempt == SWEEP_ATTEMPTS || !(e.getCause() instanceof NoSuchFileException)) {
          throw FileFailures.failure("sweep blob directory", directory, e);
        }
      }
    }
  }

  private static int sweepOnce(Path directory, Instant olderThan, Predicate<String> referenced) {
    int deleted = 0;
    // Files.walk does not follow links: a planted link is never a way out of the blob directory.
    try (Stream<Path> files = Files.walk(directory, 2)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = String.valueOf(file.getFileName());
        boolean temp = BlobPaths.isTempName(name);
        if ((temp || BlobIds.isHexId(name)) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
            && modifiedBefore(file, olderThan) && (temp || !referenced.test(name)) && Files.deleteIfExists(file)) {
          deleted++;
        }
      }
    } catch (NoSuchFileException e) {
      // Deleted concurrently: nothing left to sweep there.
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return deleted;
  }

  /** Whether the file was last modified before the time; false if it is gone meanwhile. */
  private static boolean modifiedBefore(Path file, Instant time) throws IOException {
    try {
      return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(time);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** The blobs named by their ids at their places, through {@link BlobListing}. */
  @Override
  public List<String> list(String namespaceId, Instant olderThan) {
    return listing.list(namespaceId, olderThan);
  }

  @Override
  public Set<String> namespaceIds() {
    return listing.namespaceIds();
  }

  private String newId() {
    byte[] bytes = new byte[ID_LENGTH / 2];
    random.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }

  private void createDirectories(Path directory) throws IOException {
    if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS) && paths.safeDirectories(directory)) {
      return;
    }
    Path relative = parentOf(paths.root()).relativize(directory);
    Path current = parentOf(paths.root());
    for (Path name : relative) {
      current = current.resolve(name);
      try {
        Files.createDirectory(current, OwnerOnly.directory(current));
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(current + " is not a directory (or is a link)", e);
        }
      }
    }
  }

  private static void forceDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // The failure being reported matters more; a stray temp file is reclaimed by the sweep.
    }
  }
}
