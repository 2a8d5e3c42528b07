package io.cachet.store;

/**
 * Counters of the changes made to each key's row, shared by every process using a store and read without a
 * query: what lets a process keep verified entries in memory and tell, on every hit, that no writer has changed
 * them since. Keys share counters (a hash picks one of a fixed number of slots), which costs needless misses,
 * never a missed change.
 *
 * <p>Every change of a row is bracketed: {@link #beginChange} before it is made, {@link #endChange} once it
 * committed, failed or was abandoned. A change known only after its commit (an eviction) is told with
 * {@link #changed}. A reader takes its {@link #stamp} before loading a row and keeps it with what it loaded;
 * what it keeps is current for as long as {@link #current} says so, since every change that commits after the
 * stamp was taken began after it. A process killed inside a bracket leaves its slot changing, and so uncached,
 * until the store is next opened by a process alone.
 *
 * <p>Thread-safe. Whoever can write the store's files can reset a counter and keep a process serving what it
 * verified after another process replaced it; {@link #NONE} is for stores that cannot offer counters.
 */
public interface ChangeCounters extends AutoCloseable {
  /** A stamp that is never current: the key may be changing, or there are no counters. */
  long UNSTABLE = -1;

  /** Counters that never give a current stamp: nothing read is kept. */
  ChangeCounters NONE = new ChangeCounters() {
    @Override
    public long stamp(String namespace, String cacheKey) {
      return UNSTABLE;
    }

    @Override
    public boolean current(String namespace, String cacheKey, long stamp) {
      return false;
    }

    @Override
    public long beginChange(String namespace, String cacheKey) {
      return UNSTABLE;
    }

    @Override
    public long endChange(String namespace, String cacheKey, long token) {
      return UNSTABLE;
    }

    @Override
    public void changed(String namespace, String cacheKey) {}

    @Override
    public long nextGeneration(long floor) {
      return floor;
    }

    @Override
    public void beginChangeOfAll() {}

    @Override
    public void endChangeOfAll() {}

    @Override
    public void close() {}
  };

  /** The key's stamp to keep with a row loaded after this call, or {@link #UNSTABLE} while a change of it is under way. */
  long stamp(String namespace, String cacheKey);

  /** Whether no change of the key has begun since the stamp was taken; false for {@link #UNSTABLE}. */
  boolean current(String namespace, String cacheKey, long stamp);

  /**
   * A change of the key's row begins.
   *
   * @return the token to end it with
   */
  long beginChange(String namespace, String cacheKey);

  /**
   * The change begun with the token ended.
   *
   * @return the stamp under which the writer may keep what it wrote, or {@link #UNSTABLE} if another change of
   *     the slot was under way when it began or began since: only then is its write known to be the last
   */
  long endChange(String namespace, String cacheKey, long token);

  /** A change of the key's row committed without a bracket. */
  void changed(String namespace, String cacheKey);

  /**
   * The next value of a sequence shared by every process using the store: larger than every value it gave any
   * of them before, and at least {@code floor}. Without shared counters ({@link #NONE}), {@code floor} itself.
   */
  long nextGeneration(long floor);

  /**
   * Whether the error is the JVM's report of a fault in these counters' memory (its file shortened under the
   * mapping), which the JVM may raise a little after the access that faulted; the counters then give no current
   * stamp any more.
   */
  default boolean faulted(InternalError error) {
    return false;
  }

  /** A change of every row begins (a namespace cleared or destroyed); {@link #endChangeOfAll} ends it. */
  void beginChangeOfAll();

  /** Ends what {@link #beginChangeOfAll} began. */
  void endChangeOfAll();

  @Override
  void close();
}
