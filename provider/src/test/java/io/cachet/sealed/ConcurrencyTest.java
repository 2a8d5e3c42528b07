package io.cachet.sealed;

import static io.cachet.sealed.StoreFixture.bigString;
import static io.cachet.sealed.StoreFixture.blobFiles;
import static io.cachet.sealed.StoreFixture.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JCache callers use a namespace from many threads, and from two stores on one root. */
class ConcurrencyTest {
  @TempDir Path root;

  @Test
  void readsNeverMissAnEntry_whileOtherThreadsAndStoresOverwriteIt_inlineOrBlob() throws Exception {
    SealedStore first = open(root);
    SealedStore second = open(root);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      SealedNamespace a = first.attach("shared", Options.defaults());
      SealedNamespace b = second.attach("shared", Options.defaults());
      List<StoredKey> keys = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        StoredKey key = a.key("key-" + k);
        keys.add(key);
        a.write(key, "initial", 1, SealedEntry.ETERNAL);
      }
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        SealedNamespace namespace = t % 2 == 0 ? a : b;
        boolean writer = t < 4;
        int thread = t;
        tasks.add(pool.submit(() -> {
          for (int i = 0; i < 150; i++) {
            StoredKey key = keys.get((thread + i) % keys.size());
            if (writer) {
              Object value = i % 2 == 0 ? "small-" + i : bigString(2000 + i);
              namespace.write(key, value, i, SealedEntry.ETERNAL);
            } else {
              assertNotNull(namespace.read(key), "a present entry must never read as a miss");
            }
          }
          return null;
        }));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
      for (StoredKey key : keys) {
        assertNotNull(a.read(key));
      }
      assertTrue(blobFiles(root).size() <= keys.size(), "superseded blobs are deleted");
      assertEquals(keys.size(), a.keys().size());
    } finally {
      pool.shutdownNow();
      first.close();
      second.close();
    }
  }
}
