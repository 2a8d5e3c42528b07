package io.cachet;

/**
 * How a cache tells a current entry from an older one put back in its store (an earlier value of a key, or
 * the last value of a removed one): the {@code replayDetection} option.
 */
public enum ReplayDetection {
  /**
   * Each process remembers the newest write it read, wrote or removed of each key (up to 65,536 keys per cache)
   * and refuses anything older. Costs nothing per write; an older row put back is served to a process that
   * never saw a newer write of its key, and after a restart.
   */
  PROCESS,
  /**
   * The cache keeps a signed ledger of its writes in the store, shared by every process: an older row put back
   * is refused by every process sharing the root at its next read, and one put back while nothing ran by the
   * next open. Costs one more row update and journal row per write transaction. Once a cache has a ledger,
   * every process keeps it, whatever it is configured with.
   */
  SHARED
}
