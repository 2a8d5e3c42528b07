package io.cachet.examples.spring;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a {@code main} class on this test's class path with {@code cachet.root} set: a restart
 * of the application is a new process, never a new context in the same JVM. Output goes to files, never to
 * pipes, so a chatty child cannot block and a failure can show everything it printed.
 */
final class ForkedJvm {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ForkedJvm(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Runs {@code mainClass} to its end in a new JVM whose Cachet root is {@code root}; fails unless it exits 0. */
  static ForkedJvm run(String name, Path root, Path logDir, Class<?> mainClass)
      throws IOException, InterruptedException {
    Files.createDirectories(logDir);
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m",
        "-Dcachet.root=" + root,
        // Surefire's JVM reports the whole test class path here: main and test classes, Spring, Cachet.
        "-cp", System.getProperty("java.class.path"),
        mainClass.getName());
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    ForkedJvm jvm = new ForkedJvm(name, process, out, err);
    jvm.awaitSuccess();
    return jvm;
  }

  /** The lines the child printed to stdout. */
  List<String> stdoutLines() {
    return read(stdout).lines().toList();
  }

  /** The child's name, exit state and output, for failure messages. */
  String describe() {
    String state = process.isAlive() ? "running" : "exit code " + process.exitValue();
    return "---- " + name + " (" + state + ") stdout ----\n" + read(stdout)
        + "---- " + name + " stderr ----\n" + read(stderr) + "---- end of " + name + " ----";
  }

  private void awaitSuccess() throws InterruptedException {
    if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail(name + " did not finish within " + TIMEOUT + "\n" + describe());
    }
    if (process.exitValue() != 0) {
      fail(name + " failed\n" + describe());
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<cannot read " + file + ": " + e + ">";
    }
  }
}
