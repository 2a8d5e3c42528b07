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
  private static final Set<String> OPTIONS = Set.of(ROOT, DURABILITY, INLINE_THRESHOLD, ENABLE_ENTRY_SIGNING,
      USE_IN_MEMORY_KEY, SIGNING_KEY_FILE, DELETE_INVALID_SIGNATURES, ALLOW_UNSIGNED_ENTRIES, STORAGE_MODE,
      MINIMUM_SIGNATURE_VERSION, ENCRYPT_AT_REST, MAX_VALUE_BYTES, MAX_ENTRIES, MAX_BYTES, ALLOWED_CLASSES,
      EXPIRY_SWEEP_MILLIS, ON_CORRUPT_DATABASE);
  private static final String SYSTEM_PREFIX = "cachet.";

  private final SealedStoreSettings storeSettings;
  private final NamespaceOptions cacheDefaults;
  private final long expirySweepMillis;

  private ManagerSettings(SealedStoreSettings storeSettings, NamespaceOptions cacheDefaults,
      long expirySweepMillis) {
    this.storeSettings = storeSettings;
    this.cacheDefaults = cacheDefaults;
    this.expirySweepMillis = expirySweepMillis;
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
   * @param properties options that override those of a properties-file URI; keys other than Cachet's
   *     options are ignored, since frameworks pass their own
   * @throws IllegalArgumentException if an option has an invalid value or a properties file has an unknown key
   * @throws CacheException if a properties file cannot be read
   */
  static ManagerSettings resolve(URI uri, ClassLoader classLoader, Properties properties) {
    Properties options = systemOptions();
    Path root;
    if (uri.equals(CachetCachingProvider.DEFAULT_URI)) {
      root = defaultRoot();
    } else if (isPropertiesFile(uri)) {
      options.putAll(readPropertiesFile(uri));
      root = defaultRoot();
    } else if ("file".equalsIgnoreCase(uri.getScheme())) {
      root = pathOf(uri);
    } else {
      root = defaultRoot().resolve("managers").resolve(hashOf(uri.toString()));
    }
    if (properties != null) {
      for (String name : properties.stringPropertyNames()) {
        if (OPTIONS.contains(name)) {
          options.setProperty(name, properties.getProperty(name));
        }
      }
    }
    String configuredRoot = options.getProperty(ROOT);
    if (configuredRoot != null) {
      root = rootOption(configuredRoot, uri);
    }
    return new ManagerSettings(new SealedStoreSettings(root.toAbsolutePath().normalize(), classLoader,
        inlineThreshold(options.getProperty(INLINE_THRESHOLD)), durability(options.getProperty(DURABILITY)),
        onCorruptDatabase(options.getProperty(ON_CORRUPT_DATABASE))), cacheDefaults(options),
        expirySweepMillis(options));
  }

  private static long expirySweepMillis(Properties options) {
    long millis = number(options, EXPIRY_SWEEP_MILLIS, DEFAULT_EXPIRY_SWEEP_MILLIS);
    if (millis < 0) {
      throw new IllegalArgumentException("Invalid Cachet option " + EXPIRY_SWEEP_MILLIS + "=" + millis
          + ": must be a number of milliseconds >= 0 (0 turns the sweeper off)");
    }
    return millis;
  }

  /** The {@code cachet.<option>} system properties, except {@code cachet.root}, which names the default root. */
  private static Properties systemOptions() {
    Properties options = new Properties();
    for (String option : OPTIONS) {
      String value = System.getProperty(SYSTEM_PREFIX + option);
      if (value != null && !option.equals(ROOT)) {
        options.setProperty(option, value);
      }
    }
    return options;
  }

  private static NamespaceOptions cacheDefaults(Properties options) {
    NamespaceOptions defaults = NamespaceOptions.defaults();
    try {
      return new NamespaceOptions(
          bool(options, ENABLE_ENTRY_SIGNING, defaults.entrySigning()),
          bool(options, USE_IN_MEMORY_KEY, defaults.inMemoryKey()),
          keyFileName(options.getProperty(SIGNING_KEY_FILE, defaults.signingKeyFile())),
          bool(options, DELETE_INVALID_SIGNATURES, defaults.deleteInvalidSignatures()),
          bool(options, ALLOW_UNSIGNED_ENTRIES, defaults.allowUnsignedEntries()),
          bool(options, STORAGE_MODE, defaults.storageMode()),
          (int) number(options, MINIMUM_SIGNATURE_VERSION, defaults.minimumSignatureVersion()),
          bool(options, ENCRYPT_AT_REST, defaults.encryptAtRest()),
          number(options, MAX_VALUE_BYTES, defaults.maxValueBytes()),
          number(options, MAX_ENTRIES, defaults.maxEntries()),
          number(options, MAX_BYTES, defaults.maxBytes()),
          patterns(options.getProperty(ALLOWED_CLASSES)),
          defaults.observer());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid Cachet options: " + e.getMessage(), e);
    }
  }

  /**
   * A signing key file name: a plain file name, since key files always live directly in the root.
   *
   * @throws IllegalArgumentException for paths, parent references and empty names
   */
  static String keyFileName(String value) {
    String name = value.trim();
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
        || name.indexOf('\0') >= 0 || name.contains(":")) {
      throw new IllegalArgumentException("Invalid Cachet option signingKeyFile=" + value
          + ": must be a plain file name; key files always live directly in the cache manager's root");
    }
    return name;
  }

  private static boolean bool(Properties options, String option, boolean fallback) {
    String value = options.getProperty(option);
    if (value == null) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("Invalid Cachet option " + option + "=" + value
          + ": must be true or false");
    };
  }

  private static long number(Properties options, String option, long fallback) {
    String value = options.getProperty(option);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid Cachet option " + option + "=" + value + ": must be a number", e);
    }
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
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cachet");
  }

  private static boolean isPropertiesFile(URI uri) {
    String text = uri.toString().toLowerCase(Locale.ROOT);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("file") || scheme.equals("jar")) && text.endsWith(".properties");
  }

  private static Properties readPropertiesFile(URI uri) {
    Properties file = new Properties();
    try (InputStream in = uri.toURL().openStream()) {
      file.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      throw new CacheException("Cannot read Cachet configuration " + uri + ": " + e.getMessage(), e);
    }
    for (String name : file.stringPropertyNames()) {
      if (!OPTIONS.contains(name)) {
        throw new IllegalArgumentException("Unknown option '" + name + "' in Cachet configuration " + uri
            + "; known options: " + String.join(", ", OPTIONS.stream().sorted().toList()));
      }
    }
    return file;
  }

  private static Path pathOf(URI uri) {
    try {
      return Path.of(uri);
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      throw new IllegalArgumentException("Not a usable directory URI for a Cachet root: " + uri, e);
    }
  }

  /** A {@code root} option: absolute, or relative to the properties file's directory when it has one. */
  private static Path rootOption(String value, URI uri) {
    Path configured;
    try {
      configured = Path.of(value.trim());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("Invalid Cachet option root=" + value + ": " + e.getMessage(), e);
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

  private static int inlineThreshold(String value) {
    if (value == null) {
      return SealedStoreSettings.DEFAULT_INLINE_THRESHOLD;
    }
    String expected = ": must be a number of bytes from 0 to " + SealedStoreSettings.MAX_INLINE_THRESHOLD
        + " (16 MiB)";
    try {
      int threshold = Integer.parseInt(value.trim());
      if (threshold < 0 || threshold > SealedStoreSettings.MAX_INLINE_THRESHOLD) {
        throw new IllegalArgumentException("Invalid Cachet option inlineThreshold=" + value + expected);
      }
      return threshold;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid Cachet option inlineThreshold=" + value + expected, e);
    }
  }

  private static Durability durability(String value) {
    if (value == null) {
      return Durability.NORMAL;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "normal" -> Durability.NORMAL;
      case "full" -> Durability.FULL;
      default -> throw new IllegalArgumentException("Invalid Cachet option durability=" + value
          + ": must be 'normal' or 'full'");
    };
  }

  private static OnCorruptDatabase onCorruptDatabase(String value) {
    if (value == null) {
      return OnCorruptDatabase.FAIL;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "fail" -> OnCorruptDatabase.FAIL;
      case "quarantine" -> OnCorruptDatabase.QUARANTINE;
      default -> throw new IllegalArgumentException("Invalid Cachet option onCorruptDatabase=" + value
          + ": must be 'fail' or 'quarantine'");
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
