package io.cachet.sealed;

/** Told how far an audit has come, for a progress display; called from the auditing thread. */
@FunctionalInterface
public interface AuditProgress {
  /** Shows nothing. */
  AuditProgress NONE = (cache, checked, rows) -> { };

  /**
   * @param cache the cache being audited
   * @param checked its rows checked so far
   * @param rows its rows to check
   */
  void checked(String cache, long checked, long rows);
}
