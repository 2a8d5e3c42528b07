package io.cachet.store;

import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The attributes that create a file or directory readable and writable by its owner only (DESIGN §10: the
 * root is 0700, what is in it 0600), or none on a file system without POSIX permissions.
 */
public final class OwnerOnly {
  private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];
  private static final FileAttribute<?>[] FILE = posix("rw-------");
  private static final FileAttribute<?>[] DIRECTORY = posix("rwx------");

  private OwnerOnly() {}

  /** For a new file at {@code path}: mode 0600. */
  public static FileAttribute<?>[] file(Path path) {
    return hasPosixPermissions(path) ? FILE.clone() : NONE;
  }

  /** For a new directory at {@code path}: mode 0700. */
  public static FileAttribute<?>[] directory(Path path) {
    return hasPosixPermissions(path) ? DIRECTORY.clone() : NONE;
  }

  private static boolean hasPosixPermissions(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<?>[] posix(String permissions) {
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
  }
}
