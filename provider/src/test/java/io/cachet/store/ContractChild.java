package io.cachet.store;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.List;

/**
 * The second process of the contract suites: opens the store of a concrete suite on the same location, through
 * that suite's own factory method, and does one thing with it.
 */
public final class ContractChild {
  private ContractChild() {}

  /**
   * Arguments: the concrete suite's class name, the location, then one of {@code hold <namespace> <key>} (lock
   * the key, print "held", wait to be killed), {@code close <namespace> <key>} (lock the key, close the locks
   * without releasing the hold, print "closed", wait to be killed) or {@code increment <namespace> <key> <n>}
   * (increment the key's counter n times, then exit).
   */
  public static void main(String[] args) throws Exception {
    Object suite = suite(args[0]);
    Path location = Path.of(args[1]);
    String namespace = args[3];
    String key = args[4];
    switch (args[2]) {
      case "hold" -> {
        ((EntryLocksContract) suite).open(location).lock(namespace, List.of(key));
        waitToBeKilled("held");
      }
      case "close" -> {
        EntryLocks locks = ((EntryLocksContract) suite).open(location);
        locks.lock(namespace, List.of(key));
        locks.close();
        waitToBeKilled("closed");
      }
      case "increment" -> {
        try (EntryStore store = ((EntryStoreContract) suite).open(location)) {
          for (int i = Integer.parseInt(args[5]); i > 0; i--) {
            EntryStoreContract.increment(store, namespace, key);
          }
        }
      }
      default -> throw new IllegalArgumentException("Unknown action " + args[2]);
    }
  }

  private static Object suite(String className) throws ReflectiveOperationException {
    Constructor<?> constructor = Class.forName(className).getDeclaredConstructor();
    constructor.setAccessible(true);
    return constructor.newInstance();
  }

  private static void waitToBeKilled(String line) throws InterruptedException {
    System.out.println(line);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
