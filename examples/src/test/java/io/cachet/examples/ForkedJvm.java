package io.cachet.examples;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child JVM running a {@code main} class on this test's class path, with {@code cachet.root} set (and,
 * through {@link Options}, more class path entries and JVM options).
 *
 * <p>Its stdout and stderr go to files, never pipes, so a chatty child cannot block and a failing
 * assertion can show everything the child printed.
 */
public final class ForkedJvm {

  /** Upper bound for any single child JVM: start-up, SQLite native extraction, the work itself. */
  public static final Duration TIMEOUT = Duration.ofSeconds(120);

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

  /**
   * What a child gets besides the defaults: class path entries after the test class path (classes this JVM
   * must not see, such as another version of an application class) and JVM options such as {@code -Dname=value}.
   */
  public record Options(List<Path> classPath, List<String> jvmArgs) {
    /** Nothing added: the test class path and {@code cachet.root} only. */
    public static final Options NONE = new Options(List.of(), List.of());

    public Options {
      classPath = List.copyOf(classPath);
      jvmArgs = List.copyOf(jvmArgs);
    }

    /** These options with {@code entries} appended to the class path. */
    public Options withClassPath(Path... entries) {
      return new Options(Stream.concat(classPath.stream(), Arrays.stream(entries)).toList(), jvmArgs);
    }

    /** These options with {@code args} appended to the JVM options. */
    public Options withJvmArgs(String... args) {
      return new Options(classPath, Stream.concat(jvmArgs.stream(), Arrays.stream(args)).toList());
    }
  }

  /** Starts {@code mainClass} with {@code args} in a new JVM whose Cachet root is {@code root}. */
  public static ForkedJvm start(String name, Path root, Path logDir, Class<?> mainClass,
      String... args) throws IOException {
    return start(name, root, logDir, Options.NONE, mainClass, args);
  }

  /** As {@link #start(String, Path, Path, Class, String...)}, with the given additions. */
  public static ForkedJvm start(String name, Path root, Path logDir, Options options, Class<?> mainClass,
      String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-Dcachet.root=" + root);
    command.addAll(options.jvmArgs());
    command.add("-cp");
    StringBuilder classPath = new StringBuilder(testClassPath());
    for (Path entry : options.classPath()) {
      classPath.append(File.pathSeparatorChar).append(entry);
    }
    command.add(classPath.toString());
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    Files.createDirectories(logDir);
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    return new ForkedJvm(name, process, out, err);
  }

  /** Starts the child, waits for it within {@link #TIMEOUT} and returns it, finished. */
  public static ForkedJvm run(String name, Path root, Path logDir, Class<?> mainClass,
      String... args) throws IOException, InterruptedException {
    return run(name, root, logDir, Options.NONE, mainClass, args);
  }

  /** As {@link #run(String, Path, Path, Class, String...)}, with the given additions. */
  public static ForkedJvm run(String name, Path root, Path logDir, Options options, Class<?> mainClass,
      String... args) throws IOException, InterruptedException {
    ForkedJvm jvm = start(name, root, logDir, options, mainClass, args);
    jvm.awaitExit();
    return jvm;
  }

  /** Runs the child to its end, failing the test (with the child's output) unless it exits 0. */
  public static ForkedJvm runToSuccess(String name, Path root, Path logDir, Class<?> mainClass,
      String... args) throws IOException, InterruptedException {
    return runToSuccess(name, root, logDir, Options.NONE, mainClass, args);
  }

  /** As {@link #runToSuccess(String, Path, Path, Class, String...)}, with the given additions. */
  public static ForkedJvm runToSuccess(String name, Path root, Path logDir, Options options,
      Class<?> mainClass, String... args) throws IOException, InterruptedException {
    ForkedJvm jvm = run(name, root, logDir, options, mainClass, args);
    jvm.assertExitCode(0);
    return jvm;
  }

  /** Waits for exit within {@link #TIMEOUT}; on timeout kills the child and fails the test. */
  public int awaitExit() throws InterruptedException {
    if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail(name + " did not finish within " + TIMEOUT + "\n" + describe());
    }
    return process.exitValue();
  }

  /** Fails the test, showing the child's output, unless it exited with {@code expected}. */
  public void assertExitCode(int expected) throws InterruptedException {
    int actual = awaitExit();
    if (actual != expected) {
      fail(name + " exited with " + actual + ", expected " + expected + "\n" + describe());
    }
  }

  /** Kills the child like a power cut would kill the process: no shutdown hooks, no close(). */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      fail(name + " survived destroyForcibly\n" + describe());
    }
  }

  /** Whether the child is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Complete lines the child has written to stdout so far (a trailing partial line is left out). */
  public List<String> stdoutLines() {
    String text = read(stdout);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
  }

  /** Everything the child printed so far. */
  public String stdout() {
    return read(stdout);
  }

  /** The child's name, exit state and output, for failure messages. */
  public String describe() {
    String state = process.isAlive() ? "running" : "exit code " + process.exitValue();
    return "---- " + name + " (" + state + ") stdout ----\n" + read(stdout)
        + "---- " + name + " stderr ----\n" + read(stderr) + "---- end of " + name + " ----";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<cannot read " + file + ": " + e + ">";
    }
  }

  /**
   * The class path of this test JVM. Surefire's forked JVM reports the full test class path here
   * (main and test classes, the provider and its dependencies), which is all a child needs.
   */
  private static String testClassPath() {
    String classPath = System.getProperty("java.class.path");
    if (classPath == null || classPath.isBlank()) {
      throw new IllegalStateException("java.class.path is empty; cannot fork a JVM");
    }
    return classPath;
  }
}
