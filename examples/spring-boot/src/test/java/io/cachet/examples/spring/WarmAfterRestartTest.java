package io.cachet.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.testing.ChildJvm;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application restarted in a new JVM on the same Cachet root finds its cache warm. */
class WarmAfterRestartTest {
  private static final Path LOGS = Path.of("target", "restart-runs");

  @Test
  void secondRun_answersFromTheCache_withoutRunningTheMethods(@TempDir Path root) throws Exception {
    Map<String, String> first = run("first-run", root);
    Map<String, String> second = run("second-run", root);

    assertThat(first).containsEntry("find.invocations", "1").containsEntry("search.invocations", "1")
        .containsEntry("books.hits", "0").containsEntry("books.misses", "1").containsEntry("books.puts", "1");
    assertThat(second).containsEntry("find.invocations", "0").containsEntry("search.invocations", "0")
        .containsEntry("books.hits", "1").containsEntry("books.misses", "0").containsEntry("books.puts", "0");
    assertThat(second.get("find.result")).isEqualTo(first.get("find.result")).isEqualTo("Dune");
    assertThat(second.get("search.result")).isEqualTo(first.get("search.result")).isEqualTo("1");
  }

  private static Map<String, String> run(String name, Path root) throws Exception {
    ChildJvm jvm = ChildJvm.runToSuccess(name, root, LOGS, BookshopRun.class);
    Map<String, String> printed = jvm.stdoutLines().stream()
        .filter(line -> line.matches("[a-z.]+=.*"))
        .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
            line -> line.substring(line.indexOf('=') + 1)));
    System.out.println(name + ": " + printed);
    return printed;
  }
}
