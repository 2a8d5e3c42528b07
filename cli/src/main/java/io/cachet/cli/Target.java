package io.cachet.cli;

import io.cachet.ManagerSettings;
import io.cachet.sealed.SealedStore;
import io.cachet.sealed.SealedStoreSettings;
import io.cachet.sealed.SealedStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * What a command works on: a root directory (the embedded store) or an options file (whichever store it names),
 * resolved exactly as a cache manager resolves the same URI, so that the tool sees the store the application uses.
 */
final class Target {
  private final Path given;
  private final SealedStoreSettings settings;

  private Target(Path given, SealedStoreSettings settings) {
    this.given = given;
    this.settings = settings;
  }

  /**
   * The target a command-line argument names.
   *
   * @throws IllegalArgumentException if it is neither a directory nor a regular file
   */
  static Target of(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    if (!Files.isDirectory(absolute) && !Files.isRegularFile(absolute)) {
      throw new IllegalArgumentException(path + " is neither a Cachet root directory nor an options file");
    }
    return new Target(absolute,
        SealedStoreSettings.of(ManagerSettings.of(absolute.toUri()), CachetCli.class.getClassLoader()));
  }

  /** The root directory: the given one, or the one the options file names. */
  Path root() {
    return settings.root();
  }

  /**
   * Opens the store as a cache manager would, beside any application using it.
   *
   * @throws IllegalArgumentException if the target names an embedded store whose database does not exist: the tool
   *     never creates a store
   */
  SealedStore open() {
    requireStore();
    return SealedStores.open(settings, InstantSource.system());
  }

  /**
   * Opens the store for reading only, beside any application using it: the embedded database read-only, nothing
   * created or written.
   *
   * @throws IllegalArgumentException if the target names an embedded store whose database does not exist
   */
  SealedStore openForReading() {
    requireStore();
    return SealedStores.openForReading(settings);
  }

  private void requireStore() {
    if (settings.store().equals(SealedStoreSettings.EMBEDDED) && !SealedStores.holdsEmbeddedStore(root())) {
      throw new IllegalArgumentException("No Cachet store at " + root() + " (named by " + given + "): it has no "
          + "cachet.db");
    }
  }

  @Override
  public String toString() {
    return given.toString();
  }
}
