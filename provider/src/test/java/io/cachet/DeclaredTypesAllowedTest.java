package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.testing.parties.Address;
import io.cachet.testing.parties.Item;
import io.cachet.testing.parties.Line;
import io.cachet.testing.parties.Note;
import io.cachet.testing.shop.Order;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The classes a cache's configured key and value types declare (fields, record components, array components,
 * generic type arguments, recursively) are allowed without allowedClasses; what they do not declare is not.
 */
class DeclaredTypesAllowedTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();

  @Test
  void aTypedCache_storesTheClassesItsValueTypeDeclares_fromAnotherPackage() {
    Cache<String, Order> orders = cachet.manager().createCache("orders", new MutableConfiguration<String, Order>()
        .setTypes(String.class, Order.class));
    Order order = new Order("o-1", new Address("Lyon"), List.of(new Item("a")), Map.of("x", new Line(1)), null);

    orders.put("k", order);

    assertEquals(order, orders.get("k"));
  }

  @Test
  void aClassOnlyInAFieldDeclaredAsObject_isStillRefused_namingItsPath() {
    Cache<String, Order> orders = cachet.manager().createCache("orders", new MutableConfiguration<String, Order>()
        .setTypes(String.class, Order.class));
    Order order = new Order("o-1", null, List.of(), Map.of(), new Note("gift"));

    String message = assertThrows(CacheException.class, () -> orders.put("k", order)).getMessage();

    assertTrue(message.contains("\n  value.note → " + Note.class.getName() + ": it is not in the class allow-list"),
        message);
  }

  @Test
  void theGraph_followsComponentsFieldsArraysAndTypeArguments_butNotObjectInterfacesOrJdkClasses() {
    assertEquals(Set.of(Order.class.getName(), Address.class.getName(), Item.class.getName(),
        Line.class.getName()), DeclaredTypeGraph.classNames(List.of(String.class, Order.class)));
    assertEquals(Set.of(Catalogue.class.getName(), Item.class.getName(), Address.class.getName(),
        Line.class.getName(), Note.class.getName()), DeclaredTypeGraph.classNames(List.of(Catalogue.class)));
  }

  @Test
  void theGraph_ofJdkTypes_isEmpty() {
    assertEquals(Set.of(), DeclaredTypeGraph.classNames(List.of(String.class, Object.class, Map.class,
        long[].class)));
  }

  /** Reaches its classes through an array, a superclass, nested type arguments and an Optional. */
  static final class Catalogue extends Shelf {
    private static final long serialVersionUID = 1L;
    Item[] items;
    Map<String, List<Address>> addresses;
    Optional<Note> note;
    Comparable<?> ignoredWildcard;
    Serializable ignoredInterface;
    static Unlisted ignoredStatic;
    transient Unlisted ignoredTransient;
  }

  /** An abstract superclass: not itself a class a value has, but its fields are the subclass's. */
  abstract static class Shelf implements Serializable {
    private static final long serialVersionUID = 1L;
    Line line;
  }

  /** Reached only through a static or a transient field, which are never serialized. */
  record Unlisted(int n) implements Serializable {}
}
