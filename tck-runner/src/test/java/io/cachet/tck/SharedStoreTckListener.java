package io.cachet.tck;

import io.cachet.testing.SharedStoreServers;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.runner.Description;
import org.junit.runner.notification.RunListener;

/**
 * Points the TCK at the shared store before its first test: starts this JVM's embedded PostgreSQL and S3Proxy
 * (their ports are only known then) and sets their options as {@code cachet.<option>} system properties, which the
 * default cache manager the TCK asks for reads. Registered as Surefire's JUnit 4 {@code listener} of the
 * {@code tck-postgresql} execution only; the servers stop when the JVM exits.
 */
public final class SharedStoreTckListener extends RunListener {
  private static final System.Logger LOG = System.getLogger(SharedStoreTckListener.class.getName());

  /** Surefire's instance. */
  public SharedStoreTckListener() {}

  @Override
  public void testRunStarted(Description description) {
    long started = System.nanoTime();
    // A schema of its own for each run; its S3 prefix is named after it.
    String schema = "tck_" + UUID.randomUUID().toString().replace("-", "");
    Properties options = SharedStoreServers.options(schema, true);
    for (Map.Entry<Object, Object> option : options.entrySet()) {
      System.setProperty("cachet." + option.getKey(), (String) option.getValue());
    }
    LOG.log(System.Logger.Level.INFO, "The TCK runs on the shared store, schema {0}; the servers started in {1} ms",
        schema, (System.nanoTime() - started) / 1_000_000);
  }
}
