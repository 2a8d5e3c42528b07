package io.cachet.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.postgres.FaultWorkload.Call;
import io.cachet.store.s3.S3ProxyServer;
import io.cachet.testing.SharedStoreServers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped for twelve seconds, then started again on the same port and data, while four threads of
 * one manager put (every other value a blob in S3), increment by {@code invoke} and get: during the outage writes
 * fail with a {@code CacheException} and reads miss (it outlasts the 10 s a call waits for a pooled connection, so
 * that writes are refused, not only delayed until the server is back); afterwards the same caches work again (the
 * pools, the key locks' connections, the collector), every acknowledged write is read back, and no blob is orphaned
 * or missing.
 */
class PostgresRestartFaultTest {
  private static final int WRITERS = 4;
  private static final long OUTAGE_MILLIS = 12_000;
  // A call waits at most for a pooled connection (10 s) while the server is down; far above what it takes here.
  private static final long CALL_BOUND_MILLIS = 15_000;
  private static final long RECOVERY_BOUND_MILLIS = 30_000;

  @TempDir Path temp;

  @Test
  void postgresStoppedAndRestartedUnderLoad_refusesWritesWithCacheException_missesReads_thenRecoversLosingNothing()
      throws Exception {
    String schema = "restart_fault";
    try (RestartablePostgres postgres = new RestartablePostgres(Map.of())) {
      Properties options = SharedStoreServers.options(schema, true);
      options.setProperty("postgresql.url", "jdbc:postgresql://localhost:" + postgres.port() + "/postgres");
      options.setProperty("s3.orphanGraceSeconds", "2");
      options.setProperty("inlineThreshold", "1024");
      try (CacheManager manager = Caching.getCachingProvider().getCacheManager(temp.toUri(),
          getClass().getClassLoader(), options)) {
        Cache<String, byte[]> values = manager.createCache("values", SharedStoreHost.large());
        Cache<String, Long> counters = manager.createCache("counters", SharedStoreHost.counters());
        List<Call> calls = new CopyOnWriteArrayList<>();
        FaultWorkload workload = new FaultWorkload(values, counters, calls::add);
        FaultRun run = FaultRun.start(workload, WRITERS, calls);

        run.awaitSuccesses(20);
        postgres.stop();
        Thread.sleep(OUTAGE_MILLIS);
        postgres.restart();
        long restarted = System.currentTimeMillis();
        run.awaitRecovery(restarted, RECOVERY_BOUND_MILLIS);
        run.stop();

        FaultAudit audit = new FaultAudit(calls);
        audit.readBack(values, counters);
        System.out.println(audit.summary("PostgresRestartFaultTest", "PostgreSQL stopped " + OUTAGE_MILLIS
            + " ms under " + WRITERS + " writers"));
        assertEquals(List.of(), audit.wrongFailures(), "failures other than a write's CacheException");
        assertTrue(audit.injected() > 0, "no write was refused during the outage");
        assertTrue(audit.longestMillis() <= CALL_BOUND_MILLIS, "a call took " + audit.longestMillis() + " ms");
        assertEquals(0, audit.lost, "acknowledged writes lost");
        assertEquals(0, audit.corrupt, "values corrupt");

        BucketAudit bucket = new BucketAudit(S3ProxyServer.shared(), postgres::connect, schema);
        bucket.assertNoRowNamesAMissingBlob();
        bucket.awaitNoOrphan(RECOVERY_BOUND_MILLIS);
      }
    }
  }
}
