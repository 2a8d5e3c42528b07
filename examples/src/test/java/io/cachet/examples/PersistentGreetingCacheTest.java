package io.cachet.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.testing.ChildJvm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README example, run twice in two JVMs on one root: the second run finds the first's data. */
class PersistentGreetingCacheTest {

  @TempDir Path root;
  @TempDir Path logs;

  @Test
  void main_secondJvm_findsEntriesStoredByFirstJvm() throws Exception {
    int stored = PersistentGreetingCache.GREETINGS.size();

    ChildJvm first = ChildJvm.run("first-run", root, logs, PersistentGreetingCache.class);
    first.assertExitCode(0);
    assertTrue(first.stdout().contains("stored " + stored + " entries"),
        "first run should store the greetings\n" + first.describe());

    ChildJvm second = ChildJvm.run("second-run", root, logs, PersistentGreetingCache.class);
    second.assertExitCode(0);
    assertTrue(second.stdout().contains("found " + stored + " entries from a previous run"),
        "second run should find the greetings\n" + second.describe());
    assertTrue(second.stdout().contains("en=Hello"), second.describe());
  }
}
