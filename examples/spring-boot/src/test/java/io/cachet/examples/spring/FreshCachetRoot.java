package io.cachet.examples.spring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points Cachet's default root ({@code cachet.root}) at a new directory under {@code target/}, once per test
 * JVM and before any Spring context starts: cachet.properties names no root, so every context of this run
 * shares it, and no run sees a previous run's entries. A root given with -Dcachet.root is kept.
 */
final class FreshCachetRoot implements BeforeAllCallback {
  private static final String ROOT_PROPERTY = "cachet.root";

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    synchronized (FreshCachetRoot.class) {
      if (System.getProperty(ROOT_PROPERTY) == null) {
        Path root = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "cachet-root-");
        System.setProperty(ROOT_PROPERTY, root.toAbsolutePath().toString());
      }
    }
  }
}
