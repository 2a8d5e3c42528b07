package io.cachet.sealed;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Another process holding a root's database: takes SQLite's write lock with {@code BEGIN EXCLUSIVE}, prints
 * LOCKED, holds it for the given milliseconds, then commits and prints RELEASED.
 *
 * <p>Arguments: the database file, the milliseconds to hold the lock.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA busy_timeout = 10000");
      statement.execute("BEGIN EXCLUSIVE");
      System.out.println("LOCKED");
      System.out.flush();
      Thread.sleep(Long.parseLong(args[1]));
      statement.execute("COMMIT");
      System.out.println("RELEASED");
    }
  }
}
