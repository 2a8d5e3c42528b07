package io.cachet.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputFilter.Status;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaStreamFilterTest {
  private static final ClassFilter THIS_PACKAGE = ClassFilter.withDefaults(List.of("io.cachet.serial.*"));
  private static final long STREAM_LENGTH = 1_000;

  private final JavaStreamFilter filter = new JavaStreamFilter(THIS_PACKAGE, STREAM_LENGTH);

  /** What ObjectInputStream tells its filter about one step of the stream. */
  record Step(Class<?> serialClass, long arrayLength, long depth, long references, long streamBytes)
      implements ObjectInputFilter.FilterInfo {
    static Step of(Class<?> type) {
      return new Step(type, -1, 1, 1, 10);
    }
  }

  /** A linked chain Java serialization must restore, so nesting goes as deep as the chain is long. */
  static final class HookedNode implements Serializable {
    private static final long serialVersionUID = 1L;
    HookedNode next;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
    }
  }

  @Test
  void checkInput_refusesClassOutsideTheClassFilter_namingIt() {
    RefusedClassException refused = assertThrows(RefusedClassException.class,
        () -> filter.checkInput(Step.of(URL.class)));

    assertEquals("java.net.URL", refused.className());
  }

  @Test
  void checkInput_refusesArrayOfClassOutsideTheClassFilter() {
    assertEquals("java.net.URL",
        assertThrows(RefusedClassException.class, () -> filter.checkInput(Step.of(URL[][].class))).className());
  }

  @Test
  void checkInput_allowsFilteredClasses_primitiveArrays_andStepsWithoutAClass() {
    assertEquals(Status.ALLOWED, filter.checkInput(Step.of(HookedNode.class)));
    assertEquals(Status.ALLOWED, filter.checkInput(Step.of(int[].class)));
    assertEquals(Status.ALLOWED, filter.checkInput(new Step(null, -1, 2, 5, 40)));
  }

  @Test
  void checkInput_rejects_depthReferencesArrayLengthOrBytes_beyondTheirLimits() {
    int depth = JavaStreamFilter.MAX_DEPTH;
    assertEquals(Status.ALLOWED, filter.checkInput(new Step(byte[].class, STREAM_LENGTH, depth, 1_000, 1_000)));
    assertEquals(Status.REJECTED, filter.checkInput(new Step(null, -1, depth + 1, 1, 10)));
    assertEquals(Status.REJECTED, filter.checkInput(new Step(null, -1, 1, STREAM_LENGTH + 1, 10)));
    assertEquals(Status.REJECTED, filter.checkInput(new Step(byte[].class, STREAM_LENGTH + 1, 1, 1, 10)));
    assertEquals(Status.REJECTED, filter.checkInput(new Step(null, -1, 1, 1, STREAM_LENGTH + 1)));
  }

  @Test
  void decode_refusesJavaSerializedGraph_deeperThanTheStreamLimit() throws Exception {
    KryoValueCodec codec = new KryoValueCodec(getClass().getClassLoader(), THIS_PACKAGE);
    HookedNode head = new HookedNode();
    for (int i = 0; i < JavaStreamFilter.MAX_DEPTH; i++) {
      HookedNode node = new HookedNode();
      node.next = head;
      head = node;
    }
    byte[] stored = codec.encode(head);

    UndecodableException failure = assertThrows(UndecodableException.class, () -> codec.decode(stored));

    assertFalse(failure instanceof ClassNotAllowedException);
    assertTrue(causedBy(failure, InvalidClassException.class), "not refused by the stream filter: " + failure);
  }

  @Test
  void decode_readsJavaSerializedGraph_withinTheStreamLimit() throws Exception {
    KryoValueCodec codec = new KryoValueCodec(getClass().getClassLoader(), THIS_PACKAGE);
    HookedNode head = new HookedNode();
    head.next = new HookedNode();

    HookedNode copy = (HookedNode) codec.decode(codec.encode(head));

    assertEquals(HookedNode.class, copy.next.getClass());
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }
}
