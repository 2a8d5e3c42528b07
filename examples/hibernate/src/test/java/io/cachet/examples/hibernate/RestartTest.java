package io.cachet.examples.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.testing.ChildJvm;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new JVM, a new session factory, the same Cachet root and the same H2 file: the second-level cache is still
 * warm, so the restarted application reads the entity, its collection and the cached query without any SQL.
 */
class RestartTest {
  @TempDir
  Path directory;

  @Test
  void restartedSessionFactory_inANewJvm_readsEntitiesCollectionAndQuery_withoutSql() throws Exception {
    Path root = directory.resolve("cachet");
    Path database = directory.resolve("library");
    Path logs = directory.resolve("logs");

    ChildJvm first = ChildJvm.runToSuccess("first", root, logs, RestartProbe.class, database.toString(), "first");
    ChildJvm restarted = ChildJvm.runToSuccess("restarted", root, logs, RestartProbe.class, database.toString(), "restarted");
    // Printed for the record: surefire keeps it in this test's output file.
    System.out.println("first run:\n" + String.join("\n", first.stdoutLines()));
    System.out.println("restarted run:\n" + String.join("\n", restarted.stdoutLines()));

    assertEquals("1", statistics(first).get("queryCachePutCount"), first.describe());
    Map<String, String> statistics = statistics(restarted);
    String context = restarted.describe();
    assertTrue(restarted.stdoutLines().contains("author=Ursula K. Le Guin"), context);
    assertEquals("0", statistics.get("prepareStatementCount"), context);
    assertEquals("0", statistics.get("secondLevelCacheMissCount"), context);
    assertTrue(Long.parseLong(statistics.get("secondLevelCacheHitCount")) > 0, context);
    assertEquals("1", statistics.get("collectionCacheHitCount"), context);
    assertEquals("1", statistics.get("queryCacheHitCount"), context);
    assertEquals("0", statistics.get("queryCacheMissCount"), context);
  }

  private static Map<String, String> statistics(ChildJvm jvm) {
    return jvm.stdoutLines().stream()
        .filter(line -> line.matches("\\w+Count=\\d+"))
        .map(line -> line.split("=", 2))
        .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
  }
}
