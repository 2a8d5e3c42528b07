package io.cachet.jcache;

import io.cachet.sealed.FailurePolicy;
import io.cachet.sealed.RemoteChange;
import io.cachet.sealed.SealedEntry;
import io.cachet.sealed.SealedNamespace;
import io.cachet.sealed.SealedNamespace.KeyLock;
import io.cachet.sealed.SealedStoreException;
import io.cachet.sealed.StoredKey;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A cache's namespace as the JCache layer uses it, under the one rule for storage failures that
 * {@link FailurePolicy} states: lookups miss, housekeeping logs, and the reads and writes an operation decides
 * on throw, here as the JSR type {@link JsrExceptions#storage} makes of them.
 */
final class EntryStorage {
  private final SealedNamespace namespace;
  private final JsrExceptions failures;
  private final FailurePolicy policy;

  EntryStorage(SealedNamespace namespace, JsrExceptions failures) {
    this.namespace = namespace;
    this.failures = failures;
    this.policy = FailurePolicy.forNamespace(namespace.name());
  }

  StoredKey key(Object key) {
    try {
      return namespace.key(key);
    } catch (SealedStoreException e) {
      throw failures.key(e);
    }
  }

  /** Holds the keys against every other writer, in this JVM and in other processes sharing the root. */
  KeyLock lock(Collection<StoredKey> storedKeys) {
    return decided("lock", () -> namespace.lock(storedKeys));
  }

  /** The entry under the key, for an operation that decides on it. */
  SealedEntry read(StoredKey storedKey) {
    return decided("read", () -> namespace.read(storedKey));
  }

  /**
   * The entry under the key for a lookup (get, getAll, containsKey, iteration), or null, also when storage
   * fails: a cache may lack any entry and its callers go to the source of truth then, whereas an exception
   * would fail a request the cache only speeds up. Nothing is deleted, so the entry is back once storage
   * recovers. Writes, and the reads a write decides on, still fail with a CacheException.
   */
  SealedEntry readOrMiss(StoredKey storedKey) {
    return policy.lookup("read from", () -> namespace.read(storedKey), null);
  }

  /** {@link #readOrMiss} for several keys: if reading them together fails, each is read alone. */
  Map<StoredKey, SealedEntry> readAllOrMisses(Collection<StoredKey> storedKeys) {
    try {
      return namespace.readAll(storedKeys);
    } catch (SealedStoreException e) {
      // One unreadable payload fails the batch; the other keys are still worth answering.
      Map<StoredKey, SealedEntry> found = new HashMap<>();
      for (StoredKey storedKey : storedKeys) {
        SealedEntry entry = readOrMiss(storedKey);
        if (entry != null) {
          found.put(storedKey, entry);
        }
      }
      return found;
    }
  }

  /** Writes one entry; returns how many other entries were evicted for it. */
  int write(StoredKey storedKey, Object value, long now, long expiresAt) {
    return decided("write", () -> namespace.write(storedKey, value, now, expiresAt));
  }

  SealedNamespace.Written writeAll(Map<StoredKey, ?> values, long now, SealedNamespace.ExpiryRule expiry) {
    return decided("write", () -> namespace.writeAll(values, now, expiry));
  }

  /**
   * Applies an access expiry to an entry that was just read, unless it was replaced since. Housekeeping: if
   * storage fails, the entry keeps its expiry time and the read still answers.
   */
  void updateExpiry(SealedEntry entry, long expiresAt) {
    policy.housekeeping("apply an access expiry in", "the entry keeps its expiry time",
        () -> namespace.updateExpiry(entry, expiresAt), false);
  }

  /**
   * Deletes an expired entry unless it was replaced since. Housekeeping: if storage fails the entry stays, a
   * miss all the same, for the sweeper or the next access to remove and report.
   */
  boolean deleteIfUnchanged(SealedEntry entry) {
    return policy.housekeeping("remove an expired entry from", "the sweeper or the next access removes it",
        () -> namespace.deleteIfUnchanged(entry), false);
  }

  void delete(StoredKey storedKey) {
    decided("delete", () -> namespace.delete(storedKey));
  }

  /**
   * After a remove that found no entry: deletes a refused entry the integrity policy keeps on disk, so that it
   * cannot outlive the caller's remove (an older application version would read it again, stale).
   */
  void deleteKeptRefusal(StoredKey storedKey) {
    decided("delete", () -> namespace.deleteKeptRefusal(storedKey));
  }

  /** Tells the listener of other hosts' verified changes until the subscription is closed. */
  SealedNamespace.Subscription onRemoteChange(Consumer<RemoteChange> listener) {
    return namespace.onRemoteChange(listener);
  }

  List<StoredKey> keys() {
    return decided("list", namespace::keys);
  }

  void clear() {
    decided("clear", () -> {
      namespace.clear();
      return null;
    });
  }

  /** Deletes up to {@code limit} entries expired at {@code now} and returns them (see the namespace). */
  List<SealedEntry> removeExpired(long now, int limit, boolean withValues) {
    try {
      return namespace.removeExpired(now, limit, withValues);
    } catch (SealedStoreException e) {
      throw failures.sweep(e);
    }
  }

  private <T> T decided(String action, Supplier<T> call) {
    try {
      return call.get();
    } catch (SealedStoreException e) {
      throw failures.storage(action, e);
    }
  }
}
