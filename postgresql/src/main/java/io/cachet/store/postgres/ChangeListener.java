package io.cachet.store.postgres;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on a change channel on a connection of its own (not the pool's: it holds its {@code LISTEN} for as long
 * as the store is open) and hands each message to a receiver, on one daemon thread.
 *
 * <p>When the connection drops (the server restarts, the network is cut; checked every
 * {@value #CHECK_MILLIS} ms when idle), it reconnects with a backoff from {@value #FIRST_BACKOFF_MILLIS} ms up to
 * {@value #MAX_BACKOFF_MILLIS} ms; messages sent while it was disconnected are lost, which it logs.
 */
final class ChangeListener implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ChangeListener.class.getName());
  // How long a wait for notifications lasts, and so how long closing may wait for the thread.
  private static final int WAIT_MILLIS = 100;
  private static final long CHECK_MILLIS = 10_000;
  private static final int CHECK_TIMEOUT_SECONDS = 5;
  private static final long FIRST_BACKOFF_MILLIS = 250;
  private static final long MAX_BACKOFF_MILLIS = 30_000;
  private static final long CLOSE_WAIT_MILLIS = 2_000;

  private final PostgresSettings settings;
  private final String channel;
  private final Consumer<String> receiver;
  private final Thread thread;
  private volatile boolean closed;
  private Connection connection;

  private ChangeListener(PostgresSettings settings, String channel, Consumer<String> receiver,
      Connection connection) {
    this.settings = settings;
    this.channel = channel;
    this.receiver = receiver;
    this.connection = connection;
    this.thread = new Thread(this::run, "cachet-change-listener");
    thread.setDaemon(true);
  }

  /**
   * Connects and listens before returning, so that every message sent from then on is heard.
   *
   * @throws SQLException if the database cannot be reached
   */
  static ChangeListener start(PostgresSettings settings, String channel, Consumer<String> receiver)
      throws SQLException {
    ChangeListener listener = new ChangeListener(settings, channel, receiver, listen(settings, channel));
    listener.thread.start();
    return listener;
  }

  private static Connection listen(PostgresSettings settings, String channel) throws SQLException {
    Properties properties = new Properties();
    if (settings.user() != null) {
      properties.setProperty("user", settings.user());
    }
    if (settings.password() != null) {
      properties.setProperty("password", settings.password());
    }
    properties.setProperty("ApplicationName", PostgresPool.APPLICATION_NAME);
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("connectTimeout",
        Long.toString(Math.max(1, TimeUnit.MILLISECONDS.toSeconds(settings.connectionTimeout().toMillis()))));
    Connection connection = new Driver().connect(settings.url(), properties);
    if (connection == null) {
      throw new SQLException("The URL is not a PostgreSQL URL", "08001");
    }
    try (Statement statement = connection.createStatement()) {
      // The channel is a plain identifier (ChangeChannel); quoted all the same.
      statement.execute("LISTEN \"" + channel + "\"");
      return connection;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private void run() {
    long backoff = FIRST_BACKOFF_MILLIS;
    long checked = System.nanoTime();
    while (!closed) {
      try {
        if (connection == null) {
          connection = listen(settings, channel);
          LOG.log(Level.INFO, "Listening to other hosts' changes again; changes made while disconnected were not"
              + " heard");
          backoff = FIRST_BACKOFF_MILLIS;
        }
        PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
        if (notifications != null && notifications.length > 0) {
          for (PGNotification notification : notifications) {
            if (channel.equals(notification.getName())) {
              receiver.accept(notification.getParameter());
            }
          }
        } else if (System.nanoTime() - checked > TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS)) {
          checked = System.nanoTime();
          if (!connection.isValid(CHECK_TIMEOUT_SECONDS)) {
            throw new SQLException("the connection no longer answers", "08006");
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          break;
        }
        if (connection != null) {
          LOG.log(Level.WARNING, "Lost the connection that hears other hosts' changes (" + e.getMessage()
              + "); reconnecting. Changes made meanwhile are not heard by this host's listeners.");
          closeQuietly(connection);
          connection = null;
        }
        if (!pause(backoff)) {
          break;
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
    if (connection != null) {
      closeQuietly(connection);
      connection = null;
    }
  }

  private boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return !closed;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.log(Level.DEBUG, "Closing the change listener's connection failed", e);
    }
  }

  /** Stops listening and closes the connection. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
