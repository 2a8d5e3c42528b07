package io.cachet.serial;

import java.io.ObjectInputFilter;

/**
 * The {@link ObjectInputFilter} on every Java serialization stream Cachet reads: each class in the stream must
 * pass the {@link ClassFilter}, and depth, references, array lengths and bytes stay within the stream's size.
 */
final class JavaStreamFilter implements ObjectInputFilter {
  // Deeper than any cached value's own nesting, shallow enough to refuse before the thread's stack overflows:
  // a chain of objects with readObject hooks overflowed a default (1 MiB) thread stack at depth 634 on Java 17
  // and 435 on Java 25, read before any of it was compiled. (A stack overflow is still caught as undecodable.)
  static final int MAX_DEPTH = 300;

  private final ClassFilter classes;
  private final long streamLength;

  JavaStreamFilter(ClassFilter classes, long streamLength) {
    this.classes = classes;
    this.streamLength = streamLength;
  }

  @Override
  public Status checkInput(FilterInfo info) {
    Class<?> type = info.serialClass();
    if (type != null && !classes.allows(type)) {
      // The stream wraps this in an InvalidClassException; the codec finds it in the causes and names the class.
      throw new RefusedClassException(type);
    }
    // Every array element and every reference takes at least one stream byte, so the stream's own length bounds
    // them: a forged length cannot make the reader allocate more than the payload could hold.
    boolean withinLimits = info.depth() <= MAX_DEPTH && info.references() <= streamLength
        && info.arrayLength() <= streamLength && info.streamBytes() <= streamLength;
    return withinLimits ? Status.ALLOWED : Status.REJECTED;
  }
}
