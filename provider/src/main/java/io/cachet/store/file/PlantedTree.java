package io.cachet.store.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;

/**
 * Deletes a directory someone planted where a blob file belongs, with everything in it, through handles of
 * the directories themselves ({@code openat}, {@code unlinkat}): a directory swapped for a link while the
 * tree is deleted is unlinked, never followed, so nothing outside the tree is reached.
 */
final class PlantedTree {
  // Deeper trees are left for the operator: each level holds a directory handle open.
  private static final int MAX_DEPTH = 16;

  private PlantedTree() {}

  /**
   * Deletes the directory and its content.
   *
   * @throws IOException if something in it cannot be deleted, it is nested deeper than {@value #MAX_DEPTH}
   *     levels, or the platform cannot delete relative to a directory handle
   */
  static void delete(Path directory) throws IOException {
    try (DirectoryStream<Path> parent = Files.newDirectoryStream(parentOf(directory))) {
      if (!(parent instanceof SecureDirectoryStream<Path> secure)) {
        throw new IOException("this platform cannot delete " + directory + " without risking to follow links");
      }
      delete(secure, directory.getFileName(), 0);
    } catch (NoSuchFileException e) {
      // Deleted concurrently: the goal is reached.
    }
  }

  private static void delete(SecureDirectoryStream<Path> parent, Path name, int depth) throws IOException {
    boolean directory = parent.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .readAttributes().isDirectory();
    if (!directory) {
      parent.deleteFile(name);
      return;
    }
    if (depth == MAX_DEPTH) {
      throw new IOException("directories nested deeper than " + MAX_DEPTH + " levels");
    }
    try (SecureDirectoryStream<Path> children = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
      for (Path child : children) {
        delete(children, child.getFileName(), depth + 1);
      }
    }
    parent.deleteDirectory(name);
  }

  /** The directory a path under the root is in; every such path has one. */
  private static Path parentOf(Path path) {
    Path parent = path.getParent();
    if (parent == null) {
      throw new IllegalStateException(path + " has no parent directory");
    }
    return parent;
  }
}
