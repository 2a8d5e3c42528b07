package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.seal.EntryFields;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.seal.OlderSignatures;
import io.cachet.seal.PayloadCipher;
import io.cachet.seal.Verification;
import io.cachet.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link NamespaceKeys}: which key verifies and decrypts a row as the record's keys change. */
class NamespaceKeysTest {
  private static final String NS = "books";
  private static final HmacEntrySigner OLD = new HmacEntrySigner(filled(1), 3);
  private static final HmacEntrySigner NEW = new HmacEntrySigner(filled(2), 3);
  private static final EntryFields FIELDS = new EntryFields(NS, "0".repeat(64), "object", NS, 3L, "0".repeat(64),
      "java.lang.String", "inline", "kryo5", "none", "aes-256-gcm", 1L, null, 1L, null);

  private static byte[] filled(int value) {
    byte[] key = new byte[HmacEntrySigner.KEY_LENGTH];
    Arrays.fill(key, (byte) value);
    return key;
  }

  @Test
  void aRetiredKey_verifiesNoMore_butARowCheckedUnderItBeforeTheRefreshStillDecrypts() {
    FakeClock clock = new FakeClock();
    AtomicReference<NamespaceKeys.Held> recorded = new AtomicReference<>(new NamespaceKeys.Held(NEW, List.of(OLD)));
    NamespaceKeys keys = new NamespaceKeys(NS, recorded.get(), held -> recorded.get(), clock);
    String oldSignature = OLD.sign(FIELDS);
    byte[] payload = OLD.cipher(NS).encrypt("0".repeat(64), 1L, "value".getBytes(StandardCharsets.UTF_8));
    assertEquals(Verification.VALID, keys.verify(FIELDS, oldSignature), "listed as previous: verifies");
    PayloadCipher checkedWith = keys.cipherOf(oldSignature);

    recorded.set(new NamespaceKeys.Held(NEW, List.of()));
    clock.advance(Duration.ofSeconds(1));
    keys.refreshIfDue();

    assertEquals(Verification.OTHER_KEY, keys.verify(FIELDS, oldSignature), "retired: verifies no more");
    assertArrayEquals("value".getBytes(StandardCharsets.UTF_8),
        keys.cipherOf(oldSignature).decrypt("0".repeat(64), 1L, payload), "a row checked before still decrypts");
    assertArrayEquals(checkedWith.decrypt("0".repeat(64), 1L, payload),
        keys.cipherOf(oldSignature).decrypt("0".repeat(64), 1L, payload));
    assertSame(NEW, keys.current());
  }

  @Test
  void aRowSignedBeforeKeyIds_checkedUnderTheRetiringKeyBeforeTheRefresh_stillDecryptsWithIt() {
    FakeClock clock = new FakeClock();
    AtomicReference<NamespaceKeys.Held> recorded = new AtomicReference<>(new NamespaceKeys.Held(NEW, List.of(OLD)));
    NamespaceKeys keys = new NamespaceKeys(NS, recorded.get(), held -> recorded.get(), clock);
    String v5Signature = OlderSignatures.sign(OLD, FIELDS, 5);
    byte[] payload = OLD.cipher(NS).encrypt("0".repeat(64), 1L, "value".getBytes(StandardCharsets.UTF_8));
    assertEquals(Verification.VALID, keys.verify(FIELDS, v5Signature), "names no key: the oldest listed verifies it");

    recorded.set(new NamespaceKeys.Held(NEW, List.of()));
    clock.advance(Duration.ofSeconds(1));
    keys.refreshIfDue();

    assertArrayEquals("value".getBytes(StandardCharsets.UTF_8),
        keys.cipherOf(() -> FIELDS, v5Signature).decrypt("0".repeat(64), 1L, payload),
        "decrypted with the key that signed it");
    assertEquals(Verification.MISMATCH, keys.verify(FIELDS, v5Signature), "but it verifies no more");
  }

  @Test
  void aRowNamingAKeyAnotherThreadJustFollowed_isCheckedAgain_thoughThisThreadsOwnReadFindsNothingNew() {
    FakeClock clock = new FakeClock();
    AtomicReference<NamespaceKeys.Held> recorded = new AtomicReference<>(new NamespaceKeys.Held(OLD, List.of()));
    NamespaceKeys keys = new NamespaceKeys(NS, recorded.get(), held -> recorded.get(), clock);
    String newSignature = NEW.sign(FIELDS);
    assertEquals(Verification.OTHER_KEY, keys.verify(FIELDS, newSignature), "checked before the rotation is seen");

    recorded.set(new NamespaceKeys.Held(NEW, List.of(OLD)));
    clock.advance(Duration.ofSeconds(1));
    keys.refreshIfDue();

    assertTrue(keys.refreshForKeyOf(newSignature), "the key the row names is held now, whoever read it");
    assertEquals(Verification.VALID, keys.verify(FIELDS, newSignature));
  }
}
