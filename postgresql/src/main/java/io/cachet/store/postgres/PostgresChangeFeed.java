package io.cachet.store.postgres;

import io.cachet.store.ChangeFeed;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The {@link ChangeFeed} of a schema: PostgreSQL {@code NOTIFY} on the schema's channel ({@link ChangeChannel}),
 * sent by a {@link ChangeSender} after the writes commit and heard by a {@link ChangeListener} on a connection of
 * its own. Anyone allowed to connect can notify the channel: what it carries is checked by the sealed layer.
 */
final class PostgresChangeFeed implements ChangeFeed {
  private static final System.Logger LOG = System.getLogger(PostgresChangeFeed.class.getName());

  private final String scope;
  private final List<Consumer<String>> receivers = new CopyOnWriteArrayList<>();
  private final ChangeSender sender;
  private final ChangeListener listener;

  private PostgresChangeFeed(PostgresSettings settings, PostgresTransactions transactions, String scope)
      throws SQLException {
    String channel = ChangeChannel.of(settings.schema());
    this.scope = scope;
    this.listener = ChangeListener.start(settings, channel, this::receive);
    this.sender = new ChangeSender(transactions, channel);
  }

  /**
   * Listens on the schema's channel and starts the sender.
   *
   * @throws io.cachet.store.StorageException if the database cannot be reached
   */
  static PostgresChangeFeed open(PostgresSettings settings, PostgresTransactions transactions) {
    String operation = "listen to other hosts' changes at " + settings.displayUrl();
    String database = transactions.read(operation, null, session -> {
      try (ResultSet rs = session.statement("SELECT current_database()").executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    });
    try {
      return new PostgresChangeFeed(settings, transactions, "postgresql/" + database + "/" + settings.schema());
    } catch (SQLException e) {
      throw PostgresFailures.failure(operation, null, e, settings.password());
    }
  }

  @Override
  public String scope() {
    return scope;
  }

  @Override
  public void publish(String message) {
    if (message.length() > MAX_MESSAGE_LENGTH || !StandardCharsets.US_ASCII.newEncoder().canEncode(message)) {
      throw new IllegalArgumentException("A change message must be ASCII of at most " + MAX_MESSAGE_LENGTH
          + " characters");
    }
    sender.send(message);
  }

  @Override
  public Subscription subscribe(Consumer<String> receiver) {
    receivers.add(receiver);
    return () -> receivers.remove(receiver);
  }

  private void receive(String message) {
    for (Consumer<String> receiver : receivers) {
      try {
        receiver.accept(message);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "A receiver of change messages failed", e);
      }
    }
  }

  /** Sends what is queued, then stops listening. */
  @Override
  public void close() {
    try {
      sender.close();
    } finally {
      listener.close();
    }
  }
}
