package io.cachet.sealed;

import io.cachet.seal.HmacEntrySigner;
import io.cachet.seal.SigningKeyException;
import io.cachet.seal.SigningKeyFile;
import io.cachet.store.EntryStore;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The signing keys of one store: each key file loaded (or created) once and shared by the namespaces that
 * name it, and one random in-memory key per store instance, never written.
 */
final class KeyRing {
  private static final SecureRandom RANDOM = new SecureRandom();
  // Cachet's own files in a root: the database and its companions, locks, change counters.
  private static final String CACHET_FILES = "cachet.";

  private final Path root;
  private final EntryStore entries;
  private final RootTrust trust;
  private final Map<String, HmacEntrySigner> files = new HashMap<>();
  private HmacEntrySigner memory;

  KeyRing(Path root, EntryStore entries, RootTrust trust) {
    this.root = root;
    this.entries = entries;
    this.trust = trust;
  }

  /**
   * The signer of the key these options name, loading or creating its key file on first use.
   *
   * @throws SigningKeyException naming the file if it is unsafe, damaged, or missing while rows signed with
   *     it exist
   * @throws SealedStoreException naming the file if another user owns it or group or others can access it
   */
  synchronized HmacEntrySigner signer(NamespaceOptions options) {
    if (options.inMemoryKey()) {
      if (memory == null) {
        byte[] key = new byte[HmacEntrySigner.KEY_LENGTH];
        RANDOM.nextBytes(key);
        memory = signer(key);
      }
      return memory;
    }
    String fileName = options.signingKeyFile();
    HmacEntrySigner signer = files.get(fileName);
    if (signer == null) {
      signer = signer(load(fileName, () -> entries.keyFileSigns(fileName)));
      files.put(fileName, signer);
    }
    return signer;
  }

  /**
   * The signer of an existing key, to check a namespace record with: the key file's (never created here),
   * or this instance's in-memory key for a null file name; null if that key is not available.
   */
  synchronized HmacEntrySigner existing(String keyFile) {
    if (keyFile == null) {
      return memory;
    }
    HmacEntrySigner signer = files.get(keyFile);
    if (signer != null) {
      return signer;
    }
    try {
      // "Signed data exists" makes a missing file an error rather than a new key.
      signer = signer(load(keyFile, () -> true));
    } catch (SigningKeyException e) {
      return null;
    }
    files.put(keyFile, signer);
    return signer;
  }

  /**
   * The signer of the key a rotation moves to: the key file's if it exists (so that every host can be given the
   * same file first), else a new key written to it, mode 0600.
   *
   * @throws SigningKeyException naming the file if its name is not plain, or it is unsafe or damaged
   * @throws SealedStoreException naming the file if another user owns it or group or others can access it
   */
  synchronized HmacEntrySigner rotatingTo(String fileName) {
    HmacEntrySigner signer = files.get(fileName);
    if (signer == null) {
      signer = signer(load(fileName, () -> false));
      files.put(fileName, signer);
    }
    return signer;
  }

  private byte[] load(String fileName, BooleanSupplier storeHasSignedData) {
    SigningKeyFile.requirePlainName(fileName);
    trust.requireFile(root.resolve(fileName));
    return SigningKeyFile.loadOrCreate(root, fileName, storeHasSignedData, trust.allowsGroupAccess());
  }

  /**
   * The names of the files in the root that may be key files: regular files of a key's length whose names are not
   * those of Cachet's own files ({@code cachet.*}), for an operator to tell which are still used.
   *
   * @throws SealedStoreException if the root cannot be listed
   */
  List<String> candidateKeyFiles() {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(root)) {
      for (Path file : files) {
        String name = String.valueOf(file.getFileName());
        if (!name.startsWith(CACHET_FILES) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
            && Files.size(file) == HmacEntrySigner.KEY_LENGTH) {
          names.add(name);
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      throw new SealedStoreException("Cannot list the key files in " + root + ": " + e.getMessage(), e);
    }
    names.sort(null);
    return names;
  }

  /** Whether the key file exists now. */
  boolean present(String keyFile) {
    return SigningKeyFile.exists(root, keyFile);
  }

  private static HmacEntrySigner signer(byte[] key) {
    try {
      return new HmacEntrySigner(key, HmacEntrySigner.CURRENT_VERSION);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }
}
