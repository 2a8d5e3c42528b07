package io.cachet.sealed;

import io.cachet.store.CorruptDatabaseException;
import io.cachet.store.StorageException;
import java.util.function.Supplier;

/**
 * The one rule for what a storage failure means to the operation it strikes, as Ehcache's
 * {@code ResilienceStrategy} decides it in one place:
 * <ul>
 *   <li>a <b>lookup</b> (get, containsKey, getAll, the reads of an iteration) is answered as a miss and logged,
 *       with nothing deleted, so the entry is back once storage recovers: a cache may lack any entry and its
 *       callers then go to the source of truth, whereas an exception would fail a request the cache only
 *       speeds up;</li>
 *   <li><b>housekeeping</b> (orphan sweeps, reclaiming blobs no row names, eviction, access order, deleting a
 *       row a write made obsolete) is logged and never fails the operation it runs in: what it leaves undone,
 *       a later operation or sweep does;</li>
 *   <li>the reads and writes an operation <b>decides</b> on throw a {@link SealedStoreException} naming the
 *       operation and the namespace (unless the storage failure names the namespace itself), which wraps the
 *       storage failure once, so its message survives.</li>
 * </ul>
 * A failure that repeats (the same operation in the same namespace within a minute) is logged once as a
 * WARNING, then at DEBUG until the minute is over. Only storage failures ({@link StorageException}, or one
 * already wrapped as a {@link SealedStoreException}) are classified; anything else, such as a value refused by serialization or a bug, passes through as it is.
 */
public final class FailurePolicy {
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");
  private static final RepeatedWarnings WARNINGS = new RepeatedWarnings(LOG);
  private static final FailurePolicy STORE = new FailurePolicy(null);

  private final String namespace;

  private FailurePolicy(String namespace) {
    this.namespace = namespace;
  }

  /** The policy for operations on one namespace, whose failures name it. */
  public static FailurePolicy forNamespace(String namespace) {
    return new FailurePolicy(namespace);
  }

  /** The policy for operations on the store as a whole, whose failures name no namespace. */
  static FailurePolicy forStore() {
    return STORE;
  }

  /**
   * Runs a lookup: a storage failure is logged and answered with {@code miss}.
   *
   * @param operation what the lookup does, completing "Cannot … namespace", e.g. {@code "read from"}
   */
  public <T> T lookup(String operation, Supplier<T> read, T miss) {
    try {
      return read.get();
    } catch (StorageException | SealedStoreException e) {
      warn(operation, describe(operation, e) + " (answered as a miss)");
      return miss;
    }
  }

  /**
   * Runs a housekeeping job: a storage failure is logged and the operation goes on.
   *
   * @param operation what the job does, completing "Cannot … namespace", e.g. {@code "evict from"}
   * @param leftTo who does it instead, for the log, e.g. {@code "a later write evicts"}
   */
  public void housekeeping(String operation, String leftTo, Runnable job) {
    housekeeping(operation, leftTo, () -> {
      job.run();
      return null;
    }, null);
  }

  /** {@link #housekeeping(String, String, Runnable)} for a job with a result: {@code undone} if it failed. */
  public <T> T housekeeping(String operation, String leftTo, Supplier<T> job, T undone) {
    try {
      return job.get();
    } catch (StorageException | SealedStoreException e) {
      warn(operation, describe(operation, e) + " (" + leftTo + ")");
      return undone;
    }
  }

  private void warn(String operation, String message) {
    WARNINGS.warn(operation + " namespace \"" + namespace + "\"", message, System.nanoTime());
  }

  /**
   * Runs a step the operation decides on: a storage failure becomes one {@link SealedStoreException} naming the
   * operation and the namespace.
   *
   * @param operation what the step does, completing "Cannot … namespace", e.g. {@code "write to"}
   */
  <T> T decisive(String operation, Supplier<T> step) {
    try {
      return step.get();
    } catch (StorageException e) {
      throw decisiveFailure(operation, e);
    }
  }

  /** {@link #decisive(String, Supplier)} for a step without a result. */
  void decisive(String operation, Runnable step) {
    decisive(operation, () -> {
      step.run();
      return null;
    });
  }

  /**
   * What a decisive step's failure is thrown as: a storage failure wrapped once, naming the operation and the
   * namespace; anything else, a {@link SealedStoreException} included, as it is.
   */
  RuntimeException decisiveFailure(String operation, RuntimeException failure) {
    return failure instanceof StorageException storage
        ? new SealedStoreException(describe(operation, storage), storage) : failure;
  }

  /**
   * The failure's message, naming the operation and the namespace unless the failure already names the
   * namespace: a storage failure says what it did, where and why, and is not told twice.
   */
  private String describe(String operation, RuntimeException failure) {
    if (failure instanceof SealedStoreException) {
      return failure.getMessage();
    }
    StorageException storage = (StorageException) failure;
    if (namespace != null && storage.namespace().isPresent()) {
      return explain(storage);
    }
    return "Cannot " + operation + (namespace == null ? "" : " namespace \"" + namespace + "\"") + ": "
        + explain(storage);
  }

  /**
   * A storage failure's message, with what to do about it when the database turned out to be damaged after the
   * open.
   */
  private static String explain(StorageException failure) {
    if (failure instanceof CorruptDatabaseException) {
      return failure.getMessage() + ". Close the cache managers on this root: the next open checks the whole"
          + " database and fails, or with the Cachet option " + SealedStores.QUARANTINE_OPTION + " moves the"
          + " damaged files aside and starts empty.";
    }
    return failure.getMessage();
  }
}
