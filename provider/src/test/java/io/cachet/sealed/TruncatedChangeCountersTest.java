package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cachet.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change counters file shortened under a running process: the process's next access to it faults, which the
 * JVM reports as an error, a little after the access in compiled code; the read that met it goes to the store,
 * and from then on the process keeps nothing in memory and reads every entry from the store, where tampering is
 * found.
 */
class TruncatedChangeCountersTest {
  @TempDir Path directory;

  @Test
  void aTruncatedCountersFile_turnsTheHeapTierOff_andEveryReadGoesToTheStore() throws Exception {
    Path root = directory.resolve("root");
    try (ChildJvm child = ChildJvm.run("truncated", root, directory.resolve("logs"),
        ChildJvm.Options.BRIEF, TruncatedCounters.class, root.toString())) {
      child.assertExitCode(0);
      assertEquals(List.of("HELD v", "AFTER TRUNCATION v", "AFTER TAMPERING null", "WRITTEN written",
          "EVENTS [BAD_SIGNATURE]"), child.stdoutLines().stream().filter(line -> line.matches("[A-Z]+ .*")).toList(),
          child.describe());
    }
  }
}
