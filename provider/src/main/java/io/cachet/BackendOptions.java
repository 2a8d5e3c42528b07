package io.cachet;

import java.util.List;
import java.util.stream.Stream;
import javax.cache.CacheException;

/**
 * The rules that tie the backend options together: {@code store=postgresql} needs {@code postgresql.url}; the
 * {@code postgresql.*} and {@code s3.*} options mean nothing to the embedded store, and the {@code s3.*} ones
 * nothing without a bucket, so setting them there is a mistake that would otherwise go unnoticed.
 */
final class BackendOptions {
  private static final List<String> PREFIXES = List.of("postgresql.", "s3.");

  private BackendOptions() {}

  /** Whether a passed property is in a backend's namespace, where a misspelt option is an error, not ignored. */
  static boolean isBackendKey(String name) {
    return PREFIXES.stream().anyMatch(name::startsWith);
  }

  /**
   * @throws CacheException naming the options involved and their sources
   */
  static void check(OptionValues options, ManagerOptions raw) {
    boolean shared = options.get(CachetOptions.STORE).equals("postgresql");
    List<String> set = CachetOptions.all().stream().map(CachetOption::name)
        .filter(name -> isBackendKey(name) && raw.value(name) != null).toList();
    if (!shared) {
      if (!set.isEmpty()) {
        throw new CacheException("Invalid Cachet options " + describe(raw, set) + ": they configure the"
            + " PostgreSQL store, and " + raw.describe(CachetOptions.STORE.name()) + " is the embedded one; set"
            + " store=postgresql, or remove them");
      }
      return;
    }
    if (options.get(CachetOptions.POSTGRESQL_URL) == null) {
      throw new CacheException("Invalid Cachet options: " + raw.describe(CachetOptions.STORE.name())
          + " needs postgresql.url, the database's JDBC URL (jdbc:postgresql://host:5432/db)");
    }
    if (!options.get(CachetOptions.POSTGRESQL_URL).startsWith("jdbc:postgresql:")) {
      throw new CacheException("Invalid Cachet option " + raw.describe(CachetOptions.POSTGRESQL_URL.name())
          + ": must be a PostgreSQL JDBC URL, jdbc:postgresql://host:5432/db");
    }
    if (options.get(CachetOptions.POSTGRESQL_PASSWORD) != null
        && options.get(CachetOptions.POSTGRESQL_PASSWORD_FILE) != null) {
      throw new CacheException("Invalid Cachet options " + describe(raw, List.of(
          CachetOptions.POSTGRESQL_PASSWORD.name(), CachetOptions.POSTGRESQL_PASSWORD_FILE.name()))
          + ": set one of them");
    }
    if (options.get(CachetOptions.S3_BUCKET) == null) {
      List<String> s3 = set.stream().filter(name -> name.startsWith("s3.")).toList();
      if (!s3.isEmpty()) {
        throw new CacheException("Invalid Cachet options " + describe(raw, s3) + ": they configure the S3 bucket"
            + " for large values, and s3.bucket is not set (without it every value is stored in PostgreSQL)");
      }
    }
    boolean keyId = options.get(CachetOptions.S3_ACCESS_KEY_ID) != null;
    boolean secret = options.get(CachetOptions.S3_SECRET_ACCESS_KEY) != null;
    if (keyId != secret) {
      throw new CacheException("Invalid Cachet options " + describe(raw, Stream.of(
          CachetOptions.S3_ACCESS_KEY_ID.name(), CachetOptions.S3_SECRET_ACCESS_KEY.name())
          .filter(name -> raw.value(name) != null).toList()) + ": s3.accessKeyId and s3.secretAccessKey go"
          + " together (or set neither, for the AWS SDK's default credentials)");
    }
  }

  private static String describe(ManagerOptions raw, List<String> names) {
    return String.join(", ", names.stream().map(raw::describe).toList());
  }
}
