package io.cachet.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JCache layer knows JCache and the sealed store's interfaces only: no SQL, files, Kryo, crypto or
 * storage implementation, so that a new backend never touches it; and no package depends, through any chain
 * of others, on itself.
 */
class LayeringTest {
  private static final Path MAIN_SOURCES = Path.of("src/main/java");
  private static final Path JCACHE_SOURCES = MAIN_SOURCES.resolve("io/cachet/jcache");
  /** A reference to a Cachet type: its package is what precedes the first capitalised name. */
  private static final Pattern CACHET_TYPE = Pattern.compile("\\b(io\\.cachet(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
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

  @Test
  void packages_dependOnEachOtherWithoutACycle() throws IOException {
    Map<String, Set<String>> dependencies = packageDependencies();
    assertFalse(dependencies.isEmpty(), "no sources found under " + MAIN_SOURCES.toAbsolutePath());
    List<String> cycles = new ArrayList<>();
    for (String start : dependencies.keySet()) {
      List<String> cycle = cycleThrough(start, new ArrayList<>(List.of(start)), dependencies, new HashSet<>());
      if (cycle != null) {
        cycles.add(String.join(" -> ", cycle));
      }
    }
    assertEquals(List.of(), cycles);
  }

  @Test
  void publicSurface_importsNoCachetSubpackage() throws IOException {
    // io.cachet is what every layer below reads Cachet's public types and options from; the provider reaches
    // the manager through the ManagerFactory service instead of importing it.
    assertEquals(Set.of(), packageDependencies().get("io.cachet"));
  }

  /** Each main package, with the other Cachet packages its sources import or name. */
  private static Map<String, Set<String>> packageDependencies() throws IOException {
    Map<String, Set<String>> dependencies = new TreeMap<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
      sources = files.filter(path -> path.toString().endsWith(".java")).toList();
    }
    for (Path source : sources) {
      String pkg = MAIN_SOURCES.relativize(source.getParent()).toString().replace(source.getFileSystem()
          .getSeparator(), ".");
      Set<String> used = dependencies.computeIfAbsent(pkg, p -> new TreeSet<>());
      for (String line : Files.readAllLines(source)) {
        String code = line.strip();
        if (code.startsWith("*") || code.startsWith("/") || code.startsWith("package ")) {
          continue; // comments and Javadoc name types without depending on them
        }
        Matcher reference = CACHET_TYPE.matcher(code);
        while (reference.find()) {
          if (!reference.group(1).equals(pkg)) {
            used.add(reference.group(1));
          }
        }
      }
    }
    return dependencies;
  }

  /** A chain from {@code start} back to itself through {@code path}'s last package, or null if there is none. */
  private static List<String> cycleThrough(String start, List<String> path, Map<String, Set<String>> dependencies,
      Set<String> visited) {
    for (String next : dependencies.getOrDefault(path.get(path.size() - 1), Set.of())) {
      if (next.equals(start)) {
        List<String> cycle = new ArrayList<>(path);
        cycle.add(start);
        return cycle;
      }
      if (visited.add(next)) {
        path.add(next);
        List<String> cycle = cycleThrough(start, path, dependencies, visited);
        if (cycle != null) {
          return cycle;
        }
        path.remove(path.size() - 1);
      }
    }
    return null;
  }
}
