package io.cachet;

import io.cachet.sealed.SealedStoreSettings;
import io.cachet.sealed.SealedStoreSettings.Durability;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import javax.cache.CacheException;

/**
 * Turns a cache manager's URI and properties into the settings of its store: which root directory, how
 * durable, what inline threshold.
 */
final class ManagerSettings {
  /** The system property naming the default root directory. */
  static final String ROOT_PROPERTY = "cachet.root";

  static final String ROOT = "root";
  static final String DURABILITY = "durability";
  static final String INLINE_THRESHOLD = "inlineThreshold";
  private static final Set<String> OPTIONS = Set.of(ROOT, DURABILITY, INLINE_THRESHOLD);

  private final SealedStoreSettings storeSettings;

  private ManagerSettings(SealedStoreSettings storeSettings) {
    this.storeSettings = storeSettings;
  }

  SealedStoreSettings storeSettings() {
    return storeSettings;
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
    Properties options = new Properties();
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
        inlineThreshold(options.getProperty(INLINE_THRESHOLD)), durability(options.getProperty(DURABILITY))));
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
    try {
      int threshold = Integer.parseInt(value.trim());
      if (threshold < 0) {
        throw new IllegalArgumentException("Invalid Cachet option inlineThreshold=" + value
            + ": must be a number of bytes >= 0");
      }
      return threshold;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid Cachet option inlineThreshold=" + value
          + ": must be a number of bytes >= 0", e);
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

  private static String hashOf(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
