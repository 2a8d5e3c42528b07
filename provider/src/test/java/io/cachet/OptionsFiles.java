package io.cachet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.CacheManager;

/** Options files in a fixture's temporary directory, each with its data in {@code data/} beside it. */
final class OptionsFiles {
  private final CachetFixture cachet;

  OptionsFiles(CachetFixture cachet) {
    this.cachet = cachet;
  }

  /** Writes {@code cachet.properties}: {@code root=data} and then these lines. */
  Path write(String... lines) {
    try {
      return Files.writeString(cachet.root().resolve("cachet.properties"),
          "root=data\n" + String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The manager of an options file with these lines. */
  CacheManager manager(String... lines) {
    return manager(new Properties(), lines);
  }

  /** The manager of an options file with these lines, opened with these properties. */
  CacheManager manager(Properties passed, String... lines) {
    return cachet.provider().getCacheManager(write(lines).toUri(), OptionsFiles.class.getClassLoader(), passed);
  }

  /** The settings an options file with these lines resolves to, without opening a manager. */
  ManagerSettings settings(String... lines) {
    return ManagerSettings.resolve(write(lines).toUri(), new Properties());
  }
}
