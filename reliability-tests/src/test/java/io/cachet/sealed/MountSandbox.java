package io.cachet.sealed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child in a private mount namespace ({@code unshare}), where a test may mount a size-limited tmpfs or
 * a read-only bind without touching the machine's mounts: {@code unshare -Urm} (a user namespace too, which
 * works unprivileged where the kernel allows it), else {@code unshare -m} (needs root).
 */
final class MountSandbox {
  private static final List<List<String>> CANDIDATES = List.of(List.of("unshare", "-Urm"), List.of("unshare", "-m"));
  private static List<String> prefix;
  private static String unavailable;

  private MountSandbox() {}

  /** Null if a mount namespace can be had here, else why not. */
  static synchronized String unavailableReason() throws IOException, InterruptedException {
    probe();
    return unavailable;
  }

  /**
   * The command that runs {@code script} with {@code sh} in a new mount namespace, then {@code command}: the
   * script sees the directory as {@code $0} and ends with {@code exec "$@"}.
   */
  static synchronized List<String> wrap(String script, Path directory, List<String> command)
      throws IOException, InterruptedException {
    probe();
    if (prefix == null) {
      throw new IllegalStateException(unavailable);
    }
    List<String> wrapped = new ArrayList<>(prefix);
    wrapped.addAll(List.of("sh", "-c", script + " && exec \"$@\"", directory.toString()));
    wrapped.addAll(command);
    return wrapped;
  }

  private static void probe() throws IOException, InterruptedException {
    if (prefix != null || unavailable != null) {
      return;
    }
    Path directory = Files.createTempDirectory("cachet-mount-probe");
    StringBuilder reasons = new StringBuilder();
    try {
      for (List<String> candidate : CANDIDATES) {
        List<String> command = new ArrayList<>(candidate);
        command.addAll(List.of("sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$0\"", directory.toString()));
        Path output = Files.createTempFile("cachet-mount-probe", ".txt");
        try {
          Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
              .start();
          if (process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0) {
            prefix = candidate;
            return;
          }
          process.destroyForcibly();
          reasons.append(String.join(" ", candidate)).append(": ")
              .append(Files.readString(output, StandardCharsets.UTF_8).strip()).append("; ");
        } catch (IOException e) {
          reasons.append(String.join(" ", candidate)).append(": ").append(e.getMessage()).append("; ");
        } finally {
          Files.deleteIfExists(output);
        }
      }
      unavailable = "no private mount namespace here (" + reasons + ")";
    } finally {
      Files.deleteIfExists(directory);
    }
  }
}
