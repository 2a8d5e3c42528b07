package io.cachet.store.file;

import io.cachet.store.BlobIds;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the blob directory of a {@link FileBlobStore} holds, for an audit: it only reads, and never through a link
 * (a link at a directory's place is not descended into, a link at a file's place is no file). A blob counts only
 * at its place: a regular file named by its id, in the directory named by the id's first two digits, in a real
 * directory of its namespace; what else is there is left out, as {@link FileBlobStore#read} would not find it.
 */
final class BlobListing {
  private final BlobPaths paths;

  BlobListing(BlobPaths paths) {
    this.paths = paths;
  }

  /** See {@link io.cachet.store.BlobStore#list}. */
  List<String> list(String namespaceId, Instant olderThan) {
    Path directory = paths.namespace(namespaceId);
    List<String> ids = new ArrayList<>();
    try {
      visit(directory, (name, temp, attributes) -> {
        if (!temp && attributes.lastModifiedTime().toInstant().isBefore(olderThan)) {
          ids.add(name);
        }
        return true;
      });
    } catch (IOException e) {
      throw FileFailures.failure("list blobs", directory, e);
    }
    return ids;
  }

  /** See {@link io.cachet.store.BlobStore#namespaceIds}: the namespace directories holding a blob or a temp file. */
  Set<String> namespaceIds() {
    Path root = paths.root();
    Set<String> ids = new HashSet<>();
    try {
      if (!paths.safeDirectories(root)) {
        return ids;
      }
      for (Path directory : realDirectories(root)) {
        String name = String.valueOf(directory.getFileName());
        if (BlobIds.isHexId(name) && !visit(directory, (file, temp, attributes) -> false)) {
          ids.add(name);
        }
      }
    } catch (IOException e) {
      throw FileFailures.failure("list blob directories", root, e);
    }
    return ids;
  }

  /** Told of each blob or temporary file at its place; returns whether to go on. */
  @FunctionalInterface
  private interface Visitor {
    boolean visit(String name, boolean temp, BasicFileAttributes attributes);
  }

  /**
   * Shows the visitor each regular file at a blob's place, or a temporary file's, in the namespace's directory,
   * until it says stop.
   *
   * @return whether every file was visited (false if the visitor stopped)
   */
  private boolean visit(Path namespace, Visitor visitor) throws IOException {
    if (!paths.safeDirectories(namespace)) {
      return true;
    }
    for (Path shard : realDirectories(namespace)) {
      String prefix = String.valueOf(shard.getFileName());
      for (Path file : entries(shard)) {
        String name = String.valueOf(file.getFileName());
        boolean temp = BlobPaths.isTempName(name);
        if (!name.startsWith(prefix) || !(temp || BlobIds.isHexId(name))) {
          continue;
        }
        BasicFileAttributes attributes = attributesOrNull(file);
        if (attributes != null && attributes.isRegularFile() && !visitor.visit(name, temp, attributes)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The entries of the directory that are directories themselves, not links to one. */
  private static List<Path> realDirectories(Path directory) throws IOException {
    List<Path> directories = new ArrayList<>();
    for (Path entry : entries(directory)) {
      BasicFileAttributes attributes = attributesOrNull(entry);
      if (attributes != null && attributes.isDirectory()) {
        directories.add(entry);
      }
    }
    return directories;
  }

  /**
   * The entries of a directory; none if it is missing (deleted concurrently, or never created) or is no directory
   * (a link to one included: it is not opened).
   */
  private static List<Path> entries(Path directory) throws IOException {
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      stream.forEach(entries::add);
    } catch (NoSuchFileException | NotDirectoryException e) {
      // Deleted or replaced concurrently: nothing of the store's is there now.
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
    return entries;
  }

  /** The attributes of the entry itself, never of what a link points to; null if it is gone. */
  private static BasicFileAttributes attributesOrNull(Path entry) throws IOException {
    try {
      return Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
