package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.seal.ChangeSeal;
import io.cachet.seal.EntryFields;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.sealed.RemoteChange.Kind;
import org.junit.jupiter.api.Test;

/** Change messages between hosts: their form, their seal's binding to scope and namespace, and the replay guard. */
class ChangeMessagesTest {
  private static final String KEY_HASH = "0123456789abcdef".repeat(4);
  private static final HmacEntrySigner SIGNER = new HmacEntrySigner(new byte[HmacEntrySigner.KEY_LENGTH], 1);

  @Test
  void aSealedMessage_readsBackAsSent_andVerifiesOnlyInItsScopeAndNamespace() {
    ChangeSeal seal = SIGNER.changeSeal("books");
    ChangeMessage unsealed = new ChangeMessage(Kind.REMOVED, "origin", 7, 1_000, "books", KEY_HASH, null,
        new byte[] {1, 2, 3}, null);
    ChangeMessage sent = unsealed.sealedWith(seal.seal(unsealed.sealed("db/schema")));
    ChangeMessage read = ChangeMessage.parse(sent.text("db/schema"));

    assertEquals("books", ChangeMessage.namespaceOf(sent.text("db/schema")));
    assertEquals(Kind.REMOVED, read.kind());
    assertEquals(7, read.sequence());
    assertArrayEquals(new byte[] {1, 2, 3}, read.keyBytes());
    assertTrue(seal.verifies(read.sealed("db/schema"), read.seal()));
    assertFalse(seal.verifies(read.sealed("db/other"), read.seal()), "bound to the feed's scope");
    assertFalse(SIGNER.changeSeal("films").verifies(read.sealed("db/schema"), read.seal()), "bound to the namespace");
  }

  @Test
  void aWrittenEntrysMessage_carriesItsRowSignature_ofTheCurrentVersion() {
    String signature = SIGNER.sign(new EntryFields("books", KEY_HASH, "object", "books", 3L,
        "0".repeat(64), "java.lang.String", "inline", "kryo5", "none", "none", 1L, null, 1L, null));
    ChangeMessage unsealed = new ChangeMessage(Kind.UPDATED, "origin", 8, 1_000, "books", KEY_HASH, signature, null,
        null);
    ChangeMessage sent = unsealed.sealedWith(SIGNER.changeSeal("books").seal(unsealed.sealed("db/schema")));

    ChangeMessage read = ChangeMessage.parse(sent.text("db/schema"));

    assertEquals(signature, read.rowSignature(), "a v6 signature names its key after the version");
  }

  @Test
  void malformedMessages_areNotMessages() {
    assertNull(ChangeMessage.parse("not a change message"));
    assertNull(ChangeMessage.parse("c1 C o 1 1 Ym9va3M " + KEY_HASH + " - - " + "0".repeat(64)),
        "a created entry names its row's signature");
    assertNull(ChangeMessage.parse("c1 R o 1 1 Ym9va3M " + KEY_HASH + " v4:00 AQID " + "0".repeat(64)),
        "a removed key carries no row signature");
  }

  @Test
  void theReplayGuard_admitsEachOriginsIncreasingFreshMessagesOnly() {
    ReplayGuard guard = new ReplayGuard(1_000);
    assertTrue(guard.admit("a", 1, 1_000, 1_000));
    assertFalse(guard.admit("a", 1, 1_000, 1_001), "seen before");
    assertTrue(guard.admit("b", 1, 1_001, 1_001), "another origin counts on its own");
    assertTrue(guard.admit("a", 5, 1_002, 1_002), "gaps are fine");
    assertFalse(guard.admit("a", 3, 1_002, 1_002), "older than the last");
    assertFalse(guard.admit("c", 1, 999, 1_002), "sent before the receiver started");
    assertFalse(guard.admit("c", 1, 2_000, 2_000 + ReplayGuard.FRESHNESS_MILLIS + 1), "stale");
  }
}
