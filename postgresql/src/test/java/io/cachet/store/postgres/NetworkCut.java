package io.cachet.store.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace joined to this one by a veth pair, so that a host JVM started in it reaches a server here over
 * a link the test can cut ({@code ip link set ... down}: packets are dropped, nothing is refused, as when a cable or
 * a router fails) and restore. Needs root and iproute2; {@link #create} says why not when the machine does not
 * allow it. Both addresses belong to the pair only: no traffic leaves the machine.
 */
final class NetworkCut implements AutoCloseable {
  /** The address of this side, where the server listens. */
  static final String SERVER_ADDRESS = "10.231.15.1";
  private static final String CLIENT_ADDRESS = "10.231.15.2";
  private static final String PREFIX = "/30";

  private final String namespace;
  private final String serverSide;
  private final String clientSide;

  private NetworkCut(String id) {
    namespace = "cachet-cut-" + id;
    serverSide = "vcs" + id;
    clientSide = "vcc" + id;
  }

  /** Why a namespace cannot be made here, or null when it can: checks for the tool and for root. */
  static String unavailable() {
    try {
      Result version = run(List.of("ip", "-V"));
      if (version.code != 0) {
        return "iproute2's ip does not run: " + version.output;
      }
      Result uid = run(List.of("id", "-u"));
      if (!uid.output.trim().equals("0")) {
        return "not root (uid " + uid.output.trim() + "): cannot add network namespaces";
      }
      return null;
    } catch (IOException e) {
      return "iproute2's ip is missing: " + e.getMessage();
    }
  }

  /** Makes the namespace and the pair, both ends up; undoes what it made if a step fails. */
  static NetworkCut create() throws IOException {
    NetworkCut cut = new NetworkCut(Long.toString(ProcessHandle.current().pid() % 100_000));
    try {
      cut.ip("netns", "add", cut.namespace);
      cut.ip("link", "add", cut.serverSide, "type", "veth", "peer", "name", cut.clientSide);
      cut.ip("link", "set", cut.clientSide, "netns", cut.namespace);
      cut.ip("addr", "add", SERVER_ADDRESS + PREFIX, "dev", cut.serverSide);
      cut.ip("link", "set", cut.serverSide, "up");
      cut.inNamespace("ip", "addr", "add", CLIENT_ADDRESS + PREFIX, "dev", cut.clientSide);
      cut.inNamespace("ip", "link", "set", cut.clientSide, "up");
      cut.inNamespace("ip", "link", "set", "lo", "up");
      return cut;
    } catch (IOException | RuntimeException e) {
      cut.close();
      throw e;
    }
  }

  /** The command prefix that runs a command inside the namespace. */
  List<String> launcher() {
    return List.of("ip", "netns", "exec", namespace);
  }

  /** The network the client side is on, for {@code pg_hba.conf}. */
  static String clientNetwork() {
    return CLIENT_ADDRESS.substring(0, CLIENT_ADDRESS.lastIndexOf('.')) + ".0" + PREFIX;
  }

  void cut() throws IOException {
    ip("link", "set", serverSide, "down");
  }

  void restore() throws IOException {
    ip("link", "set", serverSide, "up");
  }

  /** Deletes the namespace and the pair (deleting one end deletes both); quietly, as parts may not exist. */
  @Override
  public void close() throws IOException {
    run(List.of("ip", "link", "del", serverSide));
    run(List.of("ip", "netns", "del", namespace));
  }

  private void ip(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    check(command);
  }

  private void inNamespace(String... args) throws IOException {
    List<String> command = new ArrayList<>(launcher());
    command.addAll(List.of(args));
    check(command);
  }

  private static void check(List<String> command) throws IOException {
    Result result = run(command);
    if (result.code != 0) {
      throw new IOException(String.join(" ", command) + " failed (" + result.code + "): " + result.output);
    }
  }

  private record Result(int code, String output) {}

  private static Result run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in 10 s");
      }
      return new Result(process.exitValue(),
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
