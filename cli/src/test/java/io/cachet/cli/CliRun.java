package io.cachet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of the packaged tool, {@code java -jar cli/target/cachet-cli.jar ARGS}, as a separate process. */
record CliRun(int exitStatus, String out, String err) {
  private static final long TIMEOUT_SECONDS = 120;

  // Most runs last a second or two, mostly starting: the quick compiler and the serial collector start them sooner.
  private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  static CliRun of(String... args) throws IOException, InterruptedException {
    return withInput("", args);
  }

  /** A run given {@code input} on its standard input, which is then closed. */
  static CliRun withInput(String input, String... args) throws IOException, InterruptedException {
    return run(QUICK_START, input, args);
  }

  /** A run long enough for the optimizing compiler to pay: a rotation of many entries. */
  static CliRun longRunning(String... args) throws IOException, InterruptedException {
    return run(List.of(), "", args);
  }

  private static CliRun run(List<String> jvmOptions, String input, String... args)
      throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("cli.jar", "target/cachet-cli.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: the tests run after the package phase (mvn verify)");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("cachet-cli", ".out");
    Path err = Files.createTempFile("cachet-cli", ".err");
    try {
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      try (var stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("cachet " + String.join(" ", args) + " still ran after " + TIMEOUT_SECONDS + " s");
      }
      return new CliRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The first line of standard output that starts with {@code start}; fails if there is none. */
  String line(String start) {
    return out.lines().filter(line -> line.startsWith(start)).findFirst()
        .orElseThrow(() -> new AssertionError("no line starts with " + start + " in\n" + this));
  }

  @Override
  public String toString() {
    return "exit " + exitStatus + "\n--- out\n" + out + "--- err\n" + err;
  }
}
