package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.StoreFixture;
import java.io.Serializable;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever sits at the path of a stored entry's blob file instead of the file (DESIGN §10.8), every operation
 * on its key returns promptly as a miss, reports one {@code MISSING_BLOB} integrity event, deletes the row and
 * clears the path, without following a link or touching what a link points to.
 */
class PlantedBlobFilesTest {
  private static final Duration PROMPTLY = Duration.ofSeconds(5);
  private static final String CACHE = "planted";
  // Above the default inline threshold (28 KiB), so the value is stored in a blob file.
  private static final String BIG = "x".repeat(200_000);

  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  @TempDir Path outside;
  private Path root;
  private final List<IntegrityEvent> events = new CopyOnWriteArrayList<>();

  /** What replaces the blob file. */
  enum Planted {
    FIFO, EMPTY_DIRECTORY, DIRECTORY_WITH_FILES, SOCKET, LINK_TO_DEV_ZERO, LINK_TO_FIFO
  }

  /** A JCache operation on the key whose blob was replaced. */
  enum Operation {
    GET, CONTAINS_KEY, GET_ALL, ITERATE, REMOVE, GET_AND_PUT
  }

  @BeforeEach
  void open() {
    root = cachet.root();
  }

  @AfterEach
  void close() {
    assertTimeoutPreemptively(PROMPTLY, () -> cachet.provider().close(), "closing the manager blocked");
  }

  static Stream<Arguments> everyPlantedTypeAndOperation() {
    return Stream.of(Planted.values()).flatMap(planted -> Stream.of(Operation.values())
        .map(operation -> Arguments.of(planted, operation)));
  }

  @ParameterizedTest(name = "{0} at the blob path, {1}")
  @MethodSource("everyPlantedTypeAndOperation")
  void anOperation_isAPromptMiss_reportsAMissingBlob_andClearsThePath(Planted planted, Operation operation)
      throws Exception {
    Cache<String, String> cache = cache(cachet.manager(), new MutableConfiguration<>());
    cache.put("k", BIG);
    cache.put("small", "kept");
    Path blob = StoreFixture.onlyBlobFile(root);
    plant(planted, blob);

    assertTimeoutPreemptively(PROMPTLY, () -> run(operation, cache), operation + " blocked on a " + planted);

    assertEquals(1, events.size(), events.toString());
    assertEquals(IntegrityEvent.Reason.MISSING_BLOB, events.get(0).reason());
    assertTrue(events.get(0).deleted());
    assertFalse(Files.exists(blob, LinkOption.NOFOLLOW_LINKS), "the blob path is cleared");
    assertEquals(operation == Operation.GET_AND_PUT ? 2 : 1, StoreFixture.rowCount(root, CACHE));
    assertEquals("kept", cache.get("small"));
    assertTrue(Files.exists(outside.resolve("fifo")) || !planted.name().endsWith("FIFO"),
        "nothing outside the blob tree is deleted");
  }

  private static void run(Operation operation, Cache<String, String> cache) {
    switch (operation) {
      case GET -> assertNull(cache.get("k"));
      case CONTAINS_KEY -> assertFalse(cache.containsKey("k"));
      case GET_ALL -> assertEquals(Map.of("small", "kept"), cache.getAll(Set.of("k", "small")));
      case ITERATE -> {
        Map<String, String> seen = new HashMap<>();
        cache.forEach(entry -> seen.put(entry.getKey(), entry.getValue()));
        assertEquals(Map.of("small", "kept"), seen);
      }
      case REMOVE -> cache.remove("k");
      case GET_AND_PUT -> {
        assertNull(cache.getAndPut("k", BIG + "2"));
        assertEquals(BIG + "2", cache.get("k"));
      }
    }
  }

  @Test
  void theExpirySweeper_removesAnEntryWhoseBlobIsAFifo_andTheManagerCloses() throws Exception {
    Properties options = new Properties();
    options.setProperty("expirySweepMillis", "50");
    CacheManager manager = cachet.manager(options);
    Cache<String, String> cache = cache(manager, new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(
            TimeUnit.MILLISECONDS, 300))));
    // A listener that wants old values makes the sweeper read each expired entry's value.
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new IgnoreExpired()), null, true, true));
    cache.put("k", BIG);
    Path blob = StoreFixture.onlyBlobFile(root);
    plant(Planted.FIFO, blob);

    cachet.clock().advance(Duration.ofMillis(300));

    assertTimeoutPreemptively(PROMPTLY, cachet::sweep, "the sweep blocked on the FIFO");
    assertEquals(0, StoreFixture.rowCount(root, CACHE), "the sweeper removed the expired entry");
    assertFalse(Files.exists(blob, LinkOption.NOFOLLOW_LINKS), "the blob path is cleared");
  }

  /** Receives expiry events, with old values. */
  static final class IgnoreExpired implements CacheEntryExpiredListener<String, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> expired) {}
  }

  private Cache<String, String> cache(CacheManager manager, MutableConfiguration<String, String> configuration) {
    Cache<String, String> cache = manager.createCache(CACHE, configuration.setTypes(String.class, String.class));
    cache.unwrap(SealedCache.class).registerIntegrityListener(events::add);
    return cache;
  }

  private void plant(Planted planted, Path blob) throws Exception {
    Files.delete(blob);
    switch (planted) {
      case FIFO -> mkfifo(blob);
      case EMPTY_DIRECTORY -> Files.createDirectory(blob);
      case DIRECTORY_WITH_FILES -> {
        Files.createDirectories(blob.resolve("nested"));
        Files.writeString(blob.resolve("nested").resolve("file"), "planted");
        mkfifo(blob.resolve("fifo"));
        Files.createSymbolicLink(blob.resolve("out"), outside);
      }
      case SOCKET -> {
        // Bound at a short path (a socket's path is limited to 107 bytes), then moved into place.
        Path socketFile = outside.resolve("socket");
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
          socket.bind(UnixDomainSocketAddress.of(socketFile));
        }
        Files.move(socketFile, blob);
      }
      case LINK_TO_DEV_ZERO -> Files.createSymbolicLink(blob, Path.of("/dev/zero"));
      case LINK_TO_FIFO -> Files.createSymbolicLink(blob, mkfifo(outside.resolve("fifo")));
    }
    if (planted != Planted.LINK_TO_FIFO) {
      // The same target for every case, so the test can check that nothing outside was deleted.
      mkfifo(outside.resolve("fifo"));
    }
  }

  private static Path mkfifo(Path path) throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo " + path);
    return path;
  }
}
