package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process, usually a JVM running a {@code main} class of this test class path, whose output goes to
 * files (never pipes, which a chatty child could fill), so a failed assertion can show all of it.
 */
public final class ChildJvm implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ChildJvm(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** The command running {@code mainClass} with {@code args} in a new JVM on this test's class path. */
  public static List<String> java(Class<?> mainClass, String... args) {
    return java("128m", mainClass, args);
  }

  /** {@link #java(Class, String...)} with this maximum heap size ({@code -Xmx}). */
  static List<String> java(String maxHeap, Class<?> mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + maxHeap);
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return command;
  }

  public static ChildJvm start(String name, Path logDir, List<String> command) throws IOException {
    Files.createDirectories(logDir);
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new ChildJvm(name, process, out, err);
  }

  /** Waits until the child printed this line, failing (with its output) if it exits or times out first. */
  public void awaitLine(String line) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!stdoutLines().contains(line)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        fail(name + " never printed " + line + "\n" + describe());
      }
      Thread.sleep(20);
    }
  }

  /** Waits for the child's exit, failing (with its output) unless it exits 0 in time. */
  public void awaitSuccess() throws InterruptedException {
    if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      fail(name + " did not finish within " + TIMEOUT + "\n" + describe());
    }
    if (process.exitValue() != 0) {
      fail(name + " exited with " + process.exitValue() + "\n" + describe());
    }
  }

  /** Complete lines printed so far. */
  List<String> stdoutLines() {
    String text = read(stdout);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
  }

  String describe() {
    String state = process.isAlive() ? "running" : "exit code " + process.exitValue();
    return "---- " + name + " (" + state + ") stdout ----\n" + read(stdout) + "---- " + name + " stderr ----\n"
        + read(stderr) + "---- end of " + name + " ----";
  }

  /** Kills the child if it still runs (its locks die with it). */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
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
