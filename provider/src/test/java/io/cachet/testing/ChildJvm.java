package io.cachet.testing;

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
 * A child process, usually a JVM running a {@code main} class of this test class path, whose output goes to
 * files (never pipes, which a chatty child could fill and so block), so a failed assertion can show all of it.
 *
 * <p>The one child-process helper of every module's tests: the provider's, the reliability harnesses' and the
 * examples' (it reaches them through the provider's test jar).
 */
public final class ChildJvm implements AutoCloseable {
  /** Upper bound for any single child JVM: start-up, SQLite native extraction, the work itself. */
  public static final Duration TIMEOUT = Duration.ofSeconds(120);

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

  /**
   * How a child JVM runs: its maximum heap, class path entries after the test class path (classes this JVM must
   * not see, such as another version of an application class) and JVM options such as {@code -Dname=value}.
   */
  public record Options(String maxHeap, List<Path> classPath, List<String> jvmArgs) {
    /** A child that runs briefly (opens a root, does a few operations): a small heap and C1 only, to start fast. */
    public static final Options BRIEF = new Options("128m", List.of(), List.of("-XX:TieredStopAtLevel=1"));
    /** A child that runs a workload: a larger heap and the full JIT. */
    public static final Options WORKLOAD = new Options("256m", List.of(), List.of());

    public Options {
      classPath = List.copyOf(classPath);
      jvmArgs = List.copyOf(jvmArgs);
    }

    /** These options with this maximum heap size ({@code -Xmx}). */
    public Options withMaxHeap(String size) {
      return new Options(size, classPath, jvmArgs);
    }

    /** These options with {@code entries} appended to the class path. */
    public Options withClassPath(Path... entries) {
      return new Options(maxHeap, Stream.concat(classPath.stream(), Arrays.stream(entries)).toList(), jvmArgs);
    }

    /** These options with {@code args} appended to the JVM options. */
    public Options withJvmArgs(String... args) {
      return new Options(maxHeap, classPath, Stream.concat(jvmArgs.stream(), Arrays.stream(args)).toList());
    }
  }

  /** The command running {@code mainClass} with {@code args} in a new, {@link Options#BRIEF} JVM. */
  public static List<String> java(Class<?> mainClass, String... args) {
    return java(Options.BRIEF, mainClass, args);
  }

  /** {@link #java(Class, String...)} with this maximum heap size ({@code -Xmx}). */
  public static List<String> java(String maxHeap, Class<?> mainClass, String... args) {
    return java(Options.BRIEF.withMaxHeap(maxHeap), mainClass, args);
  }

  /** The command running {@code mainClass} with {@code args} in a new JVM on this test's class path. */
  public static List<String> java(Options options, Class<?> mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + options.maxHeap());
    command.addAll(options.jvmArgs());
    command.add("-cp");
    StringBuilder classPath = new StringBuilder(testClassPath());
    for (Path entry : options.classPath()) {
      classPath.append(File.pathSeparatorChar).append(entry);
    }
    command.add(classPath.toString());
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return command;
  }

  /** Starts {@code command}, its stdout and stderr going to {@code <name>.out} and {@code .err} in {@code logDir}. */
  public static ChildJvm start(String name, Path logDir, List<String> command) throws IOException {
    Files.createDirectories(logDir);
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new ChildJvm(name, process, out, err);
  }

  /** Starts {@code mainClass} with {@code args} in a new {@link Options#WORKLOAD} JVM whose Cachet root is {@code root}. */
  public static ChildJvm start(String name, Path root, Path logDir, Class<?> mainClass, String... args)
      throws IOException {
    return start(name, root, logDir, Options.WORKLOAD, mainClass, args);
  }

  /** As {@link #start(String, Path, Path, Class, String...)}, with these options. */
  public static ChildJvm start(String name, Path root, Path logDir, Options options, Class<?> mainClass,
      String... args) throws IOException {
    return start(name, logDir, java(options.withJvmArgs("-Dcachet.root=" + root), mainClass, args));
  }

  /** Starts the child, waits for it within {@link #TIMEOUT} and returns it, finished. */
  public static ChildJvm run(String name, Path root, Path logDir, Class<?> mainClass, String... args)
      throws IOException, InterruptedException {
    return run(name, root, logDir, Options.WORKLOAD, mainClass, args);
  }

  /** As {@link #run(String, Path, Path, Class, String...)}, with these options. */
  public static ChildJvm run(String name, Path root, Path logDir, Options options, Class<?> mainClass,
      String... args) throws IOException, InterruptedException {
    ChildJvm jvm = start(name, root, logDir, options, mainClass, args);
    jvm.awaitExit();
    return jvm;
  }

  /** Runs the child to its end, failing the test (with the child's output) unless it exits 0. */
  public static ChildJvm runToSuccess(String name, Path root, Path logDir, Class<?> mainClass, String... args)
      throws IOException, InterruptedException {
    return runToSuccess(name, root, logDir, Options.WORKLOAD, mainClass, args);
  }

  /** As {@link #runToSuccess(String, Path, Path, Class, String...)}, with these options. */
  public static ChildJvm runToSuccess(String name, Path root, Path logDir, Options options, Class<?> mainClass,
      String... args) throws IOException, InterruptedException {
    ChildJvm jvm = run(name, root, logDir, options, mainClass, args);
    jvm.assertExitCode(0);
    return jvm;
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

  /** Waits for exit within {@link #TIMEOUT}; on timeout kills the child and fails the test. */
  public int awaitExit() throws InterruptedException {
    if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      fail(name + " did not finish within " + TIMEOUT + "\n" + describe());
    }
    return process.exitValue();
  }

  /** Fails the test, showing the child's output, unless it exited (within {@link #TIMEOUT}) with {@code expected}. */
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

  /** Everything the child printed to stdout so far. */
  public String stdout() {
    return read(stdout);
  }

  /** The child's name, exit state and output, for failure messages. */
  public String describe() {
    String state = process.isAlive() ? "running" : "exit code " + process.exitValue();
    return "---- " + name + " (" + state + ") stdout ----\n" + read(stdout) + "---- " + name + " stderr ----\n"
        + read(stderr) + "---- end of " + name + " ----";
  }

  /** Kills the child if it still runs (its locks die with it); an interrupted wait leaves the flag set. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<cannot read " + file + ": " + e + ">";
    }
  }

  /**
   * The class path of this test JVM. Surefire's forked JVM reports the full test class path here (main and
   * test classes, the provider and its dependencies), which is all a child needs.
   */
  private static String testClassPath() {
    String classPath = System.getProperty("java.class.path");
    if (classPath == null || classPath.isBlank()) {
      throw new IllegalStateException("java.class.path is empty; cannot fork a JVM");
    }
    return classPath;
  }
}
