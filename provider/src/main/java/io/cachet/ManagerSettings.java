package io.cachet;

import io.cachet.sealed.NamespaceOptions;
import io.cachet.sealed.SealedStoreSettings;
import io.cachet.sealed.SealedStoreSettings.Durability;
import io.cachet.sealed.SealedStoreSettings.OnCorruptDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.CacheException;

/**
 * Turns a cache manager's URI and properties into the settings of its store (which root directory, how
 * durable, what inline threshold) and the defaults of its caches' security and limit options.
 *
 * <p>Options come from, lowest precedence first: {@code cachet.<option>} system properties, the properties
 * file the URI names, and the properties passed to {@code getCacheManager}.
 */
final class ManagerSettings {
  /** The system property naming the default root directory. */
  static final String ROOT_PROPERTY = "cachet.root";

  static final String ROOT = "root";
  static final String DURABILITY = "durability";
  static final String INLINE_THRESHOLD = "inlineThreshold";
  static final String ENABLE_ENTRY_SIGNING = "enableEntrySigning";
  static final String USE_IN_MEMORY_KEY = "useInMemoryKey";
  static final String SIGNING_KEY_FILE = "signingKeyFile";
  static final String DELETE_INVALID_SIGNATURES = "deleteInvalidSignatures";
  static final String ALLOW_UNSIGNED_ENTRIES = "allowUnsignedEntries";
  static final String STORAGE_MODE = "storageMode";
  static final String MINIMUM_SIGNATURE_VERSION = "minimumSignatureVersion";
  static final String ENCRYPT_AT_REST = "encryptAtRest";
  static final String MAX_VALUE_BYTES = "maxValueBytes";
  static final String MAX_ENTRIES = "maxEntries";
  static final String MAX_BYTES = "maxBytes";
  static final String ALLOWED_CLASSES = "allowedClasses";
  static final String EXPIRY_SWEEP_MILLIS = "expirySweepMillis";
  /** How often, by default, each manager removes expired entries and reports them to listeners. */
  static final long DEFAULT_EXPIRY_SWEEP_MILLIS = 1_000;
  static final String ON_CORRUPT_DATABASE = "onCorruptDatabase";
  static final String REPLAY_DETECTION = "replayDetection";
  static final String ALLOW_GROUP_ACCESS = "allowGroupAccess";
  private static final Set<String> OPTIONS = Set.of(ROOT, DURABILITY, INLINE_THRESHOLD, ENABLE_ENTRY_SIGNING,
      USE_IN_MEMORY_KEY, SIGNING_KEY_FILE, DELETE_INVALID_SIGNATURES, ALLOW_UNSIGNED_ENTRIES, STORAGE_MODE,
      MINIMUM_SIGNATURE_VERSION, ENCRYPT_AT_REST, MAX_VALUE_BYTES, MAX_ENTRIES, MAX_BYTES, ALLOWED_CLASSES,
      EXPIRY_SWEEP_MILLIS, ON_CORRUPT_DATABASE, ALLOW_GROUP_ACCESS, REPLAY_DETECTION);
  private static final String SYSTEM_PREFIX = "cachet.";
  /** System properties that arm test hooks (e.g. {@code io.cachet.store.CrashPoint}), not options. */
  private static final String TEST_HOOK_PREFIX = "cachet.test.";
  static final String KEY_FILE_RULE =
      "must be a plain file name; key files always live directly in the cache manager's root";

  private final SealedStoreSettings storeSettings;
  private final NamespaceOptions cacheDefaults;
  private final long expirySweepMillis;
  private final Map<String, String> optionSources;

  private ManagerSettings(SealedStoreSettings storeSettings, NamespaceOptions cacheDefaults,
      long expirySweepMillis, Map<String, String> optionSources) {
    this.storeSettings = storeSettings;
    this.cacheDefaults = cacheDefaults;
    this.expirySweepMillis = expirySweepMillis;
    this.optionSources = optionSources;
  }

  /** Where each option the manager sets came from, for errors that a cache's own options provoke. */
  Map<String, String> optionSources() {
    return optionSources;
  }

  SealedStoreSettings storeSettings() {
    return storeSettings;
  }

  /** Milliseconds between two sweeps of expired entries; 0 turns the sweeper off. */
  long expirySweepMillis() {
    return expirySweepMillis;
  }

  /** The options of a cache that sets none of its own. */
  NamespaceOptions cacheDefaults() {
    return cacheDefaults;
  }

  /**
   * Resolves a manager's settings.
   *
   * @param properties options that override those of a properties-file URI; keys outside Cachet's namespace
   *     are ignored, since frameworks pass their own
   * @throws CacheException naming the option and its source if an option has an invalid value or is unknown
   *     (a {@code cachet.} system property, a key of the properties file, a passed key that is a misspelt
   *     option), or if a properties file cannot be read
   */
  static ManagerSettings resolve(URI uri, ClassLoader classLoader, Properties properties) {
    ManagerOptions options = systemOptions();
    Path root;
    if (uri.equals(CachetCachingProvider.DEFAULT_URI)) {
      root = defaultRoot();
    } else if (isPropertiesFile(uri)) {
      readPropertiesFile(uri, options);
      root = defaultRoot();
    } else if ("file".equalsIgnoreCase(uri.getScheme())) {
      root = pathOf(uri);
    } else {
      root = defaultRoot().resolve("managers").resolve(hashOf(uri.toString()));
    }
    if (properties != null) {
      passedOptions(properties, options);
    }
    if (options.value(ROOT) != null) {
      root = rootOption(options, uri);
    }
    return new ManagerSettings(new SealedStoreSettings(root.toAbsolutePath().normalize(), classLoader,
        inlineThreshold(options), durability(options), onCorruptDatabase(options),
        bool(options, ALLOW_GROUP_ACCESS, false)), cacheDefaults(options), expirySweepMillis(options),
        options.sources());
  }

  private static long expirySweepMillis(ManagerOptions options) {
    return number(options, EXPIRY_SWEEP_MILLIS, DEFAULT_EXPIRY_SWEEP_MILLIS, 0, Long.MAX_VALUE,
        "must be a number of milliseconds >= 0 (0 turns the sweeper off)");
  }

  /**
   * The {@code cachet.<option>} system properties, except {@code cachet.root}, which names the default root,
   * and {@code cachet.test.*}, the test hooks.
   *
   * @throws CacheException for any other {@code cachet.} property that is not an option: a typo there would
   *     otherwise leave the option silently at its default
   */
  private static ManagerOptions systemOptions() {
    ManagerOptions options = new ManagerOptions(OPTIONS);
    for (String property : System.getProperties().stringPropertyNames()) {
      if (!property.startsWith(SYSTEM_PREFIX) || property.startsWith(TEST_HOOK_PREFIX)) {
        continue;
      }
      String option = property.substring(SYSTEM_PREFIX.length());
      if (!options.isKnown(option)) {
        throw options.unknown(option, property, ManagerOptions.systemProperty(property));
      }
      if (!option.equals(ROOT)) {
        options.set(option, System.getProperty(property), ManagerOptions.systemProperty(property));
      }
    }
    return options;
  }

  /**
   * The passed properties that are Cachet's: its option names. Frameworks pass their own keys here too
   * (dotted, as {@code hibernate.*} or {@code spring.*}), so only a name in Cachet's namespace that is no
   * option is an error: one with the {@code cachet.} prefix, or an undotted one a typo away from an option.
   */
  private static void passedOptions(Properties properties, ManagerOptions options) {
    for (String name : properties.stringPropertyNames()) {
      if (options.isKnown(name)) {
        options.set(name, properties.getProperty(name), ManagerOptions.PASSED);
      } else if (name.startsWith(SYSTEM_PREFIX)) {
        String option = name.substring(SYSTEM_PREFIX.length());
        if (options.isKnown(option)) {
          throw new CacheException("Cachet option " + name + " (from " + ManagerOptions.PASSED
              + ") has the system-property prefix; passed properties name options without it: " + option);
        }
        throw options.unknown(option, name, ManagerOptions.PASSED);
      } else if (name.indexOf('.') < 0 && options.nearlyKnown(name)) {
        throw options.unknown(name, name, ManagerOptions.PASSED);
      }
    }
  }

  private static NamespaceOptions cacheDefaults(ManagerOptions options) {
    NamespaceOptions defaults = NamespaceOptions.defaults();
    String keyFile = options.value(SIGNING_KEY_FILE);
    boolean signing = bool(options, ENABLE_ENTRY_SIGNING, defaults.entrySigning());
    boolean encrypt = bool(options, ENCRYPT_AT_REST, defaults.encryptAtRest());
    if (encrypt && !signing) {
      throw new CacheException("Invalid Cachet options " + options.describe(ENCRYPT_AT_REST) + " and "
          + options.describe(ENABLE_ENTRY_SIGNING) + ": encryption needs signing, since the ciphertext is only"
          + " trusted once its hash and signature verify; turn signing on or encryption off");
    }
    return new NamespaceOptions(signing,
        bool(options, USE_IN_MEMORY_KEY, defaults.inMemoryKey()),
        keyFile == null ? defaults.signingKeyFile() : managerKeyFileName(options),
        bool(options, DELETE_INVALID_SIGNATURES, defaults.deleteInvalidSignatures()),
        bool(options, ALLOW_UNSIGNED_ENTRIES, defaults.allowUnsignedEntries()),
        bool(options, STORAGE_MODE, defaults.storageMode()),
        (int) number(options, MINIMUM_SIGNATURE_VERSION, defaults.minimumSignatureVersion(), 1,
            NamespaceOptions.CURRENT_SIGNATURE_VERSION,
            "must be a signature version from 1 to " + NamespaceOptions.CURRENT_SIGNATURE_VERSION),
        encrypt,
        limit(options, MAX_VALUE_BYTES, defaults.maxValueBytes()),
        limit(options, MAX_ENTRIES, defaults.maxEntries()),
        limit(options, MAX_BYTES, defaults.maxBytes()),
        patterns(options.value(ALLOWED_CLASSES)),
        replayDetection(options) == ReplayDetection.SHARED,
        defaults.observer());
  }

  private static String managerKeyFileName(ManagerOptions options) {
    String name = options.value(SIGNING_KEY_FILE).trim();
    if (!isPlainFileName(name)) {
      throw options.invalid(SIGNING_KEY_FILE, KEY_FILE_RULE);
    }
    return name;
  }

  /** Whether a signing key file name is a plain file name: key files always live directly in the root. */
  static boolean isPlainFileName(String name) {
    return !(name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
        || name.indexOf('\0') >= 0 || name.contains(":"));
  }

  private static boolean bool(ManagerOptions options, String option, boolean fallback) {
    String value = options.value(option);
    if (value == null) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw options.invalid(option, "must be true or false");
    };
  }

  private static long limit(ManagerOptions options, String option, long fallback) {
    return number(options, option, fallback, 0, Long.MAX_VALUE, "must be a number >= 0 (0 = no limit)");
  }

  private static long number(ManagerOptions options, String option, long fallback, long min, long max,
      String requirement) {
    String value = options.value(option);
    if (value == null) {
      return fallback;
    }
    long number;
    try {
      number = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw options.invalid(option, requirement, e);
    }
    if (number < min || number > max) {
      throw options.invalid(option, requirement);
    }
    return number;
  }

  /** A comma-separated list of class patterns. */
  static List<String> patterns(String value) {
    List<String> patterns = new ArrayList<>();
    if (value != null) {
      for (String pattern : value.split(",")) {
        if (!pattern.isBlank()) {
          patterns.add(pattern.trim());
        }
      }
    }
    return patterns;
  }

  /** The root used for the default URI: the {@code cachet.root} system property, else {@code ~/.cachet}. */
  static Path defaultRoot() {
    String configured = System.getProperty(ROOT_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      try {
        return Path.of(configured);
      } catch (InvalidPathException e) {
        throw new CacheException("Invalid Cachet option root=" + configured + " (from "
            + ManagerOptions.systemProperty(ROOT_PROPERTY) + "): not a path: " + e.getMessage(), e);
      }
    }
    return Path.of(System.getProperty("user.home"), ".cachet");
  }

  private static boolean isPropertiesFile(URI uri) {
    String text = uri.toString().toLowerCase(Locale.ROOT);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("file") || scheme.equals("jar")) && text.endsWith(".properties");
  }

  /**
   * Reads a properties file's options into {@code options}.
   *
   * @throws CacheException if the file cannot be read or holds a key that is no option
   */
  private static void readPropertiesFile(URI uri, ManagerOptions options) {
    Properties file = new Properties();
    try (InputStream in = uri.toURL().openStream()) {
      file.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      throw new CacheException("Cannot read Cachet configuration " + uri + ": " + e.getMessage(), e);
    }
    String source = ManagerOptions.propertiesFile(uri);
    for (String name : file.stringPropertyNames()) {
      if (!options.isKnown(name)) {
        throw options.unknown(name, name, source);
      }
      options.set(name, file.getProperty(name), source);
    }
  }

  private static Path pathOf(URI uri) {
    try {
      return Path.of(uri);
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      throw new CacheException("Not a usable directory URI for a Cachet root: " + uri + " (" + e.getMessage()
          + "); pass a file: URI of a directory or of a .properties file", e);
    }
  }

  /** A {@code root} option: absolute, or relative to the properties file's directory when it has one. */
  private static Path rootOption(ManagerOptions options, URI uri) {
    Path configured;
    try {
      configured = Path.of(options.value(ROOT).trim());
    } catch (InvalidPathException e) {
      throw options.invalid(ROOT, "not a path: " + e.getMessage(), e);
    }
    if (configured.isAbsolute()) {
      return configured;
    }
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      Path file = pathOf(uri);
      Path base = Files.isDirectory(file) ? file : file.getParent();
      return base.resolve(configured);
    }
    return configured;
  }

  private static int inlineThreshold(ManagerOptions options) {
    return (int) number(options, INLINE_THRESHOLD, SealedStoreSettings.DEFAULT_INLINE_THRESHOLD, 0,
        SealedStoreSettings.MAX_INLINE_THRESHOLD, "must be a number of bytes from 0 to "
            + SealedStoreSettings.MAX_INLINE_THRESHOLD + " (16 MiB)");
  }

  private static Durability durability(ManagerOptions options) {
    String value = options.value(DURABILITY);
    if (value == null) {
      return Durability.NORMAL;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "normal" -> Durability.NORMAL;
      case "full" -> Durability.FULL;
      default -> throw options.invalid(DURABILITY, "must be 'normal' or 'full'");
    };
  }

  private static ReplayDetection replayDetection(ManagerOptions options) {
    String value = options.value(REPLAY_DETECTION);
    if (value == null) {
      return ReplayDetection.PROCESS;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "process" -> ReplayDetection.PROCESS;
      case "shared" -> ReplayDetection.SHARED;
      default -> throw options.invalid(REPLAY_DETECTION, "must be 'process' or 'shared'");
    };
  }

  private static OnCorruptDatabase onCorruptDatabase(ManagerOptions options) {
    String value = options.value(ON_CORRUPT_DATABASE);
    if (value == null) {
      return OnCorruptDatabase.FAIL;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "fail" -> OnCorruptDatabase.FAIL;
      case "quarantine" -> OnCorruptDatabase.QUARANTINE;
      default -> throw options.invalid(ON_CORRUPT_DATABASE, "must be 'fail' or 'quarantine'");
    };
  }

  private static String hashOf(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
