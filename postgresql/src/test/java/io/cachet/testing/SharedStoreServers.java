package io.cachet.testing;

import io.cachet.store.postgres.TestPostgres;
import io.cachet.store.s3.S3ProxyServer;
import java.util.Properties;

/**
 * The shared store's services for tests of any module: this JVM's embedded PostgreSQL and S3Proxy, each started on
 * first use and stopped at exit, and the Cachet options that reach them.
 */
public final class SharedStoreServers {
  private SharedStoreServers() {}

  /**
   * Options for a manager on the shared store: PostgreSQL schema {@code schema}, and with {@code bucket}, large
   * values in S3Proxy's bucket under the schema's name as prefix.
   *
   * @param schema the schema (a lower-case identifier); managers that share caches name the same one
   * @param bucket whether values above the inline threshold go to S3 (else they stay in PostgreSQL)
   * @return the options, as properties to pass to {@code getCacheManager}
   */
  public static Properties options(String schema, boolean bucket) {
    Properties options = new Properties();
    options.setProperty("store", "postgresql");
    options.setProperty("postgresql.url", postgresUrl());
    options.setProperty("postgresql.user", "postgres");
    options.setProperty("postgresql.schema", schema);
    options.setProperty("postgresql.poolSize", "8");
    if (bucket) {
      S3ProxyServer s3 = S3ProxyServer.shared();
      options.setProperty("s3.bucket", S3ProxyServer.BUCKET);
      options.setProperty("s3.prefix", schema);
      options.setProperty("s3.endpoint", s3.endpoint().toString());
      options.setProperty("s3.region", S3ProxyServer.REGION);
      options.setProperty("s3.pathStyle", "true");
      options.setProperty("s3.accessKeyId", S3ProxyServer.ACCESS_KEY);
      options.setProperty("s3.secretAccessKey", S3ProxyServer.SECRET_KEY);
    }
    return options;
  }

  /** {@return the JDBC URL of this JVM's embedded PostgreSQL, started on first use} */
  public static String postgresUrl() {
    return "jdbc:postgresql://localhost:" + TestPostgres.server().getPort() + "/postgres";
  }
}
