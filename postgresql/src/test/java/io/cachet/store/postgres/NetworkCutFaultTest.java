package io.cachet.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cachet.store.postgres.FaultWorkload.Call;
import io.cachet.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network between a host JVM and PostgreSQL cut (the host in a network namespace of its own, its veth link set
 * down: packets vanish, nothing is refused) while the host writes, then restored: every call returns within a
 * bound set by the timeouts, writes fail with a {@code CacheException}, reads never throw, the host recovers once the link
 * is back, and nothing it was told of is lost. Where the machine cannot make a namespace (no iproute2, not root),
 * the test is skipped with the reason printed.
 */
class NetworkCutFaultTest {
  private static final int WRITERS = 2;
  // Longer than the pool's 10 s wait for a connection, so that calls waiting in the pool fail too, not only those
  // whose statement was on the wire.
  private static final long CUT_MILLIS = 12_000;
  // Short timeouts in the URL, as an operator may set them, keep the test short; the pool waits up to 10 s for a
  // connection, which bounds a call together with a statement's socket timeout on each of its two connections.
  private static final String TIMEOUTS = "?socketTimeout=2&connectTimeout=2&loginTimeout=3";
  private static final long SOCKET_TIMEOUT_MILLIS = 2_000;
  private static final long CALL_BOUND_MILLIS = 20_000;
  private static final long RECOVERY_BOUND_MILLIS = 40_000;

  @TempDir Path temp;

  @Test
  void theNetworkToPostgresCutWhileAHostWrites_failsWithinBoundedTime_thenRecoversLosingNothing() throws Exception {
    String unavailable = NetworkCut.unavailable();
    if (unavailable != null) {
      System.out.println("FAULTS NetworkCutFaultTest skipped: " + unavailable);
    }
    Assumptions.assumeTrue(unavailable == null, () -> "cannot cut a network here: " + unavailable);
    try (NetworkCut network = NetworkCut.create();
        RestartablePostgres postgres = new RestartablePostgres(
            Map.of("listen_addresses", "localhost," + NetworkCut.SERVER_ADDRESS))) {
      allowFrom(postgres, NetworkCut.clientNetwork());
      Properties extra = new Properties();
      extra.setProperty("postgresql.url", "jdbc:postgresql://" + NetworkCut.SERVER_ADDRESS + ":" + postgres.port()
          + "/postgres" + TIMEOUTS);
      HostJvms hosts = new HostJvms(temp, false, extra);
      try (hosts.local) {
        Cache<String, byte[]> values = hosts.local.createCache("values", SharedStoreHost.large());
        Cache<String, Long> counters = hosts.local.createCache("counters", SharedStoreHost.counters());
        ChildJvm host = hosts.start("cut", "work", WRITERS, network.launcher());
        List<Call> calls;
        try (host) {
          await(host, () -> calls(host).stream().filter(call -> call.op().equals("put") && !call.failed()).count()
              >= 20);
          network.cut();
          long cutAt = System.currentTimeMillis();
          Thread.sleep(CUT_MILLIS);
          network.restore();
          long restored = System.currentTimeMillis();
          await(host, () -> new FaultAudit(calls(host)).recovered(WRITERS, restored, 5));
          Files.writeString(hosts.root("cut").resolve(SharedStoreHost.STOP_FILE), "");
          host.assertExitCode(0);
          calls = calls(host);
          List<Call> during = calls.stream().filter(call -> call.startMillis() + call.millis() >= cutAt
              && call.startMillis() < restored).toList();
          // The cut bit if a write failed, or a read of a key written before it missed after waiting out the socket
          // timeout: which of the two a run meets depends on where each writer's calls fall in the cut.
          assertTrue(during.stream().anyMatch(call -> !call.op().equals("get") && call.failed()
              || call.op().equals("get") && call.result().equals("miss") && call.millis() >= SOCKET_TIMEOUT_MILLIS),
              "no call failed while the network was cut: " + during);
        }

        FaultAudit audit = new FaultAudit(calls);
        audit.readBack(values, counters);
        System.out.println(audit.summary("NetworkCutFaultTest", "veth to PostgreSQL down " + CUT_MILLIS
            + " ms under " + WRITERS + " writers of a host JVM, socketTimeout=2 s"));
        assertEquals(List.of(), audit.wrongFailures(), "failures other than a write's CacheException");
        assertTrue(audit.longestMillis() <= CALL_BOUND_MILLIS, "a call took " + audit.longestMillis() + " ms");
        assertEquals(0, audit.lost, "acknowledged writes lost");
        assertEquals(0, audit.corrupt, "values corrupt");
      }
    }
  }

  /** Lets the namespace's address log in, as the server's default {@code pg_hba.conf} trusts loopback only. */
  private static void allowFrom(RestartablePostgres postgres, String network) throws Exception {
    Files.writeString(postgres.dataDirectory().resolve("pg_hba.conf"), "host all all " + network + " trust\n",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_reload_conf()");
    }
  }

  private static List<Call> calls(ChildJvm host) {
    return host.stdoutLines().stream().filter(line -> line.startsWith("call ")).map(Call::parse).toList();
  }

  private static void await(ChildJvm host, BooleanSupplier condition) throws Exception {
    long deadline = System.currentTimeMillis() + RECOVERY_BOUND_MILLIS;
    while (!condition.getAsBoolean()) {
      if (!host.isAlive() || System.currentTimeMillis() > deadline) {
        fail("the host did not get there within " + RECOVERY_BOUND_MILLIS + " ms: " + host.describe());
      }
      Thread.sleep(50);
    }
  }
}
