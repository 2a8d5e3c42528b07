package io.cachet.reliability.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cachet.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entries written by one JVM are read back by another, after a clean close and after the writer
 * dies without closing. Each JVM runs {@link PersistenceProbe}, which uses only {@code javax.cache}.
 */
class CrossJvmPersistenceTest {

  /** Covers every value type (five per rotation) several times, including ten 100 KiB values. */
  private static final int ENTRIES = 50;
  /** Acknowledged writes to wait for before killing the writer. */
  private static final int ACKS_BEFORE_KILL = 120;

  @TempDir Path root;
  @TempDir Path logs;

  @Test
  void entries_survive_cleanCloseAndNewJvm() throws Exception {
    ChildJvm writer = ChildJvm.run("writer", root, logs, PersistenceProbe.class,
        "write-and-close", String.valueOf(ENTRIES));
    writer.assertExitCode(0);
    assertEquals(ENTRIES, ackCount(writer), writer.describe());
    assertBlobFileWritten(writer);

    verifyInNewJvm(ENTRIES);
  }

  @Test
  void acknowledgedWrites_survive_haltWithoutClose() throws Exception {
    ChildJvm writer = ChildJvm.run("halted-writer", root, logs, PersistenceProbe.class,
        "write-and-halt", String.valueOf(ENTRIES));
    writer.assertExitCode(PersistenceProbe.HALTED);
    assertEquals(ENTRIES, ackCount(writer), writer.describe());

    verifyInNewJvm(ENTRIES);
  }

  @Test
  void acknowledgedWrites_survive_killMidStream() throws Exception {
    ChildJvm writer = ChildJvm.start("killed-writer", root, logs, PersistenceProbe.class,
        "write-until-killed");
    long deadline = System.nanoTime() + ChildJvm.TIMEOUT.toNanos();
    while (ackCount(writer) < ACKS_BEFORE_KILL) {
      if (!writer.isAlive()) {
        fail("writer died before it was killed\n" + writer.describe());
      }
      if (System.nanoTime() > deadline) {
        writer.kill();
        fail("writer did not acknowledge " + ACKS_BEFORE_KILL + " writes within "
            + ChildJvm.TIMEOUT + "\n" + writer.describe());
      }
      Thread.sleep(10);
    }
    writer.kill();
    // Read the acknowledgements only after the kill: every ACK line was printed after put returned.
    int acknowledged = ackCount(writer);
    assertTrue(acknowledged >= ACKS_BEFORE_KILL, writer.describe());
    assertTrue(acknowledged < PersistenceProbe.KILL_LIMIT,
        "writer finished before it was killed; the test proved nothing\n" + writer.describe());

    verifyInNewJvm(acknowledged);
  }

  private void verifyInNewJvm(int entries) throws IOException, InterruptedException {
    ChildJvm reader = ChildJvm.run("reader", root, logs, PersistenceProbe.class,
        "verify", String.valueOf(entries));
    reader.assertExitCode(0);
    assertTrue(reader.stdout().contains("VERIFIED " + entries), reader.describe());
  }

  /** Consecutive ACK lines from 0; a gap would mean the probe is broken, so it fails the test. */
  private static int ackCount(ChildJvm writer) {
    List<String> acks = writer.stdoutLines().stream().filter(l -> l.startsWith("ACK ")).toList();
    for (int i = 0; i < acks.size(); i++) {
      assertEquals("ACK " + i, acks.get(i), writer.describe());
    }
    return acks.size();
  }

  /** DESIGN §3: values above the inline threshold live in files under {@code <root>/blobs/}. */
  private void assertBlobFileWritten(ChildJvm writer) throws IOException {
    Path blobs = root.resolve("blobs");
    long files = 0;
    if (Files.isDirectory(blobs)) {
      try (Stream<Path> walk = Files.walk(blobs)) {
        files = walk.filter(Files::isRegularFile).count();
      }
    }
    assertTrue(files > 0, "expected the " + PersistenceProbe.LARGE_VALUE_BYTES
        + "-byte values in blob files under " + blobs
        + " (is the default inline threshold above 100 KiB?)\n" + writer.describe());
  }
}
