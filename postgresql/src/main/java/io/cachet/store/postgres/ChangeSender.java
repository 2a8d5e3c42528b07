package io.cachet.store.postgres;

import io.cachet.store.StorageException;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends queued change messages with {@code pg_notify}, on one thread, in the order queued: a batch at a time in one
 * transaction on a pooled connection, so that writers never wait for it and a burst of writes costs few round
 * trips. Messages are sent after the writes they tell of committed: a host that dies first loses them. While the
 * database cannot be reached, or if the queue is full, messages are dropped (logged once per outage).
 */
final class ChangeSender implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ChangeSender.class.getName());
  private static final String NOTIFY = "SELECT pg_notify(?, ?)";
  private static final int QUEUE_CAPACITY = 10_000;
  private static final int BATCH = 100;
  private static final long POLL_MILLIS = 200;
  private static final long CLOSE_WAIT_MILLIS = 5_000;
  // Queued by close to wake the thread at once; never sent.
  private static final Queued WAKE_UP = new Queued(null);

  private final PostgresTransactions transactions;
  private final String channel;
  private final BlockingQueue<Queued> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean dropping;

  ChangeSender(PostgresTransactions transactions, String channel) {
    this.transactions = transactions;
    this.channel = channel;
    this.thread = new Thread(this::run, "cachet-change-sender");
    thread.setDaemon(true);
    thread.start();
  }

  /** A message waiting to be sent, or with a null text, {@link #WAKE_UP}. */
  private record Queued(String text) {}

  /** Queues a message; drops it if the queue is full. */
  void send(String message) {
    if (!queue.offer(new Queued(message)) && !dropping) {
      dropping = true;
      LOG.log(Level.WARNING, "Change notifications for other hosts are being dropped: " + QUEUE_CAPACITY
          + " are waiting to be sent. Listeners on other hosts miss these changes.");
    }
  }

  private void run() {
    boolean failing = false;
    while (!closed || !queue.isEmpty()) {
      List<Queued> drained = new ArrayList<>(BATCH);
      try {
        Queued first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        drained.add(first);
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(drained, BATCH - 1);
      List<String> batch = drained.stream().map(Queued::text).filter(Objects::nonNull).toList();
      if (batch.isEmpty()) {
        continue;
      }
      try {
        sendAll(batch);
        if (failing) {
          LOG.log(Level.INFO, "Change notifications for other hosts are sent again");
        }
        failing = false;
        dropping = false;
      } catch (StorageException e) {
        LOG.log(failing ? Level.DEBUG : Level.WARNING, "Cannot send change notifications to other hosts ("
            + batch.size() + " dropped; listeners on other hosts miss these changes): " + e.getMessage());
        failing = true;
        if (closed) {
          return;
        }
      }
    }
  }

  private void sendAll(List<String> messages) {
    transactions.write("send change notifications", null, session -> {
      PreparedStatement notify = session.statement(NOTIFY);
      for (String message : messages) {
        notify.setString(1, channel);
        notify.setString(2, message);
        notify.execute();
      }
      return null;
    });
  }

  /** Sends what is queued (giving up after a few seconds), then stops. */
  @Override
  public void close() {
    closed = true;
    if (!queue.offer(WAKE_UP)) {
      // A full queue keeps the thread busy: it sees the flag between batches.
      LOG.log(Level.DEBUG, "Closing with {0} change notifications queued", QUEUE_CAPACITY);
    }
    try {
      thread.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
