package io.cachet.examples.multihost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's multi-host demo, as `mvn exec:exec` runs it: host A reads host B's writes and sees its event. */
class MultiHostDemoTest {
  @TempDir
  Path directory;

  @Test
  void hostA_readsHostBsWrites_andItsListenerSeesThem() throws Exception {
    assertEquals(0, MultiHostDemo.run(directory));
  }
}
