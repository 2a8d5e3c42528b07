package io.cachet.seal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The persistent signing key: exactly 32 random bytes in a regular file under the root, created exclusively
 * with mode 0600, never replaced, never followed through a link.
 */
public final class SigningKeyFile {
  /** The default key file name, as in the security guide. */
  public static final String DEFAULT_NAME = "cache_signing_key.bin";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
      LinkOption.NOFOLLOW_LINKS);
  private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
  private static final Set<PosixFilePermission> OWNER_AND_GROUP = Set.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE);

  private SigningKeyFile() {}

  /**
   * Loads the key file, or creates it if absent and nothing was ever signed.
   *
   * @param root the root directory, which must exist
   * @param fileName a plain file name (see {@link #requirePlainName}), resolved against the root
   * @param storeHasSignedData asked only if the file is missing: a store with signed data needs its old
   *     key, and a new one would silently invalidate everything, so that fails closed
   * @return the 32 key bytes
   * @throws SigningKeyException naming the file if its name is not plain, or it is missing where it must
   *     exist, is a link, is not a regular file, is accessible to group or others, has the wrong length, or
   *     cannot be read or created
   */
  public static byte[] loadOrCreate(Path root, String fileName, BooleanSupplier storeHasSignedData) {
    return loadOrCreate(root, fileName, storeHasSignedData, false);
  }

  /**
   * As {@link #loadOrCreate(Path, String, BooleanSupplier)}; with {@code allowGroupAccess}, an existing file
   * that its group can read or write is accepted (a volume shared with a group), one others can access never.
   */
  public static byte[] loadOrCreate(Path root, String fileName, BooleanSupplier storeHasSignedData,
      boolean allowGroupAccess) {
    Path file = resolve(root, fileName);
    try {
      return load(file, Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS),
          allowGroupAccess);
    } catch (NoSuchFileException e) {
      if (storeHasSignedData.getAsBoolean()) {
        throw new SigningKeyException("Signing key file " + file + " is missing, but the store holds signed "
            + "entries: refusing to generate a new key. Restore the key file, or delete the store's data to "
            + "start afresh.");
      }
      return create(file, allowGroupAccess);
    } catch (IOException e) {
      throw new SigningKeyException("Cannot read signing key file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks that a configured key file name is a plain file name, so the key always lives directly in the
   * root.
   *
   * @throws SigningKeyException saying what is wrong with the name
   */
  public static void requirePlainName(String fileName) {
    String problem = fileName.isEmpty() ? "it is empty"
        : fileName.equals(".") || fileName.equals("..") ? "it names a directory"
        : fileName.indexOf('/') >= 0 || fileName.indexOf('\\') >= 0 ? "it contains a path separator"
        : fileName.indexOf('\0') >= 0 ? "it contains a NUL character"
        : fileName.indexOf(':') >= 0 ? "it contains a drive or stream separator ':'"
        : null;
    if (problem != null) {
      throw new SigningKeyException("Signing key file name \"" + fileName + "\" is not allowed: " + problem
          + ". It must be a plain file name; key files always live directly in the root directory.");
    }
  }

  /** Whether the key file exists now (as anything, links included). */
  public static boolean exists(Path root, String fileName) {
    return Files.exists(resolve(root, fileName), LinkOption.NOFOLLOW_LINKS);
  }

  private static Path resolve(Path root, String fileName) {
    requirePlainName(fileName);
    Path file = root.resolve(fileName).normalize();
    if (file.isAbsolute() != root.isAbsolute() || !root.normalize().equals(file.getParent())) {
      throw new SigningKeyException("Signing key file name \"" + fileName + "\" is not allowed: it leaves the "
          + "root directory");
    }
    return file;
  }

  private static byte[] load(Path file, BasicFileAttributes attributes, boolean allowGroupAccess)
      throws IOException {
    if (attributes.isSymbolicLink()) {
      throw new SigningKeyException("Signing key file " + file + " is a symbolic link: refusing to follow it");
    }
    if (!attributes.isRegularFile()) {
      throw new SigningKeyException("Signing key file " + file + " is not a regular file");
    }
    requireOwnerOnly(file, allowGroupAccess ? OWNER_AND_GROUP : OWNER_ONLY);
    if (attributes.size() != HmacEntrySigner.KEY_LENGTH) {
      throw new SigningKeyException("Signing key file " + file + " has " + attributes.size() + " bytes, not "
          + HmacEntrySigner.KEY_LENGTH + ": it is damaged or not a Cachet key");
    }
    ByteBuffer key = ByteBuffer.allocate(HmacEntrySigner.KEY_LENGTH + 1);
    try (SeekableByteChannel channel = Files.newByteChannel(file, READ)) {
      while (key.hasRemaining()) {
        if (channel.read(key) < 0) {
          break;
        }
      }
    }
    if (key.position() != HmacEntrySigner.KEY_LENGTH) {
      throw new SigningKeyException("Signing key file " + file + " changed while being read");
    }
    byte[] bytes = new byte[HmacEntrySigner.KEY_LENGTH];
    key.flip().get(bytes);
    return bytes;
  }

  private static void requireOwnerOnly(Path file, Set<PosixFilePermission> allowed) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return;
    }
    Set<PosixFilePermission> permissions = view.readAttributes().permissions();
    if (!allowed.containsAll(permissions)) {
      throw new SigningKeyException("Signing key file " + file + " has mode "
          + PosixFilePermissions.toString(permissions) + ": it is readable or writable by group or others, so "
          + "the key may be known or replaced. Check who had access, then chmod 600 it (or rotate the key).");
    }
  }

  /**
   * Writes a new key under a temporary name and links it in place, so that no process ever reads a key file
   * that is still being written; a process that loses the race to create it loads the winner's.
   */
  private static byte[] create(Path file, boolean allowGroupAccess) {
    byte[] key = new byte[HmacEntrySigner.KEY_LENGTH];
    RANDOM.nextBytes(key);
    Path temp = file.resolveSibling(file.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, CREATE, ownerOnly(temp))) {
        ByteBuffer buffer = ByteBuffer.wrap(key);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.createLink(file, temp);
      return key;
    } catch (FileAlreadyExistsException e) {
      try {
        return load(file, Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS),
            allowGroupAccess);
      } catch (IOException read) {
        throw new SigningKeyException("Cannot read signing key file " + file + ": " + read.getMessage(), read);
      }
    } catch (IOException e) {
      throw new SigningKeyException("Cannot create signing key file " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // A stray temporary key file is never read; the key it holds is the one linked in place, or unused.
      }
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path file) {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }
}
