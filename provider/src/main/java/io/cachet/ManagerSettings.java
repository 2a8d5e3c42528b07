package io.cachet;

import static io.cachet.CachetOptions.ENABLE_ENTRY_SIGNING;
import static io.cachet.CachetOptions.ENCRYPT_AT_REST;
import static io.cachet.CachetOptions.ROOT;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.cache.CacheException;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * A cache manager's settings, resolved from its URI and properties: its root directory and the value of every
 * option, from which each of its caches resolves its own. Internal: what the provider hands the manager
 * factory.
 *
 * <p>Options come from, lowest precedence first: {@code cachet.<option>} system properties, the properties
 * file the URI names, and the properties passed to {@code getCacheManager}. The file and the passed
 * properties may also configure caches by name ({@link CacheDeclarations}), the passed keys overriding the
 * file's key by key.
 */
public final class ManagerSettings {
  /** The system property naming the default root directory. */
  static final String ROOT_PROPERTY = "cachet.root";

  /** The URIs a cache manager can be opened with, for errors. */
  static final String SUPPORTED_URIS = "null or " + CachetCachingProvider.DEFAULT_URI + " (the default root); a"
      + " file: URI of a directory (the root); a file: URI of a file, or a jar: URI (an options file); any other"
      + " URI, such as urn:my-app (a directory in the default root named by a hash of the URI)";

  private static final String SYSTEM_PREFIX = "cachet.";
  /** System properties that arm test hooks (e.g. {@code io.cachet.store.CrashPoint}), not options. */
  private static final String TEST_HOOK_PREFIX = "cachet.test.";
  private static final Set<String> OPTION_NAMES =
      CachetOptions.all().stream().map(CachetOption::name).collect(Collectors.toUnmodifiableSet());

  private final Path root;
  private final OptionValues options;
  private final CacheDeclarations declarations;
  private final CacheOptionsResolver cacheOptions;

  private ManagerSettings(Path root, OptionValues options, CacheDeclarations declarations) {
    this.root = root;
    this.options = options;
    this.declarations = declarations;
    this.cacheOptions = new CacheOptionsResolver(options, declarations);
  }

  /** {@return the manager's root directory, absolute and normalized} */
  public Path root() {
    return root;
  }

  /** {@return every option as the manager sets it; a cache's own settings may override the cache-scoped ones} */
  public OptionValues options() {
    return options;
  }

  /**
   * A cache's options: the manager's, overridden by the options file's {@code cache.*.<option>} keys, then by
   * its {@code cache.<cache name>.<option>} keys, then by whatever a {@link CachetConfiguration} sets, with
   * the packages of the configured key and value types and the classes they declare added to the class
   * allow-list.
   *
   * @param cacheName the cache's name
   * @param configuration the cache's configuration
   * @return the cache's options
   * @throws IllegalArgumentException naming each option involved and where its value came from, if the
   *     cache's options are invalid, as {@code CacheManager.createCache} specifies for an invalid configuration
   */
  public OptionValues forCache(String cacheName, CompleteConfiguration<?, ?> configuration) {
    return cacheOptions.apply(cacheName, configuration);
  }

  /**
   * The expiry policy the options file sets for a cache ({@code cache.<cache name>.expiry}, else
   * {@code cache.*.expiry}), which applies to a cache whose configuration keeps JCache's default expiry.
   *
   * @param cacheName the cache's name
   * @return the declared expiry, if any
   */
  public Optional<Factory<ExpiryPolicy>> declaredExpiry(String cacheName) {
    return declarations.expiry(cacheName);
  }

  /**
   * Whether the options file declares the cache: it has a {@code cache.<cache name>.} key ({@code cache.*.}
   * keys declare no cache), so that {@code getCache} creates it on first use.
   *
   * @param cacheName the cache's name
   * @return whether a key names it
   */
  public boolean declares(String cacheName) {
    return declarations.declares(cacheName);
  }

  /**
   * The settings a cache manager opened with this URI and no properties would have: how the operator's tool
   * resolves its target (a root directory's file URI, or an options file's). Internal.
   *
   * @param uri the URI a cache manager would be opened with
   * @return its settings, with the options of {@code cachet.*} system properties and of the file it names
   * @throws CacheException as {@code getCacheManager} would, naming the option and its source
   */
  public static ManagerSettings of(URI uri) {
    return resolve(uri, null);
  }

  /**
   * Resolves a manager's settings.
   *
   * @param properties options that override those of a properties-file URI; keys outside Cachet's namespace
   *     are ignored, since frameworks pass their own
   * @throws CacheException naming the option and its source if an option has an invalid value or is unknown
   *     (a {@code cachet.} system property, a key of the properties file, a passed key that is a misspelt
   *     option), if a per-cache key is invalid, or if a properties file cannot be read
   */
  static ManagerSettings resolve(URI uri, Properties properties) {
    ManagerOptions raw = systemOptions();
    Path root;
    if (uri.equals(CachetCachingProvider.DEFAULT_URI)) {
      root = defaultRoot();
    } else if (isPropertiesFile(uri)) {
      readOptionsFile(uri, raw);
      root = defaultRoot();
    } else if ("file".equalsIgnoreCase(uri.getScheme())) {
      root = pathOf(uri);
    } else {
      root = defaultRoot().resolve("managers").resolve(hashOf(uri.toString()));
    }
    if (properties != null) {
      passedOptions(properties, raw);
    }
    OptionValues options = parse(raw);
    if (options.get(ROOT) != null) {
      root = rootOption(options.get(ROOT), uri);
    }
    Path passwordFile = options.get(CachetOptions.POSTGRESQL_PASSWORD_FILE);
    if (passwordFile != null) {
      options = options.with(CachetOptions.POSTGRESQL_PASSWORD_FILE,
          rootOption(passwordFile, uri).toAbsolutePath().normalize(),
          raw.source(CachetOptions.POSTGRESQL_PASSWORD_FILE.name()));
    }
    BackendOptions.check(options, raw);
    ManagerSettings settings =
        new ManagerSettings(root.toAbsolutePath().normalize(), options, CacheDeclarations.parse(raw));
    settings.checkDeclaredCaches();
    return settings;
  }

  /**
   * Resolves the options of {@code cache.*} and of every declared cache, so that a combination that a
   * cache could not be created with (encryption without signing, say) fails when the manager opens.
   *
   * @throws CacheException naming the cache and the options involved
   */
  private void checkDeclaredCaches() {
    Set<String> names = new TreeSet<>(declarations.declaredNames());
    names.add(CacheDeclarations.EVERY_CACHE);
    for (String name : names) {
      try {
        cacheOptions.apply(name, new MutableConfiguration<>());
      } catch (IllegalArgumentException e) {
        throw new CacheException("Invalid Cachet options for cache " + name + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Every option the sources set, parsed and validated.
   *
   * @throws CacheException naming the option, its value and source, and what would be valid
   */
  private static OptionValues parse(ManagerOptions raw) {
    OptionValues options = OptionValues.defaults();
    for (CachetOption<?> option : CachetOptions.all()) {
      String text = raw.value(option.name());
      if (text != null) {
        options = parsed(options, option, text, raw);
      }
    }
    if (options.get(ENCRYPT_AT_REST) && !options.get(ENABLE_ENTRY_SIGNING)) {
      throw new CacheException("Invalid Cachet options " + raw.describe(ENCRYPT_AT_REST.name()) + " and "
          + raw.describe(ENABLE_ENTRY_SIGNING.name()) + ": " + CachetOptions.ENCRYPTION_NEEDS_SIGNING
          + "; turn signing on or encryption off");
    }
    return options;
  }

  private static <T> OptionValues parsed(OptionValues options, CachetOption<T> option, String text,
      ManagerOptions raw) {
    T value;
    try {
      value = option.parse(text);
    } catch (InvalidOptionValue e) {
      throw raw.invalid(option.name(), e.requirement(), e.getCause());
    }
    return options.with(option, value, raw.source(option.name()));
  }

  /**
   * The {@code cachet.<option>} system properties, except {@code cachet.root}, which names the default root,
   * and {@code cachet.test.*}, the test hooks.
   *
   * @throws CacheException for any other {@code cachet.} property that is not an option: a typo there would
   *     otherwise leave the option silently at its default
   */
  private static ManagerOptions systemOptions() {
    ManagerOptions options = new ManagerOptions(OPTION_NAMES);
    for (String property : System.getProperties().stringPropertyNames()) {
      if (!property.startsWith(SYSTEM_PREFIX) || property.startsWith(TEST_HOOK_PREFIX)) {
        continue;
      }
      String option = property.substring(SYSTEM_PREFIX.length());
      if (!options.isKnown(option)) {
        throw options.unknown(option, property, ManagerOptions.systemProperty(property));
      }
      if (!option.equals(ROOT.name())) {
        options.set(option, System.getProperty(property), ManagerOptions.systemProperty(property));
      }
    }
    return options;
  }

  /**
   * The passed properties that are Cachet's: its option names and per-cache keys. Frameworks pass their own keys here too
   * (dotted, as {@code hibernate.*} or {@code spring.*}), so only a name in Cachet's namespace that is no
   * option is an error: one with the {@code cachet.} prefix, or an undotted one a typo away from an option.
   */
  private static void passedOptions(Properties properties, ManagerOptions options) {
    for (String name : properties.stringPropertyNames()) {
      if (options.isKnown(name) || CacheDeclarations.isCacheKey(name)) {
        options.set(name, properties.getProperty(name), ManagerOptions.PASSED);
      } else if (name.startsWith(SYSTEM_PREFIX)) {
        String option = name.substring(SYSTEM_PREFIX.length());
        if (options.isKnown(option)) {
          throw new CacheException("Cachet option " + name + " (from " + ManagerOptions.PASSED
              + ") has the system-property prefix; passed properties name options without it: " + option);
        }
        throw options.unknown(option, name, ManagerOptions.PASSED);
      } else if (BackendOptions.isBackendKey(name) || name.indexOf('.') < 0 && options.nearlyKnown(name)) {
        throw options.unknown(name, name, ManagerOptions.PASSED);
      }
    }
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

  /**
   * Whether the URI names an options file: any entry of a jar (a class-path resource, as frameworks resolve
   * one), a file URI ending in {@code .properties}, or a file URI of an existing regular file, whatever its
   * extension. Any other file URI names a root directory.
   */
  private static boolean isPropertiesFile(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("jar")) {
      return true;
    }
    if (!scheme.equals("file")) {
      return false;
    }
    if (uri.toString().toLowerCase(Locale.ROOT).endsWith(".properties")) {
      return true;
    }
    try {
      return Files.isRegularFile(Path.of(uri));
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return false;
    }
  }

  /**
   * Reads an options file's options and per-cache keys into {@code options}.
   *
   * @throws CacheException if the file cannot be read or holds a key that is neither an option nor a
   *     per-cache key
   */
  private static void readOptionsFile(URI uri, ManagerOptions options) {
    OptionsFile file = OptionsFile.read(uri);
    for (String name : file.names()) {
      if (!CacheDeclarations.isCacheKey(name) && !options.isKnown(name)) {
        throw options.unknown(name, name, file.source(name));
      }
      options.set(name, file.value(name), file.source(name));
    }
  }

  private static Path pathOf(URI uri) {
    try {
      return Path.of(uri);
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      throw new CacheException("Not a usable file URI for a Cachet cache manager: " + uri + " (" + e.getMessage()
          + "). Cachet takes: " + SUPPORTED_URIS, e);
    }
  }

  /** A {@code root} option: absolute, or relative to the properties file's directory when it has one. */
  private static Path rootOption(Path configured, URI uri) {
    if (configured.isAbsolute()) {
      return configured;
    }
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      Path file = pathOf(uri);
      Path base = Files.isDirectory(file) ? file : file.getParent();
      return base == null ? configured : base.resolve(configured);
    }
    return configured;
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
