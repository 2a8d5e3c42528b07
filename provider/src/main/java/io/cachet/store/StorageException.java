package io.cachet.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A storage backend failed: what was being done, in which namespace and file if known, and why, as fields. The
 * message is made from them here, and only here: {@code Cannot <operation>[ in namespace "<namespace>"][
 * (<file>)]: <detail>}.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why storage failed, as far as a caller can act on it. */
  public enum Kind {
    /** Another connection or process held a lock for longer than the wait allowed; a later retry may succeed. */
    BUSY,
    /** The disk, or a size limit of the storage, is full; freeing space helps. */
    FULL,
    /** The stored data is damaged; only restoring or replacing it helps. */
    CORRUPT,
    /** Any other failure of the storage: an I/O error, a permission, a read-only file system, a refused statement. */
    IO,
    /** The store was closed. */
    CLOSED
  }

  private final Kind kind;
  private final String operation;
  private final String namespace;
  private final transient Path file;
  private final String detail;

  /**
   * @param operation what was being done, as a verb phrase ("write rows", "read blob")
   * @param namespace the namespace it was done in, or null
   * @param file the file it was done on, or null
   * @param detail what went wrong, in a few words
   * @param cause the failure underneath, or null
   */
  public StorageException(Kind kind, String operation, String namespace, Path file, String detail, Throwable cause) {
    super(message(operation, namespace, file, detail), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.operation = operation;
    this.namespace = namespace;
    this.file = file;
    this.detail = detail;
  }

  /** A failure of this kind while doing {@code operation}: add where, then why with {@code because}. */
  public static Builder of(Kind kind, String operation) {
    return new Builder(kind, operation);
  }

  private static String message(String operation, String namespace, Path file, String detail) {
    return "Cannot " + Objects.requireNonNull(operation, "operation")
        + (namespace == null ? "" : " in namespace \"" + namespace + "\"")
        + (file == null ? "" : " (" + file + ")")
        + ": " + Objects.requireNonNull(detail, "detail");
  }

  /** Why storage failed. */
  public Kind kind() {
    return kind;
  }

  /** What was being done. */
  public String operation() {
    return operation;
  }

  /** The namespace it was done in, if one is known. */
  public Optional<String> namespace() {
    return Optional.ofNullable(namespace);
  }

  /** The file it was done on, if one is known. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** What went wrong, without the operation, namespace and file. */
  public String detail() {
    return detail;
  }

  /** Where a failure happened; {@code because} makes the exception. */
  public static final class Builder {
    private final Kind kind;
    private final String operation;
    private String namespace;
    private Path file;

    private Builder(Kind kind, String operation) {
      this.kind = kind;
      this.operation = operation;
    }

    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    public Builder file(Path file) {
      this.file = file;
      return this;
    }

    /** The failure, described by the cause's message. */
    public StorageException because(Throwable cause) {
      return because(String.valueOf(cause.getMessage()), cause);
    }

    public StorageException because(String detail) {
      return because(detail, null);
    }

    public StorageException because(String detail, Throwable cause) {
      return new StorageException(kind, operation, namespace, file, detail, cause);
    }
  }
}
