package io.cachet;

import io.cachet.ExpirySweepSchedule;
import io.cachet.testing.FakeClock;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.CacheManager;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test a temporary root, a provider on a {@link FakeClock} whose managers sweep expired entries
 * only when the test calls {@link #sweep()}, and the manager of that root; after the test it closes every
 * provider it made and deletes the root. Register it on an instance field:
 * {@code @RegisterExtension final CachetFixture cachet = new CachetFixture();}
 */
final class CachetFixture implements BeforeEachCallback, AfterEachCallback {
  private final FakeClock clock = new FakeClock();
  private final OnDemandSweeps sweeps = new OnDemandSweeps();
  private final List<CachetCachingProvider> providers = new ArrayList<>();
  private Path root;
  private CachetCachingProvider provider;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    root = Files.createTempDirectory("cachet-test-");
    provider = newProvider();
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    RuntimeException failure = null;
    for (CachetCachingProvider each : providers) {
      try {
        each.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (root != null) {
      deleteTree(root);
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The temporary root directory (existing, mode 0700) that {@link #manager()} opens. */
  Path root() {
    return root;
  }

  /** The clock every cache of this fixture's providers reads. */
  FakeClock clock() {
    return clock;
  }

  /** The test's provider. */
  CachetCachingProvider provider() {
    return provider;
  }

  /** Another provider on the same clock and sweeps, as another application in the process would hold. */
  CachetCachingProvider newProvider() {
    CachetCachingProvider made = new CachetCachingProvider(clock, sweeps);
    providers.add(made);
    return made;
  }

  /** The provider's manager of the root: the open one, or a new one once closed. */
  CacheManager manager() {
    return manager(new Properties());
  }

  /** As {@link #manager()}, opening it with these options (like {@code getCacheManager}, ignored while open). */
  CacheManager manager(Properties options) {
    return provider.getCacheManager(root.toUri(), CachetFixture.class.getClassLoader(), options);
  }

  /** Runs the expiry sweep of every open manager once, in the calling thread, as its schedule would. */
  void sweep() {
    for (OnDemandSweeps.Started started : sweeps.started) {
      started.sweep.run();
    }
  }

  /** The sweep intervals the open managers asked for, in the order they opened. */
  List<Long> sweepIntervals() {
    return sweeps.started.stream().map(OnDemandSweeps.Started::intervalMillis).toList();
  }

  /** Records each manager's sweep instead of timing it. */
  private static final class OnDemandSweeps implements ExpirySweepSchedule {
    private final List<Started> started = new CopyOnWriteArrayList<>();

    @Override
    public Sweeps start(Runnable sweep, long intervalMillis) {
      Started one = new Started(sweep, intervalMillis);
      started.add(one);
      return one;
    }

    private final class Started implements Sweeps {
      private final Runnable sweep;
      private final long intervalMillis;

      Started(Runnable sweep, long intervalMillis) {
        this.sweep = sweep;
        this.intervalMillis = intervalMillis;
      }

      long intervalMillis() {
        return intervalMillis;
      }

      @Override
      public boolean stop(Duration timeout) {
        started.remove(this);
        return true;
      }
    }
  }

  /** Deletes the root, making a directory a test left read-only writable again first; links are not followed. */
  private static void deleteTree(Path top) throws IOException {
    Files.walkFileTree(top, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
        if (failure != null) {
          throw failure;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
