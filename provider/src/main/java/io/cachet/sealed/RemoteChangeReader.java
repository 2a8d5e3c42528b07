package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.sealed.RemoteChange.Kind;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns a namespace's verified change messages from other hosts into {@link RemoteChange}s: a created or updated
 * entry is read back through the verifying path and told only if it is live and still the version the message
 * names (else a later change replaced it, and its own message follows or this host made it); a removed or
 * expired key is deserialized from the sealed message. A refused message is reported to the integrity policy.
 */
final class RemoteChangeReader implements NamespaceChanges.Receiver {
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");
  private static final String UNKNOWN_KEY = "-";

  private final String name;
  private final EntryVerifier verifier;
  private final IntegrityPolicy policy;
  private final FailurePolicy failures;
  private final InstantSource clock;
  private final Consumer<RemoteChange> listener;

  RemoteChangeReader(String name, EntryVerifier verifier, IntegrityPolicy policy, InstantSource clock,
      Consumer<RemoteChange> listener) {
    this.name = name;
    this.verifier = verifier;
    this.policy = policy;
    this.failures = FailurePolicy.forNamespace(name);
    this.clock = clock;
    this.listener = listener;
  }

  @Override
  public void accept(ChangeMessage message) {
    RemoteChange change = message.kind() == Kind.CREATED || message.kind() == Kind.UPDATED
        ? written(message) : deleted(message);
    if (change != null) {
      listener.accept(change);
    }
  }

  private RemoteChange written(ChangeMessage message) {
    SealedEntry entry = failures.lookup("read a change of another host in",
        () -> verifier.readByHash(message.cacheKey()), null);
    if (entry == null || !sameWrite(message, entry) || entry.isExpiredAt(clock.millis())) {
      return null;
    }
    return new RemoteChange(message.kind(), entry.key().key(), entry.value());
  }

  /**
   * Whether the entry read is the write the message tells of: the row it signed, or that row re-signed by a key
   * rotation (signed with another key, written no later than the message was sent). A later write of the key is told
   * by its own message.
   */
  private static boolean sameWrite(ChangeMessage message, SealedEntry entry) {
    String read = entry.version().entrySignature();
    if (message.rowSignature().equals(read)) {
      return true;
    }
    return !Objects.equals(HmacEntrySigner.keyIdOf(message.rowSignature()), HmacEntrySigner.keyIdOf(read))
        && entry.createdAt() <= message.sentAt();
  }

  private RemoteChange deleted(ChangeMessage message) {
    try {
      StoredKey key = verifier.key(message.keyBytes());
      if (!key.hash().equals(message.cacheKey())) {
        // Only a sender with the key could seal this: a bug, not an attack; told as refused all the same.
        refused(message.cacheKey());
        return null;
      }
      return new RemoteChange(message.kind(), key.key(), null);
    } catch (RefusedEntry e) {
      LOG.log(Level.DEBUG, "A key removed by another host in namespace \"{0}\" cannot be deserialized here: {1}",
          name, RefusedEntry.text(e.failure()));
      return null;
    }
  }

  @Override
  public void refused(String cacheKey) {
    policy.report(cacheKey == null ? UNKNOWN_KEY : cacheKey, Reason.FORGED_CHANGE, null, false);
  }
}
