package io.cachet.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Opens the HikariCP pools of stores and locks: at most {@code poolSize} connections, on Cachet's schema. */
final class PostgresPool {
  /** What {@code pg_stat_activity} shows for Cachet's connections. */
  static final String APPLICATION_NAME = "cachet";

  private static final AtomicInteger POOLS = new AtomicInteger();
  // Connections beyond the first are closed after idling this long, so that idle hosts hold few connections.
  private static final long IDLE_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(1);
  // pgjdbc's defaults wait forever on a silent network (no socket timeout, no login timeout): bounded here, so that a
  // cut network fails a caller within about this long instead of hanging it. The socket timeout bounds every
  // statement, a wait for another host's key lock included, so it is far above any statement Cachet runs.
  // Parameters in the URL take precedence over these, for operators who need other bounds.
  static final int CONNECT_TIMEOUT_SECONDS = 5;
  static final int LOGIN_TIMEOUT_SECONDS = 10;
  static final int SOCKET_TIMEOUT_SECONDS = 30;
  // Makes every transaction of the session read-only on the server, autocommitted statements included (the
  // driver's own read-only flag only marks transactions it begins): any write is refused by PostgreSQL itself.
  private static final String READ_ONLY_SESSION = "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";

  private PostgresPool() {}

  /**
   * A pool whose connections have the schema as their search path. Connects once before returning, so that a
   * wrong URL, role or password fails here.
   *
   * @param purpose what the pool serves, in its name ("store", "locks")
   * @param readOnly whether the server must refuse every write on the pool's connections
   * @throws SQLException if the first connection fails
   */
  static HikariDataSource open(PostgresSettings settings, String purpose, boolean readOnly) throws SQLException {
    HikariConfig config = config(settings, purpose, readOnly);
    config.setInitializationFailTimeout(1);
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new SQLException(e.getMessage(), "08001", e);
    }
  }

  /**
   * A pool like {@link #open}'s that returns without connecting: its first connection is made in the background.
   * For a second pool on settings another pool has just connected with, so that opening a manager pays for one
   * connection, not two.
   *
   * @param purpose what the pool serves, in its name
   * @param readOnly whether the server must refuse every write on the pool's connections
   */
  static HikariDataSource openConnectingLater(PostgresSettings settings, String purpose, boolean readOnly) {
    HikariConfig config = config(settings, purpose, readOnly);
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  private static HikariConfig config(PostgresSettings settings, String purpose, boolean readOnly) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("cachet-" + purpose + (readOnly ? "-read-only-" : "-") + POOLS.incrementAndGet());
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setSchema(settings.schema());
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(1);
    config.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setAutoCommit(true);
    config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
    // A peer that vanished (a cut network) is then noticed by the operating system, not never.
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    config.addDataSourceProperty("loginTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
    config.addDataSourceProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
    if (readOnly) {
      config.setReadOnly(true);
      config.setConnectionInitSql(READ_ONLY_SESSION);
    }
    return config;
  }
}
