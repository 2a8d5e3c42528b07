package io.cachet.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.postgres.FaultWorkload.Call;
import io.cachet.store.s3.S3ProxyServer;
import io.cachet.testing.SharedStoreServers;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 unreachable (an S3Proxy of this test stopped, then serving again on the same port and objects) while four
 * threads put small and large values: large puts fail with a {@code CacheException} and small ones succeed, reads
 * of large values miss; once S3 is back the same caches write large values again, nothing acknowledged is lost,
 * and the collector leaves no orphan while no row names a missing blob.
 */
class S3OutageFaultTest {
  private static final int WRITERS = 4;
  private static final long OUTAGE_MILLIS = 2_000;
  // Refused connections fail at once; the bound is the S3 client's connect timeout (5 s) with a margin.
  private static final long CALL_BOUND_MILLIS = 10_000;
  private static final long RECOVERY_BOUND_MILLIS = 30_000;

  @TempDir Path temp;

  @Test
  void s3Unreachable_refusesLargePutsWithCacheException_keepsSmallOnes_missesLargeReads_thenRecoversWithoutOrphans()
      throws Exception {
    String schema = "s3_outage_fault";
    try (S3ProxyServer s3 = S3ProxyServer.start()) {
      Properties options = SharedStoreServers.options(schema, true);
      options.setProperty("s3.endpoint", s3.endpoint().toString());
      options.setProperty("s3.orphanGraceSeconds", "2");
      options.setProperty("inlineThreshold", "1024");
      try (CacheManager manager = Caching.getCachingProvider().getCacheManager(temp.toUri(),
          getClass().getClassLoader(), options)) {
        Cache<String, byte[]> values = manager.createCache("values", SharedStoreHost.large());
        Cache<String, Long> counters = manager.createCache("counters", SharedStoreHost.counters());
        List<Call> calls = new CopyOnWriteArrayList<>();
        FaultRun run = FaultRun.start(new FaultWorkload(values, counters, calls::add), WRITERS, calls);

        run.awaitSuccesses(20);
        s3.stopServing();
        long stopped = System.currentTimeMillis();
        Thread.sleep(OUTAGE_MILLIS);
        long restarting = System.currentTimeMillis();
        s3.serveAgain();
        run.awaitRecovery(System.currentTimeMillis(), RECOVERY_BOUND_MILLIS);
        run.stop();

        List<Call> during = calls.stream()
            .filter(call -> call.startMillis() >= stopped && call.startMillis() + call.millis() < restarting).toList();
        FaultAudit audit = new FaultAudit(calls);
        audit.readBack(values, counters);
        System.out.println(audit.summary("S3OutageFaultTest", "S3 stopped " + OUTAGE_MILLIS + " ms under " + WRITERS
            + " writers, " + during.size() + " calls during"));
        assertEquals(List.of(), audit.wrongFailures(), "failures other than a write's CacheException");
        List<Call> largePuts = during.stream().filter(call -> call.op().equals("put") && call.seq() % 2 == 1)
            .toList();
        assertTrue(!largePuts.isEmpty() && largePuts.stream().allMatch(call -> call.result().equals("CacheException")),
            "large puts during the outage: " + largePuts);
        List<Call> smallWrites = during.stream().filter(call -> call.op().equals("invoke")
            || call.op().equals("put") && call.seq() % 2 == 0).toList();
        assertTrue(!smallWrites.isEmpty() && smallWrites.stream().allMatch(call -> call.result().equals("ok")),
            "small writes during the outage: " + smallWrites);
        assertTrue(audit.longestMillis() <= CALL_BOUND_MILLIS, "a call took " + audit.longestMillis() + " ms");
        assertEquals(0, audit.lost, "acknowledged writes lost");
        assertEquals(0, audit.corrupt, "values corrupt");

        BucketAudit bucket = new BucketAudit(s3, TestPostgres::connect, schema);
        bucket.assertNoRowNamesAMissingBlob();
        bucket.awaitNoOrphan(RECOVERY_BOUND_MILLIS);
      }
    }
  }
}
