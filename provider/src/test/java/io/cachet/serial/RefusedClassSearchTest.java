package io.cachet.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cachet.testing.parties.Box;
import io.cachet.testing.parties.Item;
import io.cachet.testing.parties.Unmarked;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search behind a refused write: every refused class once, with its first path, on any graph shape. */
class RefusedClassSearchTest {
  private final ClassFilter parties = ClassFilter.withDefaults(List.of("io.cachet.testing.**"));

  @Test
  void encode_ofACyclicGraph_namesTheRefusedClass_andEnds() {
    List<Object> cyclic = new ArrayList<>();
    cyclic.add(new Unmarked("a"));
    cyclic.add(cyclic);

    SerializationException failure = assertThrows(SerializationException.class,
        () -> new KryoValueCodec(getClass().getClassLoader(), parties).encode(cyclic));

    assertEquals(List.of(new RefusedClass("value[0]", Unmarked.class.getName(), RefusalMessage.NOT_SERIALIZABLE,
        false, 0)), failure.refusedClasses());
  }

  @Test
  void search_reportsEachClassOnce_atItsFirstPath_countingTheOtherPlaces() {
    Object graph = List.of(new Box(Map.of("k", new Unmarked("a"))), new Unmarked("b"), new Item("i"));

    List<RefusedClass> found = RefusedClassSearch.in(graph, "value", ClassFilter.withDefaults(List.of(
        Box.class.getName())));

    assertEquals(List.of(
        new RefusedClass("value[0].content[0].value", Unmarked.class.getName(), RefusalMessage.NEITHER, false, 1),
        new RefusedClass("value[2]", Item.class.getName(), RefusalMessage.NOT_ALLOWED, false, 0)), found);
  }

  @Test
  void search_findsNothing_inAGraphTheFilterAllows() {
    assertEquals(List.of(), RefusedClassSearch.in(List.of(new Box(new Item("i")), Map.of("k", 1)), "value",
        parties));
  }
}
