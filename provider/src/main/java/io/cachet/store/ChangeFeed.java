package io.cachet.store;

import java.util.function.Consumer;

/**
 * Short text messages between the hosts sharing a backend, for the sealed layer to tell other hosts of its
 * changes. A feed carries messages as given and verifies nothing: anyone who can reach the backend can publish
 * into it, so the sealed layer authenticates what it receives.
 *
 * <p>Best effort: a message is delivered to every subscriber of every host connected to the feed when it is
 * sent, in the order published by one feed, or not at all (a host that was disconnected, or died before
 * sending, loses it). A host's subscribers also receive the messages it published itself.
 */
public interface ChangeFeed extends AutoCloseable {
  /** The longest message a feed carries, in ASCII characters; longer ones are refused by {@link #publish}. */
  int MAX_MESSAGE_LENGTH = 7000;

  /**
   * {@return a name of the shared storage this feed connects, the same on every host of it}: for messages to
   * be bound to it, so that they cannot be moved to another feed whose hosts share a key
   */
  String scope();

  /**
   * Queues a message for every host; returns at once. Dropped, with a log message, if the feed cannot keep up.
   *
   * @param message ASCII text, at most {@link #MAX_MESSAGE_LENGTH} characters
   * @throws IllegalArgumentException if the message is longer or not ASCII
   */
  void publish(String message);

  /**
   * Hands every message received from now on to the receiver, on the feed's thread: it must be quick and must
   * not throw.
   *
   * @return closing it stops the delivery
   */
  Subscription subscribe(Consumer<String> receiver);

  /** A receiver's subscription; closing it stops the delivery. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** Stops sending and receiving; idempotent. */
  @Override
  void close();
}
