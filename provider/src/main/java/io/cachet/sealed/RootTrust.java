package io.cachet.sealed;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;

/**
 * Whether the root and the files Cachet opens in it can be trusted, as OpenSSH's StrictModes decides for a
 * user's keys (DESIGN §3, §10.9): the root is a directory owned by the process's user that group and others
 * cannot write; each file or directory in it is a regular file or a directory (never a link, FIFO or device),
 * owned by that user, that group and others can neither read nor write. Otherwise whoever else could write it
 * could have replaced the key or the database with his own, and whoever else could read it knows the key.
 * {@code allowGroupAccess} lets the group in (shared volumes such as Kubernetes' {@code fsGroup}), nothing else.
 * On a file system without Unix attributes there is nothing to check.
 */
final class RootTrust {
  static final String ALLOW_GROUP_ACCESS_OPTION = "allowGroupAccess=true";

  private static final int TYPE_MASK = 0170000;
  private static final int REGULAR = 0100000;
  private static final int DIRECTORY = 0040000;
  private static final Map<Integer, String> OTHER_TYPES = Map.of(0120000, "a symbolic link", 0010000, "a FIFO",
      0020000, "a character device", 0060000, "a block device", 0140000, "a socket");
  private static final int GROUP_WRITE = 0020;
  private static final int OTHERS_WRITE = 0002;
  private static final int GROUP_ACCESS = 0070;
  private static final int OTHERS_ACCESS = 0007;

  private final boolean allowGroupAccess;
  // Null where the default file system has no Unix attributes, and so nothing is checked.
  private final UnixSystem user;

  RootTrust(boolean allowGroupAccess) {
    this.allowGroupAccess = allowGroupAccess;
    this.user = FileSystems.getDefault().supportedFileAttributeViews().contains("unix") ? new UnixSystem() : null;
  }

  boolean allowsGroupAccess() {
    return allowGroupAccess;
  }

  /**
   * Checks the root directory (its real path).
   *
   * @throws SealedStoreException naming the root, what is wrong and the fix
   */
  void requireRoot(Path root) {
    Map<String, Object> attributes = attributes(root);
    if (attributes == null) {
      throw new SealedStoreException("The root " + root + " does not exist");
    }
    requireType(root, attributes, DIRECTORY, "a directory");
    requireOwner(root, attributes);
    int mode = (int) attributes.get("mode");
    int forbidden = allowGroupAccess ? OTHERS_WRITE : GROUP_WRITE | OTHERS_WRITE;
    if ((mode & forbidden) != 0) {
      throw untrusted(root, "has mode " + octal(mode) + ", which lets " + (allowGroupAccess ? "others" : "group or others")
          + " write it, and so replace the key or the database in it", "chmod " + (allowGroupAccess ? "o-w" : "go-w")
          + " " + root);
    }
  }

  /**
   * Checks a file Cachet opens in the root, if it exists.
   *
   * @return whether it exists
   * @throws SealedStoreException naming the file, what is wrong and the fix
   */
  boolean requireFile(Path file) {
    return require(file, REGULAR, "a regular file", "600");
  }

  /**
   * Checks a directory of the blob tree, if it exists, and the directories below it down to {@code depth}
   * levels.
   *
   * @throws SealedStoreException naming the directory, what is wrong and the fix
   */
  void requireDirectoryTree(Path directory, int depth) {
    if (!require(directory, DIRECTORY, "a directory", "700") || depth == 0) {
      return;
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(directory, Files::isDirectory)) {
      for (Path child : children) {
        requireDirectoryTree(child, depth - 1);
      }
    } catch (IOException e) {
      throw new SealedStoreException("Cannot list " + directory + " to check it: " + e, e);
    }
  }

  private boolean require(Path path, int type, String typeName, String ownerOnlyMode) {
    Map<String, Object> attributes = attributes(path);
    if (attributes == null) {
      return false;
    }
    requireType(path, attributes, type, typeName);
    requireOwner(path, attributes);
    int mode = (int) attributes.get("mode");
    int forbidden = allowGroupAccess ? OTHERS_ACCESS : GROUP_ACCESS | OTHERS_ACCESS;
    if ((mode & forbidden) != 0) {
      throw untrusted(path, "has mode " + octal(mode) + ", which lets " + (allowGroupAccess ? "others" : "group or others")
          + " read or write it",
          "chmod " + (allowGroupAccess ? "o-rwx" : ownerOnlyMode) + " " + path);
    }
    return true;
  }

  private void requireType(Path path, Map<String, Object> attributes, int type, String typeName) {
    int actual = (int) attributes.get("mode") & TYPE_MASK;
    if (actual != type) {
      String is = actual == REGULAR ? "a regular file" : actual == DIRECTORY ? "a directory"
          : OTHER_TYPES.getOrDefault(actual, "not a regular file or directory");
      throw untrusted(path, "is " + is + ", not " + typeName + ": Cachet never follows or opens it",
          "check who put it there, then remove it: rm " + (actual == DIRECTORY ? "-r " : "") + path);
    }
  }

  private void requireOwner(Path path, Map<String, Object> attributes) {
    long uid = ((Number) attributes.get("uid")).longValue();
    if (uid != user.getUid()) {
      throw untrusted(path, "is owned by uid " + uid + " (" + ownerName(path) + "), not by uid " + user.getUid()
          + " (" + user.getUsername() + "), the user running Cachet: another user could have put it there",
          "check who changed it, then chown " + user.getUsername() + " " + path);
    }
  }

  private SealedStoreException untrusted(Path path, String problem, String fix) {
    return new SealedStoreException("Refusing the Cachet root file " + path + ": it " + problem + ". Fix: " + fix
        + (allowGroupAccess ? "" : " (a volume shared with a group, such as a Kubernetes fsGroup, needs the Cachet"
            + " option " + ALLOW_GROUP_ACCESS_OPTION + ")") + ".");
  }

  /** The path's Unix attributes, not following a link; null if it does not exist or has none to check. */
  private Map<String, Object> attributes(Path path) {
    if (user == null || !path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
      return null;
    }
    try {
      return Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new SealedStoreException("Cannot check the owner and mode of " + path + ": " + e, e);
    }
  }

  private static String ownerName(Path path) {
    try {
      UserPrincipal owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
      return owner.getName();
    } catch (IOException e) {
      return "unknown user";
    }
  }

  private static String octal(int mode) {
    return String.format("%04o", mode & 07777);
  }
}
