package io.cachet.serial;

import java.util.List;

/** The words of a serialization refusal: what was refused, where, and how to allow a class. */
final class RefusalMessage {
  static final String NOT_ALLOWED = "it is not in the class allow-list";
  static final String NOT_SERIALIZABLE = "it does not implement java.io.Serializable";
  static final String NEITHER = NOT_ALLOWED + " and does not implement java.io.Serializable";

  /** The three places an application sets the allow-list, one for the whole manager, one per cache. */
  private static final String WHERE_TO_ALLOW = "in the cache manager's options (allowedClasses=... in its options"
      + " file or in the properties passed to getCacheManager, cache.<cache name>.allowedClasses=... there for"
      + " one cache), in the system property cachet.allowedClasses, or for one cache in code with"
      + " CachetConfiguration.addAllowedClasses(...)";

  private RefusalMessage() {}

  /** The reason for one class, with how to allow it if the allow-list refused it. */
  static String reason(String className, String reason) {
    if (reason.equals(NOT_SERIALIZABLE)) {
      return reason;
    }
    return reason + "; allow it with the allowedClasses option: " + patterns(className) + ", " + WHERE_TO_ALLOW;
  }

  /**
   * One class at the root: it and its reason. Otherwise the root's class, then each refused class on a line of
   * its own with its path, then what to do.
   */
  static String describe(String rootClass, List<RefusedClass> refused) {
    RefusedClass first = refused.get(0);
    if (refused.size() == 1 && atRoot(first.path()) && first.elsewhere() == 0 && !first.declaredOnly()) {
      return first.className() + ": " + reason(first.className(), first.reason());
    }
    StringBuilder text = new StringBuilder(rootClass).append(": ").append(refused.size())
        .append(refused.size() == 1 ? " class in its object graph is refused:" : " classes in its object graph"
            + " are refused:");
    RefusedClass firstNotAllowed = null;
    boolean notSerializable = false;
    for (RefusedClass each : refused) {
      text.append("\n  ").append(each.path()).append(" → ").append(each.className());
      if (each.declaredOnly()) {
        text.append(" (the declared type of a null field)");
      }
      text.append(": ").append(each.reason());
      if (each.elsewhere() > 0) {
        text.append(" (and ").append(each.elsewhere()).append(each.elsewhere() == 1 ? " more place)" : " more places)");
      }
      if (firstNotAllowed == null && !each.reason().equals(NOT_SERIALIZABLE)) {
        firstNotAllowed = each;
      }
      notSerializable |= !each.reason().equals(NOT_ALLOWED);
    }
    text.append('\n');
    if (notSerializable) {
      text.append("A class that does not implement java.io.Serializable cannot be stored until it does");
      text.append(firstNotAllowed == null ? "." : "; ");
    }
    if (firstNotAllowed != null) {
      text.append(notSerializable ? "allow" : "Allow").append(" a class outside the allow-list with the"
          + " allowedClasses option — e.g. ").append(patterns(firstNotAllowed.className())).append(" — ")
          .append(WHERE_TO_ALLOW).append('.');
    }
    return text.toString();
  }

  /** Whether the path is the root itself ({@code value} or {@code key}), not a place inside it. */
  private static boolean atRoot(String path) {
    return path.chars().allMatch(Character::isLetter);
  }

  /** The class, its package and its package tree, as allowedClasses patterns. */
  private static String patterns(String className) {
    int nested = className.indexOf('$');
    String outer = nested < 0 ? className : className.substring(0, nested);
    int lastDot = outer.lastIndexOf('.');
    String pkg = lastDot < 0 ? outer : outer.substring(0, lastDot);
    return outer + ", " + pkg + ".* (its package) or " + pkg + ".** (its package tree)";
  }
}
