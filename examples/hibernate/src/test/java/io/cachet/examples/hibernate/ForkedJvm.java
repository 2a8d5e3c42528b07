package io.cachet.examples.hibernate;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class of this test class path run to completion in a new JVM with {@code cachet.root} set: the idea of
 * the examples module's {@code ForkedJvm}, cut to what a restart needs. Output goes to files, never pipes, so a
 * chatty child (Hibernate logs a lot) cannot block, and a failure shows everything the child printed.
 */
final class ForkedJvm {
  private static final long TIMEOUT_SECONDS = 120;

  private final String name;
  private final Path stdout;
  private final Path stderr;

  private ForkedJvm(String name, Path stdout, Path stderr) {
    this.name = name;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Runs {@code mainClass} with {@code args}, fails the test unless it exits 0 within the timeout. */
  static ForkedJvm run(String name, Path cachetRoot, Path logDir, Class<?> mainClass, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m",
        "-Dcachet.root=" + cachetRoot,
        // Surefire's forked JVM reports the whole test class path here: main and test classes and every dependency.
        "-cp", System.getProperty("java.class.path"),
        mainClass.getName()));
    command.addAll(List.of(args));
    Files.createDirectories(logDir);
    ForkedJvm jvm = new ForkedJvm(name, logDir.resolve(name + ".out"), logDir.resolve(name + ".err"));
    Process process = new ProcessBuilder(command)
        .redirectOutput(jvm.stdout.toFile())
        .redirectError(jvm.stderr.toFile())
        .start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail(name + " did not finish within " + TIMEOUT_SECONDS + " s\n" + jvm.describe());
    }
    if (process.exitValue() != 0) {
      fail(name + " exited with " + process.exitValue() + "\n" + jvm.describe());
    }
    return jvm;
  }

  /** The lines the child printed to stdout. */
  List<String> stdoutLines() {
    return read(stdout).lines().toList();
  }

  /** The child's name and output, for failure messages. */
  String describe() {
    return "---- " + name + " stdout ----\n" + read(stdout) + "---- " + name + " stderr ----\n" + read(stderr)
        + "---- end of " + name + " ----";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<cannot read " + file + ": " + e + ">";
    }
  }
}
