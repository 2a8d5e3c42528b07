package io.cachet.examples.multihost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Two hosts, one sealed cache: starts PostgreSQL and S3 on this machine, then host A (a JVM that listens) and
 * host B (a JVM that writes) on them. Host A creates the signing key in its root; the demo copies it into host
 * B's root, as an operator distributes one key file to every host. B writes a small and a large value; A reads
 * both and its listener sees B's writes.
 */
public final class MultiHostDemo {
  private static final String KEY_FILE = "cache_signing_key.bin";

  private MultiHostDemo() {}

  /**
   * @param args the directory for the servers' data and the hosts' roots
   */
  public static void main(String[] args) throws Exception {
    System.exit(run(Path.of(args.length > 0 ? args[0] : "target/multi-host-demo")));
  }

  /** Runs the demo; {@return 0 if host A saw everything host B did} */
  static int run(Path directory) throws Exception {
    try (DemoServers servers = DemoServers.start(directory.resolve("servers"))) {
      System.out.println("demo: PostgreSQL and S3 started");
      Path rootA = fresh(directory.resolve("host-a"));
      Path rootB = fresh(directory.resolve("host-b"));
      Process hostA = start("listen", rootA, servers.cachetOptions());
      BufferedReader outA = new BufferedReader(new InputStreamReader(hostA.getInputStream(), StandardCharsets.UTF_8));
      try {
        String line = echoUntil(outA, "host A: ready");
        if (line == null) {
          return 1;
        }
        Files.createDirectories(rootB);
        Files.copy(rootA.resolve(KEY_FILE), rootB.resolve(KEY_FILE), StandardCopyOption.COPY_ATTRIBUTES);
        System.out.println("demo: copied host A's key file to host B");
        Process hostB = start("write", rootB, servers.cachetOptions());
        echoUntil(new BufferedReader(new InputStreamReader(hostB.getInputStream(), StandardCharsets.UTF_8)), null);
        if (!hostB.waitFor(60, TimeUnit.SECONDS) || hostB.exitValue() != 0) {
          System.out.println("demo: host B failed");
          return 1;
        }
        Writer toA = new OutputStreamWriter(hostA.getOutputStream(), StandardCharsets.UTF_8);
        toA.write("read\n");
        toA.flush();
        echoUntil(outA, null);
        return hostA.waitFor(60, TimeUnit.SECONDS) ? hostA.exitValue() : 1;
      } finally {
        hostA.destroyForcibly();
      }
    }
  }

  private static Process start(String role, Path root, Properties options) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DemoHost.class.getName());
    command.add(role);
    command.add(root.toString());
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    for (String name : options.stringPropertyNames()) {
      in.write(name + "=" + options.getProperty(name) + "\n");
    }
    in.write("\n");
    in.flush();
    return process;
  }

  /** Prints a host's lines until one equals {@code last} (or to its end if null); {@return that line, or null} */
  private static String echoUntil(BufferedReader out, String last) throws IOException {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      System.out.println(line);
      if (line.equals(last)) {
        return line;
      }
    }
    return null;
  }

  private static Path fresh(Path root) throws IOException {
    if (Files.exists(root)) {
      try (var paths = Files.walk(root)) {
        for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
          Files.delete(path);
        }
      }
    }
    return root;
  }
}
