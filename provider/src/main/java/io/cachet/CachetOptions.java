package io.cachet;

import io.cachet.CachetOption.Scope;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Every Cachet option, each declared once: parsing, unknown-name errors, per-cache overrides, resolution and
 * the README's options table all derive from these declarations. Adding an option is one declaration here
 * (and, for a cache-scoped one, its typed setter and getter on {@link CachetConfiguration}).
 */
public final class CachetOptions {
  /** The signature version Cachet writes (v5, see {@code io.cachet.seal.SignatureVersion}). */
  public static final int CURRENT_SIGNATURE_VERSION = 6;

  /** The default key file name (a constant, for annotations). */
  public static final String DEFAULT_SIGNING_KEY_FILE = "cache_signing_key.bin";

  /**
   * The largest inline threshold, 16 MiB: a row's {@code inline_value} is never longer, so a longer one found
   * in the database is refused without being loaded ({@code StoredRow.MAX_INLINE_BYTES}, which the store
   * settings check this against).
   */
  static final int MAX_INLINE_THRESHOLD = 16 * 1024 * 1024;

  /** How a cache's key file must be named; also the message when it is not. */
  static final String KEY_FILE_RULE =
      "must be a plain file name; key files always live directly in the cache manager's root";

  /** Why encryption needs signing; the message when a configuration turns on one without the other. */
  static final String ENCRYPTION_NEEDS_SIGNING = "encryption needs signing, since the ciphertext is only trusted"
      + " once its hash and signature verify";

  private static final String BOOLEAN_VALUES = "`true`, `false`";
  private static final String LIMIT_RULE = "must be a number >= 0 (0 = no limit)";

  private static final List<CachetOption<?>> ALL = new ArrayList<>();
  private static final Set<String> SECRETS = new HashSet<>();

  /** The {@code root} option. */
  public static final CachetOption<Path> ROOT = declare(new CachetOption<>("root", Scope.MANAGER, null,
      "the default root", "directory", "where the data lives (relative: to the properties file's directory)",
      CachetOptions::path, UnaryOperator.identity(), cacheWins()));

  /** The {@code durability} option. */
  public static final CachetOption<String> DURABILITY = declare(choice("durability", "normal", "full"),
      "`normal`: SQLite WAL with `synchronous=NORMAL`, blobs renamed into place (survives a crashed process);"
          + " `full`: also fsyncs blobs, directories and each commit (survives power loss)");

  /**
   * The default inline threshold: 28 KiB. Up to 24 KiB a payload in the row is written and read faster than a
   * blob file (no file to create, rename and later unlink); from 32 KiB a blob file is faster both ways, since
   * a large row's overflow pages are written twice, to the log and at the checkpoint (benchmarks/analysis.md).
   */
  public static final CachetOption<Integer> INLINE_THRESHOLD = declare(intOption("inlineThreshold",
      Scope.MANAGER, 28 * 1024, 0, MAX_INLINE_THRESHOLD, "bytes, 0–" + MAX_INLINE_THRESHOLD,
      "must be a number of bytes from 0 to " + MAX_INLINE_THRESHOLD + " (16 MiB)",
      "values larger than this are stored in blob files instead of the database row"));

  /** The {@code enableEntrySigning} option. */
  public static final CachetOption<Boolean> ENABLE_ENTRY_SIGNING = declare(bool("enableEntrySigning", true,
      "sign every entry (HMAC-SHA256) and verify it on every read; `false` is for development only: no tamper"
          + " protection"));

  /** The {@code useInMemoryKey} option. */
  public static final CachetOption<Boolean> USE_IN_MEMORY_KEY = declare(bool("useInMemoryKey", false,
      "a random key per process, never written: entries do not survive a restart"));

  /** The {@code signingKeyFile} option. */
  public static final CachetOption<String> SIGNING_KEY_FILE = declare(new CachetOption<>("signingKeyFile",
      Scope.CACHE, DEFAULT_SIGNING_KEY_FILE, "`" + DEFAULT_SIGNING_KEY_FILE + "`", "file name",
      "the key file, always directly in the root; a file per cache isolates caches cryptographically",
      Function.identity(), CachetOptions::keyFileName, cacheWins()));

  /** The {@code deleteInvalidSignatures} option. */
  public static final CachetOption<Boolean> DELETE_INVALID_SIGNATURES = declare(bool("deleteInvalidSignatures",
      true, "delete an entry that fails a check; `false` keeps it on disk for inspection (still a miss) until"
          + " its key is removed or written"));

  /** The {@code allowUnsignedEntries} option. */
  public static final CachetOption<Boolean> ALLOW_UNSIGNED_ENTRIES = declare(bool("allowUnsignedEntries", false,
      "accept entries that carry no signature"));

  /** The {@code storageMode} option. */
  public static final CachetOption<Boolean> STORAGE_MODE = declare(bool("storageMode", false,
      "never delete anything because a check failed; only miss"));

  /**
   * The oldest signature version accepted by default: 3, so that entries written before generations were
   * signed stay readable; they are covered by the ledger from the first attach on (see NamespaceLedger).
   */
  public static final CachetOption<Integer> MINIMUM_SIGNATURE_VERSION = declare(intOption(
      "minimumSignatureVersion", Scope.CACHE, 3, 1, CURRENT_SIGNATURE_VERSION,
      "`1`–`" + CURRENT_SIGNATURE_VERSION + "`", "must be a signature version from 1 to "
          + CURRENT_SIGNATURE_VERSION, "refuse entries signed with an older signature version"));

  /** The {@code encryptAtRest} option. */
  public static final CachetOption<Boolean> ENCRYPT_AT_REST = declare(bool("encryptAtRest", false,
      "AES-256-GCM on stored values, key derived per cache; needs signing"));

  /** The {@code maxValueBytes} option. */
  public static final CachetOption<Long> MAX_VALUE_BYTES = declare(limit("maxValueBytes", "bytes",
      "a larger serialized value is refused with a `CacheException`; nothing is stored"));

  /** The {@code maxEntries} option. */
  public static final CachetOption<Long> MAX_ENTRIES = declare(limit("maxEntries", "count",
      "beyond it the least recently used entries of the cache are evicted"));

  /** The {@code maxBytes} option. */
  public static final CachetOption<Long> MAX_BYTES = declare(limit("maxBytes", "bytes",
      "beyond this many stored value bytes the least recently used entries of the cache are evicted"));

  /**
   * The {@code heapEntries} option: off by default, so that every read checks the stored bytes, as the security
   * guide promises; a held entry is served without reading the store, so tampering with its stored copy goes
   * unnoticed until the entry leaves memory.
   */
  public static final CachetOption<Long> HEAP_ENTRIES = declare(longOption("heapEntries", Scope.CACHE, 0L, 0,
      Long.MAX_VALUE, "count, 0 = off", "must be a number of entries >= 0 (0 turns the heap tier off)",
      "keep up to this many verified entries of the cache in memory (the heap tier) and serve hits from there, a"
          + " copy per read; coherent with every process sharing the root (a write's change is seen by every"
          + " later read); see \"Heap tier\" below"));

  /** The {@code heapBytes} option. */
  public static final CachetOption<Long> HEAP_BYTES = declare(longOption("heapBytes", Scope.CACHE, 64L << 20, 1,
      Long.MAX_VALUE, "bytes", "must be a number of bytes >= 1",
      "the most memory the cache's heap tier holds, counted as its values' serialized bytes plus 200 per entry;"
          + " a larger value is never held"));

  /** How often, by default, each manager removes expired entries and reports them to listeners. */
  public static final CachetOption<Long> EXPIRY_SWEEP_MILLIS = declare(longOption("expirySweepMillis",
      Scope.MANAGER, 1_000L, 0, Long.MAX_VALUE, "milliseconds, 0 = off",
      "must be a number of milliseconds >= 0 (0 turns the sweeper off)",
      "how often expired entries are removed from disk and reported to `CacheEntryExpiredListener`s without"
          + " being read (an expired entry is a miss either way)"));

  /** Class patterns; a cache's own are added to the manager's, not put in their place. */
  public static final CachetOption<List<String>> ALLOWED_CLASSES = declare(new CachetOption<>("allowedClasses",
      Scope.CACHE, List.of(), "none", "comma-separated `com.acme.Book`, `com.acme.*`, `com.acme.**`",
      "classes that may be stored and read back, besides JDK value types and collections, Hibernate's and"
          + " Spring's cache types, the packages of a cache's configured key and value types and the concrete"
          + " classes those types declare in fields, record components, arrays and generic type arguments"
          + " (not on the default list: `java.net.URL`, `InetAddress`, `TimeZone` — its class is JDK-internal —"
          + " reflection, I/O, threads, throwables)",
      CachetOptions::patterns, List::copyOf, CachetOptions::concat));

  /** The {@code onCorruptDatabase} option. */
  public static final CachetOption<String> ON_CORRUPT_DATABASE = declare(choice("onCorruptDatabase", "fail",
      "quarantine"), "what opening does with a `cachet.db` that is not an intact database (garbage, truncated,"
          + " a damaged page): `fail` throws a `CacheException` naming the file and leaves it as it is;"
          + " `quarantine` renames the database, its log and `blobs/` to `<name>.corrupt-<UTC time>` in the"
          + " root, keeps the key files, and starts empty ([docs/RELIABILITY.md](docs/RELIABILITY.md#corrupt-database))");

  /** The {@code replayDetection} option. */
  public static final CachetOption<ReplayDetection> REPLAY_DETECTION = declare(new CachetOption<>(
      "replayDetection", Scope.CACHE, ReplayDetection.PROCESS, "`process`", "`process`, `shared`",
      "how an older entry put back in the database is recognised: by the manager that saw a newer value of its"
          + " key, or by every manager and after a restart (a signed ledger of the cache's writes, one more page"
          + " written per write); see \"Older values put back\" below",
      text -> ReplayDetection.valueOf(oneOf(text, "process", "shared").toUpperCase(Locale.ROOT)),
      UnaryOperator.identity(), cacheWins()));

  /** The {@code allowGroupAccess} option. */
  public static final CachetOption<Boolean> ALLOW_GROUP_ACCESS = declare(new CachetOption<>("allowGroupAccess",
      Scope.MANAGER, false, "`false`", BOOLEAN_VALUES,
      "the root must be owned by the user running Cachet and writable by no one else, and every file in it"
          + " (key files, `cachet.db` and its `-wal`/`-shm`, lock files, `blobs/`) a regular file or directory"
          + " owned by that user that group and others cannot read or write, else opening fails with a"
          + " `CacheException` naming the path and the `chown`/`chmod` fix; `true` also accepts group read and"
          + " write, for a volume shared with a group (Kubernetes `fsGroup`), and changes nothing else",
      CachetOptions::bool, UnaryOperator.identity(), cacheWins()));

  /** The {@code store} option. */
  public static final CachetOption<String> STORE = declare(choice("store", "embedded", "postgresql"),
      "where entries live: `embedded` is SQLite and blob files under the root, for the processes of one machine;"
          + " `postgresql` is a PostgreSQL database (and, with `s3.bucket`, an S3 bucket for large values) shared"
          + " by several hosts, with the `io.cachet:cachet-postgresql` module on the class path"
          + " ([docs/MULTI-HOST.md](docs/MULTI-HOST.md)); the root then holds only the key files");

  /** The {@code postgresql.url} option. */
  public static final CachetOption<String> POSTGRESQL_URL = declare(text("postgresql.url", "JDBC URL",
      "the database, as `jdbc:postgresql://host:5432/db?sslmode=verify-full` (needed with"
          + " `store=postgresql`)"));

  /** The {@code postgresql.user} option. */
  public static final CachetOption<String> POSTGRESQL_USER = declare(text("postgresql.user", "role name",
      "the role Cachet connects as (else the URL's or the driver's default)"));

  /** The {@code postgresql.password} option; never shown in logs, errors or JMX. */
  public static final CachetOption<String> POSTGRESQL_PASSWORD = declare(secret("postgresql.password",
      "the role's password (prefer `postgresql.passwordFile`); never logged or shown"));

  /** The {@code postgresql.passwordFile} option. */
  public static final CachetOption<Path> POSTGRESQL_PASSWORD_FILE = declare(new CachetOption<>(
      "postgresql.passwordFile", Scope.MANAGER, null, "none", "file",
      "a file holding the password on its first line, read at open (relative: to the properties file's"
          + " directory)", CachetOptions::path, UnaryOperator.identity(), cacheWins()));

  /** The {@code postgresql.schema} option. */
  public static final CachetOption<String> POSTGRESQL_SCHEMA = declare(new CachetOption<>("postgresql.schema",
      Scope.MANAGER, "cachet", "`cachet`", "SQL identifier",
      "the schema Cachet creates (if missing) and keeps its tables in; hosts sharing caches name the same one",
      CachetOptions::identifier, UnaryOperator.identity(), cacheWins()));

  /** The {@code postgresql.poolSize} option. */
  public static final CachetOption<Integer> POSTGRESQL_POOL_SIZE = declare(intOption("postgresql.poolSize",
      Scope.MANAGER, 10, 1, 1_000, "connections, 1–1000", "must be a number of connections from 1 to 1000",
      "the most connections each of the manager's two pools (rows, key locks) opens"));

  /** The {@code s3.bucket} option. */
  public static final CachetOption<String> S3_BUCKET = declare(text("s3.bucket", "bucket name",
      "with `store=postgresql`, values larger than `inlineThreshold` are stored in this bucket; without it,"
          + " in PostgreSQL"));

  /** The {@code s3.prefix} option. */
  public static final CachetOption<String> S3_PREFIX = declare(new CachetOption<>("s3.prefix", Scope.MANAGER,
      null, "none", "key prefix", "the object key prefix Cachet writes under, as `cachet/`",
      CachetOptions::objectKeyPrefix, UnaryOperator.identity(), cacheWins()));

  /** The {@code s3.endpoint} option. */
  public static final CachetOption<URI> S3_ENDPOINT = declare(new CachetOption<>("s3.endpoint", Scope.MANAGER,
      null, "AWS", "`https://` URL",
      "an S3-compatible service (MinIO, Ceph); `http://` only for a loopback address",
      CachetOptions::endpoint, UnaryOperator.identity(), cacheWins()));

  /** The {@code s3.region} option. */
  public static final CachetOption<String> S3_REGION = declare(text("s3.region", "region",
      "the bucket's region (else the AWS SDK's default region chain, or `us-east-1` with `s3.endpoint`)"));

  /** The {@code s3.pathStyle} option. */
  public static final CachetOption<Boolean> S3_PATH_STYLE = declare(new CachetOption<>("s3.pathStyle",
      Scope.MANAGER, false, "`false`", BOOLEAN_VALUES,
      "path-style requests (`endpoint/bucket/key`), as MinIO and most S3-compatible services need",
      CachetOptions::bool, UnaryOperator.identity(), cacheWins()));

  /** The {@code s3.accessKeyId} option. */
  public static final CachetOption<String> S3_ACCESS_KEY_ID = declare(text("s3.accessKeyId", "access key id",
      "static credentials, with `s3.secretAccessKey` (else the AWS SDK's default credential chain)"));

  /** The {@code s3.secretAccessKey} option; never shown in logs, errors or JMX. */
  public static final CachetOption<String> S3_SECRET_ACCESS_KEY = declare(secret("s3.secretAccessKey",
      "the secret of `s3.accessKeyId`; never logged or shown"));

  /** The {@code s3.orphanGraceSeconds} option. */
  public static final CachetOption<Long> S3_ORPHAN_GRACE_SECONDS = declare(longOption("s3.orphanGraceSeconds",
      Scope.MANAGER, 3_600L, 1, 30L * 24 * 3_600, "seconds", "must be a number of seconds from 1 to 2592000",
      "how old, by the database's clock, an object that no entry names must be before the collector deletes it:"
          + " longer than any upload takes"));

  private CachetOptions() {}

  /** Every option, in the order the README lists them. */
  static List<CachetOption<?>> all() {
    return List.copyOf(ALL);
  }

  /** The option of that name, or null. */
  static CachetOption<?> named(String name) {
    for (CachetOption<?> option : ALL) {
      if (option.name().equals(name)) {
        return option;
      }
    }
    return null;
  }

  /** Whether a key file name is a plain file name: key files always live directly in the root. */
  static boolean isPlainFileName(String name) {
    return !(name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
        || name.indexOf('\0') >= 0 || name.contains(":"));
  }

  /** Whether the option's value is a secret: errors and descriptions show it masked. */
  static boolean isSecret(CachetOption<?> option) {
    return SECRETS.contains(option.name());
  }

  /** An optional manager option taken as written, unset by default. */
  private static CachetOption<String> text(String name, String values, String doc) {
    return new CachetOption<>(name, Scope.MANAGER, null, "none", values, doc, CachetOptions::nonBlank,
        UnaryOperator.identity(), cacheWins());
  }

  private static CachetOption<String> secret(String name, String doc) {
    SECRETS.add(name);
    return text(name, "secret", doc);
  }

  private static String nonBlank(String text) {
    String value = text.trim();
    if (value.isEmpty()) {
      throw new InvalidOptionValue("must not be empty");
    }
    return value;
  }

  /** A schema name Cachet can write into SQL as it is: lower-case letters, digits and underscores. */
  private static String identifier(String text) {
    String name = text.trim();
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new InvalidOptionValue("must be a lower-case SQL identifier: a letter or underscore, then letters,"
          + " digits or underscores, at most 63");
    }
    return name;
  }

  private static String objectKeyPrefix(String text) {
    String prefix = text.trim();
    if (prefix.startsWith("/") || prefix.contains("..") || prefix.length() > 512) {
      throw new InvalidOptionValue("must be an object key prefix without a leading '/' or '..', at most 512"
          + " characters");
    }
    return prefix;
  }

  /**
   * An S3 endpoint: HTTPS, or plain HTTP to a loopback address only (a test server on the same machine), since
   * requests carry credentials and values.
   */
  private static URI endpoint(String text) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new InvalidOptionValue("not a URL: " + e.getMessage(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && isLoopback(uri.getHost()))) {
      throw new InvalidOptionValue("must be an https:// URL with a host (http:// only to localhost or a loopback"
          + " address)");
    }
    return uri;
  }

  private static boolean isLoopback(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    return name.equals("localhost") || name.equals("[::1]") || name.equals("::1") || name.startsWith("127.");
  }

  private static <T> CachetOption<T> declare(CachetOption<T> option) {
    ALL.add(option);
    return option;
  }

  /** A declaration completed with its documentation line. */
  private static <T> CachetOption<T> declare(Declaration<T> declaration, String doc) {
    return declare(declaration.documented(doc));
  }

  private static <T> BinaryOperator<T> cacheWins() {
    return (managerValue, cacheValue) -> cacheValue;
  }

  private static CachetOption<Boolean> bool(String name, boolean defaultValue, String doc) {
    return new CachetOption<>(name, Scope.CACHE, defaultValue, "`" + defaultValue + "`", BOOLEAN_VALUES, doc,
        CachetOptions::bool, UnaryOperator.identity(), cacheWins());
  }

  private static CachetOption<Long> limit(String name, String unit, String doc) {
    return longOption(name, Scope.CACHE, 0L, 0, Long.MAX_VALUE, unit + ", 0 = no limit", LIMIT_RULE, doc);
  }

  private static CachetOption<Long> longOption(String name, Scope scope, long defaultValue, long min, long max,
      String values, String requirement, String doc) {
    return new CachetOption<>(name, scope, defaultValue, String.valueOf(defaultValue), values, doc,
        text -> number(text, requirement), value -> inRange(value, min, max, requirement), cacheWins());
  }

  private static CachetOption<Integer> intOption(String name, Scope scope, int defaultValue, int min, int max,
      String values, String requirement, String doc) {
    return new CachetOption<>(name, scope, defaultValue, String.valueOf(defaultValue), values, doc,
        text -> (int) inRange(number(text, requirement), min, max, requirement),
        value -> (int) inRange(value, min, max, requirement), cacheWins());
  }

  /** A manager option whose value is one of {@code choices}, the first being the default. */
  private static Declaration<String> choice(String name, String... choices) {
    return doc -> new CachetOption<>(name, Scope.MANAGER, choices[0], "`" + choices[0] + "`",
        Arrays.stream(choices).map(choice -> "`" + choice + "`").collect(Collectors.joining(", ")), doc,
        text -> oneOf(text, choices), UnaryOperator.identity(), cacheWins());
  }

  /** An option declared but for its documentation line, so that the line can follow the rest. */
  @FunctionalInterface
  private interface Declaration<T> {
    CachetOption<T> documented(String doc);
  }

  private static boolean bool(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new InvalidOptionValue("must be true or false");
    };
  }

  private static long number(String text, String requirement) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidOptionValue(requirement, e);
    }
  }

  private static long inRange(long value, long min, long max, String requirement) {
    if (value < min || value > max) {
      throw new InvalidOptionValue(requirement);
    }
    return value;
  }

  private static String oneOf(String text, String... choices) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (!Arrays.asList(choices).contains(value)) {
      throw new InvalidOptionValue("must be " + Arrays.stream(choices).map(choice -> "'" + choice + "'")
          .collect(Collectors.joining(" or ")));
    }
    return value;
  }

  private static String keyFileName(String fileName) {
    String name = fileName.trim();
    if (!isPlainFileName(name)) {
      throw new InvalidOptionValue(KEY_FILE_RULE);
    }
    return name;
  }

  private static Path path(String text) {
    try {
      return Path.of(text.trim());
    } catch (InvalidPathException e) {
      throw new InvalidOptionValue("not a path: " + e.getMessage(), e);
    }
  }

  /** A comma-separated list of class patterns. */
  private static List<String> patterns(String text) {
    List<String> patterns = new ArrayList<>();
    for (String pattern : text.split(",")) {
      if (!pattern.isBlank()) {
        patterns.add(pattern.trim());
      }
    }
    return List.copyOf(patterns);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> both = new ArrayList<>(first);
    both.addAll(second);
    return List.copyOf(both);
  }
}
