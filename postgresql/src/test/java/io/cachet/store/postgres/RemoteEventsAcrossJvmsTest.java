package io.cachet.store.postgres;

import static io.cachet.store.postgres.RecordingListener.next;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cachet.testing.ChildJvm;
import io.cachet.testing.SharedStoreServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs as two hosts of one schema: each one's listeners hear the other's changes. */
class RemoteEventsAcrossJvmsTest {
  @TempDir
  Path temp;

  @Test
  void eachJvmsListener_hearsTheOtherJvmsChanges() throws Exception {
    String schema = "events_jvms";
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(temp.resolve("host-a").toUri(),
        getClass().getClassLoader(), TwoHosts.options(schema))) {
      Cache<String, String> cache = manager.createCache("books", TwoHosts.strings());
      cache.registerCacheEntryListener(RecordingListener.registration("parent", false));
      Path childRoot = temp.resolve("host-b");
      Files.createDirectories(childRoot);
      Files.copy(temp.resolve("host-a").resolve(TwoHosts.KEY_FILE), childRoot.resolve(TwoHosts.KEY_FILE),
          StandardCopyOption.COPY_ATTRIBUTES);
      try (ChildJvm child = ChildJvm.start("host-b", temp.resolve("logs"), ChildJvm.java(RemoteEventsChild.class,
          SharedStoreServers.postgresUrl(), schema, childRoot.toString()))) {
        child.awaitLine("listening");
        assertEquals("CREATED from-child c", next("parent"));
        cache.put("k", "v1");
        child.awaitLine("CREATED k v1");
        cache.put("k", "v2");
        child.awaitLine("UPDATED k v2");
        cache.remove("k");
        child.awaitLine("REMOVED k null");
      }
    }
  }
}
