package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.testing.parties.Address;
import io.cachet.testing.parties.Item;
import io.cachet.testing.parties.Line;
import io.cachet.testing.parties.Note;
import io.cachet.testing.parties.Unmarked;
import io.cachet.testing.shop.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A refused put names every refused class of the value or key at once, each with its path in the object graph,
 * and says where the allow-list is set; allowing exactly the classes named then lets the put through.
 */
class SerializationRefusalTest {
  private static final Order ORDER = new Order("o-1", null, List.of(new Item("a"), new Item("b"), new Item("c")),
      Map.of("first", new Line(2)), null);

  @RegisterExtension final CachetFixture cachet = new CachetFixture();

  @Test
  void aRefusedValue_namesEveryRefusedClass_withItsPath_includingTheDeclaredTypeOfANullField() {
    Cache<String, Object> orders = cachet.manager().createCache("orders", new CachetConfiguration<String, Object>()
        .addAllowedClasses(Order.class.getName()));

    CacheException failure = assertThrows(CacheException.class, () -> orders.put("k", ORDER));

    String message = failure.getMessage();
    assertTrue(message.contains("Cannot store value of class " + Order.class.getName()
        + ": 3 classes in its object graph are refused:"), message);
    assertTrue(message.contains("\n  value.address → " + Address.class.getName()
        + " (the declared type of a null field): it is not in the class allow-list\n"), message);
    assertTrue(message.contains("\n  value.items[0] → " + Item.class.getName()
        + ": it is not in the class allow-list (and 2 more places)\n"), message);
    assertTrue(message.contains("\n  value.lines[0].value → " + Line.class.getName()
        + ": it is not in the class allow-list\n"), message);
    assertNull(orders.get("k"));
  }

  @Test
  void aRefusal_saysTheThreePlacesToSetAllowedClasses() {
    Cache<String, Object> orders = cachet.manager().createCache("orders", new MutableConfiguration<>());

    String message = assertThrows(CacheException.class, () -> orders.put("k", new Note("n"))).getMessage();

    assertTrue(message.contains("io.cachet.testing.parties.Note, io.cachet.testing.parties.* (its package) or"
        + " io.cachet.testing.parties.** (its package tree)"), message);
    assertTrue(message.contains("allowedClasses=... in its options file or in the properties passed to"
        + " getCacheManager"), message);
    assertTrue(message.contains("cache.<cache name>.allowedClasses=..."), message);
    assertTrue(message.contains("the system property cachet.allowedClasses"), message);
    assertTrue(message.contains("CachetConfiguration.addAllowedClasses(...)"), message);
  }

  @Test
  void allowingTheClassesARefusalNames_letsThePutThrough_atTheNextAttempt() {
    Cache<String, Object> orders = cachet.manager().createCache("orders", new CachetConfiguration<String, Object>()
        .addAllowedClasses(Order.class.getName(), Address.class.getName(), Item.class.getName(),
            Line.class.getName()));

    orders.put("k", ORDER);

    assertEquals(ORDER, orders.get("k"));
  }

  @Test
  void aRefusal_namesClassesOutsideTheAllowListAndClassesThatAreNotSerializable_together() {
    Cache<String, Object> orders = cachet.manager().createCache("orders", new CachetConfiguration<String, Object>()
        .addAllowedClasses(Order.class.getName(), Unmarked.class.getName()));
    Order order = new Order("o-2", new Address("Lyon"), List.of(), Map.of(), new Unmarked("gift"));

    String message = assertThrows(CacheException.class, () -> orders.put("k", order)).getMessage();

    assertTrue(message.contains("\n  value.address → " + Address.class.getName()
        + ": it is not in the class allow-list\n"), message);
    assertTrue(message.contains("\n  value.note → " + Unmarked.class.getName()
        + ": it does not implement java.io.Serializable\n"), message);
    assertTrue(message.contains("A class that does not implement java.io.Serializable cannot be stored until it"
        + " does; allow a class outside the allow-list with the allowedClasses option"), message);
  }

  @Test
  void aRefusedKey_namesTheRefusedClass_withItsPathFromTheKey() {
    Cache<Object, String> orders = cachet.manager().createCache("orders", new MutableConfiguration<>());
    List<Object> key = new ArrayList<>(List.of("customer", new Note("n")));

    String message = assertThrows(CacheException.class, () -> orders.put(key, "v")).getMessage();

    assertTrue(message.contains("\n  key[1] → " + Note.class.getName() + ": it is not in the class allow-list"),
        message);
  }

  @Test
  void aValueRefusedAtItsRoot_isNamedInOneLine() {
    Cache<String, Object> orders = cachet.manager().createCache("orders", new MutableConfiguration<>());

    String message = assertThrows(CacheException.class, () -> orders.put("k", new Note("n"))).getMessage();

    assertTrue(message.contains("Cannot store value of class " + Note.class.getName()
        + ": it is not in the class allow-list; allow it with the allowedClasses option: "), message);
    assertFalse(message.contains("\n"), message);
  }
}
