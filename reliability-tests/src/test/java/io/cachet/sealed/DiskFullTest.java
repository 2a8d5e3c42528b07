package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk, no injection: a child JVM ({@link DiskFullWorkload}) fills a root on a 4 MiB tmpfs
 * mounted in its own mount namespace. Every refused write is a CacheException, every acknowledged entry is
 * still there with its value, removing entries makes room and writes succeed again, and the database and
 * blob files are consistent. Where no mount namespace can be had it is skipped with the reason printed, and
 * fails under {@code CI=true} ({@link EnvironmentSkip}).
 */
class DiskFullTest {
  private static String summary = "FAULTS DiskFullTest not run";

  @TempDir Path directory;

  @AfterAll
  static void summary() {
    System.out.println(summary);
  }

  @Test
  void fillingATmpfs_refusesWritesWithCacheExceptions_losesNothing_andRemovingEntriesMakesRoom() throws Exception {
    String unavailable = MountSandbox.unavailableReason();
    if (unavailable != null) {
      summary = "FAULTS DiskFullTest skipped: " + unavailable;
      EnvironmentSkip.skip("DiskFullTest", unavailable);
    }
    Path root = Files.createDirectory(directory.resolve("root"));
    List<String> command = MountSandbox.wrap("mount -t tmpfs -o size=4m,mode=0700 tmpfs \"$0\"", root,
        ChildJvm.java(DiskFullWorkload.class, root.toString()));
    ChildJvm child = ChildJvm.start("disk-full", directory.resolve("logs"), command);
    child.assertExitCode(0);
    List<String> lines = child.stdoutLines();

    long refused = lines.stream().filter(line -> line.startsWith("FULL ")).count();
    long lost = lines.stream().filter(line -> line.startsWith("READ ") && line.endsWith(" MISS")).count();
    long corrupt = lines.stream().filter(line -> line.startsWith("READ ") && line.endsWith(" WRONG")).count();
    summary = "FAULTS DiskFullTest injected=" + refused + " (real ENOSPC/SQLITE_FULL) lost=" + lost + " corrupt="
        + corrupt;

    assertEquals(List.of(), lines.stream().filter(line -> line.startsWith("RAW ")).toList(), "raw exceptions");
    assertTrue(refused > 0, "the disk filled up");
    assertTrue(lines.stream().filter(line -> line.startsWith("FULL ")).allMatch(line -> line.contains(
        "No space left on device") || line.contains("SQLITE_FULL")), "refusals say the disk is full");
    assertEquals(0, lost, "acknowledged entries missing");
    assertEquals(0, corrupt, "acknowledged entries with a wrong value");
    int ballast = lines.indexOf("BALLAST freed");
    assertTrue(ballast > 0, "the ballast was freed");
    List<String> beforeLastByte = lines.subList(0, lines.indexOf("REMOVE blob-2 ok") + 1);
    assertTrue(beforeLastByte.containsAll(List.of("REMOVE blob-0 ok", "REMOVE blob-1 ok", "REMOVE blob-2 ok")),
        "the cache made room itself after its first refused blob put");
    List<String> afterRoom = lines.stream().filter(line -> line.startsWith("AFTER ")).toList();
    assertEquals(List.of("AFTER PUT_BLOB ok", "AFTER PUT_SMALL ok", "AFTER PUT_BLOB ok", "AFTER PUT_SMALL ok"),
        afterRoom, "writes after making room, and after the ballast was freed");
    List<String> afterFreed = lines.subList(ballast, lines.size());
    assertTrue(afterFreed.containsAll(List.of("REMOVE blob-3 ok", "REMOVE blob-4 ok", "REMOVE blob-5 ok")),
        "removes once space was freed");
    String disk = lines.stream().filter(line -> line.startsWith("DISK ")).findFirst().orElseThrow();
    assertTrue(disk.contains("integrity=ok") && disk.contains("orphans=0") && disk.contains("dangling=0"), disk);
    assertTrue(lines.contains("DONE"));
  }
}
