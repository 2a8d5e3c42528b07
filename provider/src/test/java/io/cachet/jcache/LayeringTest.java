package io.cachet.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JCache layer knows JCache and the sealed store's interfaces only: no SQL, files, Kryo, crypto or
 * storage implementation, so that a new backend never touches it.
 */
class LayeringTest {
  private static final Path JCACHE_SOURCES = Path.of("src/main/java/io/cachet/jcache");
  private static final List<String> FORBIDDEN = List.of(
      "import java.sql", "import java.nio.file", "import java.io.File;", "import javax.crypto",
      "import com.esotericsoftware", "import org.sqlite", "import io.cachet.store", "import io.cachet.seal.",
      "import io.cachet.serial");

  @Test
  void jcacheLayer_importsNoStorageSerializationOrCryptoTypes() throws IOException {
    List<String> violations = new ArrayList<>();
    List<Path> sources;
    try (Stream<Path> files = Files.list(JCACHE_SOURCES)) {
      sources = files.filter(path -> path.toString().endsWith(".java")).toList();
    }
    assertFalse(sources.isEmpty(), "no sources found under " + JCACHE_SOURCES.toAbsolutePath());
    for (Path source : sources) {
      for (String line : Files.readAllLines(source)) {
        for (String forbidden : FORBIDDEN) {
          if (line.startsWith(forbidden)) {
            violations.add(source.getFileName() + ": " + line);
          }
        }
      }
    }
    assertEquals(List.of(), violations);
  }
}
