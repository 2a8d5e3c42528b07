package io.cachet.store.file;

import io.cachet.store.StorageException;
import io.cachet.store.StorageException.Kind;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/** Storage failures of files, by what the file system reported. */
final class FileFailures {
  // ENOSPC as the JDK reports it: strerror's text in the message (or a FileSystemException's reason), since
  // Java exposes no errno.
  private static final String NO_SPACE = "No space left on device";

  private FileFailures() {}

  /** The failure of an operation on a file, described by the cause's message. */
  static StorageException failure(String operation, Path file, Exception cause) {
    return StorageException.of(kind(cause), operation).file(file).because(cause);
  }

  /** {@link Kind#FULL} if the file system reported no space left, else {@link Kind#IO}. */
  static Kind kind(Exception cause) {
    String reason = cause instanceof FileSystemException fileSystem ? fileSystem.getReason() : cause.getMessage();
    return reason != null && reason.contains(NO_SPACE) ? Kind.FULL : Kind.IO;
  }
}
