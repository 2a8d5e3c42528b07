package io.cachet;

import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.WeakHashMap;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The Cachet JCache provider: persistent caches whose entries are signed and verified on every read.
 *
 * <p>Cache managers are identified by URI and class loader. The URI is a root directory ({@code file:}), a
 * properties file of options ({@code file:} or {@code jar:} URL ending in {@code .properties}), the
 * {@linkplain #getDefaultURI() default URI} for the default root, or any other URI, which names a manager
 * whose root is a subdirectory of the default root derived from the URI by hashing. The default root is the
 * {@code cachet.root} system property, else {@code ~/.cachet}. See the README for the options.
 */
public final class CachetCachingProvider implements CachingProvider {

  /** The URI of the default cache manager, whose root is the default root. */
  public static final URI DEFAULT_URI = URI.create("cachet:default");

  private final Map<ClassLoader, Map<URI, CacheManager>> managers = new WeakHashMap<>();
  private final InstantSource clock;
  private final ExpirySweepSchedule sweepSchedule;
  private ManagerFactory factory;

  /** The provider that {@code Caching.getCachingProvider()} finds: system time, sweeps on a timer. */
  public CachetCachingProvider() {
    this(InstantSource.system(), ExpirySweepSchedule.TIMED);
  }

  /** The tests' seam: every manager's caches read time from {@code clock} and sweep when the schedule says. */
  CachetCachingProvider(InstantSource clock, ExpirySweepSchedule sweepSchedule) {
    this.clock = clock;
    this.sweepSchedule = sweepSchedule;
  }

  @Override
  public synchronized CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader managerClassLoader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Map<URI, CacheManager> byUri = managers.computeIfAbsent(managerClassLoader, cl -> new HashMap<>());
    CacheManager manager = byUri.get(managerUri);
    if (manager == null || manager.isClosed()) {
      ManagerSettings settings = ManagerSettings.resolve(managerUri, properties);
      manager = factory().open(this, managerUri, managerClassLoader, properties, settings, clock, sweepSchedule,
          this::forget);
      byUri.put(managerUri, manager);
    }
    return manager;
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return getClass().getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return DEFAULT_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    List<CacheManager> open = new ArrayList<>();
    synchronized (this) {
      for (Map<URI, CacheManager> byUri : managers.values()) {
        open.addAll(byUri.values());
      }
      managers.clear();
    }
    closeAll(open);
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader managerClassLoader = classLoader == null ? getDefaultClassLoader() : classLoader;
    List<CacheManager> open = new ArrayList<>();
    synchronized (this) {
      Map<URI, CacheManager> byUri = managers.remove(managerClassLoader);
      if (byUri != null) {
        open.addAll(byUri.values());
      }
    }
    closeAll(open);
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader managerClassLoader = classLoader == null ? getDefaultClassLoader() : classLoader;
    CacheManager manager = null;
    synchronized (this) {
      Map<URI, CacheManager> byUri = managers.get(managerClassLoader);
      if (byUri != null) {
        manager = byUri.remove(managerUri);
        if (byUri.isEmpty()) {
          managers.remove(managerClassLoader);
        }
      }
    }
    if (manager != null) {
      manager.close();
    }
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    return false;
  }

  /** The manager factory, found on first use through its service entry. */
  private synchronized ManagerFactory factory() {
    if (factory == null) {
      factory = ServiceLoader.load(ManagerFactory.class, ManagerFactory.class.getClassLoader()).findFirst()
          .orElseThrow(() -> new CacheException("Cachet's cache manager factory is missing: no "
              + "META-INF/services/" + ManagerFactory.class.getName() + " entry on the class path"));
    }
    return factory;
  }

  private synchronized void forget(CacheManager manager) {
    Map<URI, CacheManager> byUri = managers.get(manager.getClassLoader());
    if (byUri != null) {
      byUri.remove(manager.getURI(), manager);
      if (byUri.isEmpty()) {
        managers.remove(manager.getClassLoader());
      }
    }
  }

  private static void closeAll(List<CacheManager> open) {
    RuntimeException failure = null;
    for (CacheManager manager : open) {
      try {
        manager.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
