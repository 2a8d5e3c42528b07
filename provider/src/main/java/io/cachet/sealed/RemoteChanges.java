package io.cachet.sealed;

import io.cachet.sealed.RemoteChange.Kind;
import io.cachet.store.ChangeFeed;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A store's change messages over its backend's {@link ChangeFeed}: seals and numbers what its namespaces publish,
 * and routes what the feed receives to the namespaces that listen, once the seal verifies and the
 * {@link ReplayGuard} admits it. Messages this store sent itself are dropped: its own listeners were told
 * directly.
 */
final class RemoteChanges implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");
  private static final int ORIGIN_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ChangeFeed feed;
  private final InstantSource clock;
  private final String origin;
  private final ReplayGuard guard;
  private final Map<String, List<Route>> routes = new ConcurrentHashMap<>();
  private final ChangeFeed.Subscription subscription;
  private long sequence;

  private record Route(ChangeSeals seals, NamespaceChanges.Receiver receiver) {}

  RemoteChanges(ChangeFeed feed, InstantSource clock) {
    this.feed = feed;
    this.clock = clock;
    byte[] id = new byte[ORIGIN_BYTES];
    RANDOM.nextBytes(id);
    this.origin = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    this.guard = new ReplayGuard(clock.millis());
    this.subscription = feed.subscribe(this::receive);
  }

  /** The changes of one namespace, sealed with its keys. */
  NamespaceChanges namespace(String name, ChangeSeals seals) {
    return new NamespaceChanges() {
      @Override
      public void published(Kind kind, StoredKey key, String rowSignature) {
        seals.refreshIfDue();
        publish(name, seals, kind, key, rowSignature);
      }

      @Override
      public SealedNamespace.Subscription receive(Receiver receiver) {
        Route route = new Route(seals, receiver);
        routes.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(route);
        return () -> routes.computeIfPresent(name, (n, list) -> {
          list.remove(route);
          return list.isEmpty() ? null : list;
        });
      }
    };
  }

  /**
   * Numbers and seals a message and queues it, under this object's lock so that the feed sends messages in the
   * order of their numbers.
   */
  private synchronized void publish(String namespace, ChangeSeals seals, Kind kind, StoredKey key,
      String rowSignature) {
    boolean written = kind == Kind.CREATED || kind == Kind.UPDATED;
    ChangeMessage message = new ChangeMessage(kind, origin, ++sequence, clock.millis(), namespace, key.hash(),
        written ? rowSignature : null, written ? null : key.bytes(), null);
    String text = message.sealedWith(seals.seal(message.sealed(feed.scope()))).text(feed.scope());
    if (text.length() > ChangeFeed.MAX_MESSAGE_LENGTH) {
      LOG.log(Level.DEBUG, "Not telling other hosts of a change to {0} in namespace \"{1}\": its message of {2}"
          + " characters exceeds {3} (a key or namespace name too long)", key.hash(), namespace, text.length(),
          ChangeFeed.MAX_MESSAGE_LENGTH);
      return;
    }
    try {
      feed.publish(text);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot tell other hosts of a change in namespace \"" + namespace + "\"", e);
    }
  }

  /** Routes a received text; on the feed's thread. */
  private void receive(String text) {
    String namespace = ChangeMessage.namespaceOf(text);
    List<Route> routed = namespace == null ? null : routes.get(namespace);
    Route[] listening = routed == null ? new Route[0] : routed.toArray(new Route[0]);
    if (listening.length == 0) {
      return;
    }
    ChangeMessage message = ChangeMessage.parse(text);
    if (message != null && message.origin().equals(origin)) {
      return;
    }
    boolean genuine = message != null && message.namespace().equals(namespace)
        && listening[0].seals().verifies(message.sealed(feed.scope()), message.seal());
    boolean admitted = genuine && guard.admit(message.origin(), message.sequence(), message.sentAt(),
        clock.millis());
    for (Route route : listening) {
      try {
        if (admitted) {
          route.receiver().accept(message);
        } else {
          route.receiver().refused(message == null ? null : message.cacheKey());
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Handling a change from another host in namespace \"" + namespace + "\" failed", e);
      }
    }
  }

  @Override
  public void close() {
    subscription.close();
    routes.clear();
  }
}
