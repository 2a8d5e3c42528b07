package io.cachet.serial;

/**
 * A class refused in an object graph, and where: {@code value.address}, {@code value.items[2]},
 * {@code key.owner}, {@code value.lines[0].value} (a map's first entry's value, in iteration order).
 *
 * @param path where the class was first met, from the root {@code value} or {@code key}
 * @param className the binary name of the refused class (the element class, for an array)
 * @param reason why it is refused, e.g. "it does not implement java.io.Serializable"
 * @param declaredOnly whether the class is only a declared field type there (a null field of a final class,
 *     which the serializer prepares for even when empty)
 * @param elsewhere how many other places in the graph hold the class
 */
public record RefusedClass(String path, String className, String reason, boolean declaredOnly, int elsewhere)
    implements java.io.Serializable {}
