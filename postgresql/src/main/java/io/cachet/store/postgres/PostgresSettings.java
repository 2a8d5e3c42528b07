package io.cachet.store.postgres;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how to reach the PostgreSQL database of a shared store.
 *
 * @param url the JDBC URL, {@code jdbc:postgresql://host:port/database} (with {@code sslmode=verify-full} in
 *     production)
 * @param user the role to log in as, or null for the URL's or the driver's default
 * @param password its password, or null (never shown by {@link #toString()})
 * @param schema the schema that holds Cachet's tables, created if missing: lower-case letters, digits and
 *     underscores, starting with a letter or underscore, at most 63 characters
 * @param poolSize the most connections a store, or a set of locks, keeps open at once
 * @param connectionTimeout how long an operation waits for a connection before it fails
 */
public record PostgresSettings(String url, String user, String password, String schema, int poolSize,
    Duration connectionTimeout) {

  /** The schema used unless another is configured. */
  public static final String DEFAULT_SCHEMA = "cachet";
  /** The pool size used unless another is configured. */
  public static final int DEFAULT_POOL_SIZE = 8;
  /** The connection timeout used unless another is configured. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

  // Unquoted PostgreSQL identifiers that need no quoting and cannot inject anything.
  private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&]*");

  /**
   * Checks every component: refuses a missing one, a URL of another driver, a schema name that would need quoting,
   * a pool of no connection and a timeout too short for any connection.
   *
   * @param url the JDBC URL
   * @param user the role to log in as
   * @param password its password, or null
   * @param schema the schema of Cachet's tables
   * @param poolSize the most connections open at once
   * @param connectionTimeout how long an operation waits for a connection
   */
  public PostgresSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("The PostgreSQL URL must start with jdbc:postgresql:");
    }
    if (!SCHEMA_NAME.matcher(schema).matches()) {
      throw new IllegalArgumentException("The schema name \"" + schema + "\" is not a plain lower-case identifier "
          + "(letters, digits, underscores, at most 63 characters)");
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("The pool size must be at least 1, not " + poolSize);
    }
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("The connection timeout must be at least 250 ms");
    }
  }

  /**
   * Settings with the default schema, pool size and connection timeout.
   *
   * @param url the JDBC URL
   * @param user the role to log in as
   * @param password its password, or null
   */
  public PostgresSettings(String url, String user, String password) {
    this(url, user, password, DEFAULT_SCHEMA, DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
  }

  /**
   * These settings with another schema.
   *
   * @param otherSchema the schema to use instead
   * @return the new settings
   */
  public PostgresSettings withSchema(String otherSchema) {
    return new PostgresSettings(url, user, password, otherSchema, poolSize, connectionTimeout);
  }

  /**
   * These settings with another pool size.
   *
   * @param otherPoolSize the pool size to use instead
   * @return the new settings
   */
  public PostgresSettings withPoolSize(int otherPoolSize) {
    return new PostgresSettings(url, user, password, schema, otherPoolSize, connectionTimeout);
  }

  /**
   * These settings with another connection timeout.
   *
   * @param otherTimeout the connection timeout to use instead
   * @return the new settings
   */
  public PostgresSettings withConnectionTimeout(Duration otherTimeout) {
    return new PostgresSettings(url, user, password, schema, poolSize, otherTimeout);
  }

  /** The URL with any password parameter in it masked, for messages. */
  String displayUrl() {
    return PASSWORD_IN_URL.matcher(url).replaceAll("$1***");
  }

  /** Every component but the password, which shows only whether one is set; a password in the URL is masked. */
  @Override
  public String toString() {
    return "PostgresSettings[url=" + displayUrl() + ", user=" + user + ", password=" + (password == null ? "none"
        : "***") + ", schema=" + schema + ", poolSize=" + poolSize + ", connectionTimeout=" + connectionTimeout + "]";
  }
}
