package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.StoreFixture;
import io.cachet.store.StoredRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every bad input gets the JCache-specified exception and leaves what is stored untouched. */
class BadInputTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private Path root;

  private CachetCachingProvider provider;
  private CacheManager manager;
  private Cache<String, String> cache;

  @BeforeEach
  void open() {
    root = cachet.root();
    provider = cachet.provider();
    manager = cachet.manager();
    cache = manager.createCache("books",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("k", "stored");
  }

  @Test
  void nullKeysAndValues_throwNullPointerException_andKeepStoredValue() {
    assertThrows(NullPointerException.class, () -> cache.put(null, "v"));
    assertThrows(NullPointerException.class, () -> cache.put("k", null));
    assertThrows(NullPointerException.class, () -> cache.get(null));
    assertThrows(NullPointerException.class, () -> cache.getAndPut("k", null));
    assertThrows(NullPointerException.class, () -> cache.putIfAbsent("k", null));
    assertThrows(NullPointerException.class, () -> cache.replace("k", null));
    assertThrows(NullPointerException.class, () -> cache.replace("k", "stored", null));
    assertThrows(NullPointerException.class, () -> cache.remove("k", null));
    assertThrows(NullPointerException.class, () -> cache.getAll(null));
    Set<String> withNull = new HashSet<>();
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> cache.getAll(withNull));
    assertThrows(NullPointerException.class, () -> cache.removeAll(withNull));
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("k", null);
    assertThrows(NullPointerException.class, () -> cache.putAll(nullValue));
    assertThrows(NullPointerException.class, () -> cache.invoke("k", null));
    assertEquals("stored", cache.get("k"));
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void wrongTypes_throwClassCastException_andKeepStoredValue() {
    Cache raw = cache;
    assertThrows(ClassCastException.class, () -> raw.put(42, "v"));
    assertThrows(ClassCastException.class, () -> raw.put("k", 42));
    assertThrows(ClassCastException.class, () -> raw.getAndPut("k", 42));
    assertThrows(ClassCastException.class, () -> raw.putIfAbsent(7, "v"));
    assertThrows(ClassCastException.class, () -> manager.getCache("books", Long.class, String.class));
    assertEquals("stored", cache.get("k"));
  }

  @Test
  void closedCache_throwsIllegalStateException() {
    cache.close();
    assertTrue(cache.isClosed());
    assertThrows(IllegalStateException.class, () -> cache.get("k"));
    assertThrows(IllegalStateException.class, () -> cache.put("k", "v"));
    assertThrows(IllegalStateException.class, () -> cache.iterator());
  }

  @Test
  void closedManager_throwsIllegalStateException_andDataSurvivesReopen() {
    manager.close();
    assertThrows(IllegalStateException.class, () -> manager.getCache("books"));
    assertThrows(IllegalStateException.class, () -> manager.createCache("other", new MutableConfiguration<>()));
    assertThrows(IllegalStateException.class, () -> cache.get("k"));

    CacheManager reopened = provider.getCacheManager(root.toUri(), getClass().getClassLoader());
    Cache<String, String> again = reopened.createCache("books",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    assertEquals("stored", again.get("k"));
  }

  @Test
  void unserializableValue_throwsCacheExceptionNamingTheClass_andKeepsPreviousValue() {
    Cache<String, Object> objects = manager.createCache("objects", new MutableConfiguration<>());
    objects.put("k", "before");
    CacheException failure = assertThrows(CacheException.class, () -> objects.put("k", new NotSerializable()));
    assertTrue(failure.getMessage().contains(NotSerializable.class.getName()), failure.getMessage());
    assertEquals("before", objects.get("k"));
  }

  @Test
  void putAll_withOneUnserializableValue_storesNone_andKeepsEveryPreviousValueAndBlob() throws Exception {
    Cache<String, Object> objects = manager.createCache("objects", new MutableConfiguration<>());
    objects.put("small", "before");
    objects.put("big", new byte[150_000]);
    Set<Path> blobsBefore = blobFiles();
    Map<String, Object> batch = new LinkedHashMap<>();
    batch.put("small", "after");
    batch.put("big", new byte[160_000]);
    batch.put("new", new byte[170_000]);
    batch.put("bad", new NotSerializable());

    CacheException failure = assertThrows(CacheException.class, () -> objects.putAll(batch));

    assertTrue(failure.getMessage().contains(NotSerializable.class.getName()), failure.getMessage());
    assertEquals("before", objects.get("small"));
    assertEquals(150_000, ((byte[]) objects.get("big")).length);
    assertFalse(objects.containsKey("new"));
    assertEquals(blobsBefore, blobFiles(), "the blobs written for the batch are gone again");
  }

  private Set<Path> blobFiles() throws IOException {
    try (Stream<Path> files = Files.walk(root.resolve("blobs"))) {
      return files.filter(Files::isRegularFile).collect(Collectors.toSet());
    }
  }

  @Test
  void unserializableKey_throwsCacheExceptionNamingTheClass() {
    Cache<Object, String> objects = manager.createCache("objects", new MutableConfiguration<>());
    CacheException failure = assertThrows(CacheException.class, () -> objects.put(new NotSerializable(), "v"));
    assertTrue(failure.getMessage().contains(NotSerializable.class.getName()), failure.getMessage());
  }

  @Test
  void aKeyOverTheMaximumKeySize_throwsCacheExceptionNamingSizeAndLimit_andStoresNothing() throws Exception {
    String huge = "k".repeat(StoredRow.MAX_KEY_BYTES + 1);

    CacheException failure = assertThrows(CacheException.class, () -> cache.put(huge, "v"));

    assertTrue(failure.getMessage().contains("maximum key size of " + StoredRow.MAX_KEY_BYTES + " bytes"),
        failure.getMessage());
    assertTrue(failure.getMessage().contains(" bytes exceeds"), failure.getMessage());
    assertEquals(1, StoreFixture.rowCount(root, "books"));
    assertEquals("stored", cache.get("k"));
  }

  @Test
  void storeByReference_isRefusedWithUnsupportedOperationException() {
    assertThrows(UnsupportedOperationException.class,
        () -> manager.createCache("byRef", new MutableConfiguration<>().setStoreByValue(false)));
    assertEquals(null, manager.getCache("byRef"));
  }

  @Test
  void createCache_twice_throwsCacheException() {
    assertThrows(CacheException.class, () -> manager.createCache("books", new MutableConfiguration<>()));
    assertEquals("stored", cache.get("k"));
  }

  /** A value class Cachet must refuse: it does not implement Serializable. */
  static final class NotSerializable {
    final Thread thread = Thread.currentThread();
  }
}
