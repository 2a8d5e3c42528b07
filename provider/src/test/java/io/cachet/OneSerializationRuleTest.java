package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.testing.parties.Box;
import io.cachet.testing.parties.Holder;
import io.cachet.testing.parties.Item;
import io.cachet.testing.parties.Unmarked;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every application class stored must implement {@code java.io.Serializable}, records included, whatever holds
 * it: the same answer at top level, in a field or record component, an array, a mutable or an immutable JDK
 * collection, a map's key or value.
 */
class OneSerializationRuleTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private Cache<Object, Object> cache;

  @BeforeEach
  void open() {
    cache = cachet.manager().createCache("rule", new CachetConfiguration<>()
        .addAllowedClasses("io.cachet.testing.**"));
  }

  static Stream<Arguments> containers() {
    return Stream.of(
        container("top level", element -> element),
        container("record component", Holder::new),
        container("field", Box::new),
        container("array", element -> List.of(new Object[] {element})),
        container("ArrayList", element -> new ArrayList<>(List.of(element))),
        container("HashSet", element -> new HashSet<>(Set.of(element))),
        container("HashMap key", element -> new HashMap<>(Map.of(element, "v"))),
        container("HashMap value", element -> new HashMap<>(Map.of("k", element))),
        container("List.of", List::of),
        container("Set.of", Set::of),
        container("Map.of key", element -> Map.of(element, "v")),
        container("Map.of value", element -> Map.of("k", element)),
        container("Collections.unmodifiableList", element -> Collections.unmodifiableList(
            new ArrayList<>(List.of(element)))),
        container("Collections.unmodifiableSet", element -> Collections.unmodifiableSet(
            new HashSet<>(Set.of(element)))),
        container("Collections.unmodifiableMap", element -> Collections.unmodifiableMap(
            new HashMap<>(Map.of("k", element)))),
        container("Collections.singletonList", Collections::singletonList),
        container("Arrays.asList", element -> Arrays.asList(element, element)),
        container("list in a record in a map", element -> Map.of("k", new Holder(List.of(element)))));
  }

  private static Arguments container(String name, Function<Object, Object> wrap) {
    return Arguments.of(name, wrap);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void aSerializableRecord_isStoredAndReadBack_inAnyContainer(String container, Function<Object, Object> wrap) {
    Object value = wrap.apply(new Item("sku-1"));
    cache.put("k", value);
    Object read = cache.get("k");
    assertEquals(value instanceof Object[] array ? List.of(array) : value,
        read instanceof Object[] array ? List.of(array) : read);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void aRecordThatIsNotSerializable_isRefused_inAnyContainer_namingIt(String container,
      Function<Object, Object> wrap) {
    cache.put("k", "before");
    Object value = wrap.apply(new Unmarked("text"));

    CacheException failure = assertThrows(CacheException.class, () -> cache.put("k", value));

    assertTrue(failure.getMessage().contains(Unmarked.class.getName()), failure.getMessage());
    assertTrue(failure.getMessage().contains("does not implement java.io.Serializable"), failure.getMessage());
    assertEquals("before", cache.get("k"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void aKeyHoldingARecordThatIsNotSerializable_isRefused_inAnyContainer(String container,
      Function<Object, Object> wrap) {
    Object key = wrap.apply(new Unmarked("text"));
    CacheException failure = assertThrows(CacheException.class, () -> cache.put(key, "v"));
    assertTrue(failure.getMessage().contains(Unmarked.class.getName()), failure.getMessage());
    assertNull(cache.get("k"));
  }
}
