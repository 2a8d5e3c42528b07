package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.seal.HmacEntrySigner;
import io.cachet.testing.FakeClock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link ChangeSeals}: which keys a change message from another host may be sealed with as a rotation runs. */
class ChangeSealsTest {
  private static final String NS = "books";
  private static final String MESSAGE = "CREATED books k";
  private static final HmacEntrySigner OLD = signer(1);
  private static final HmacEntrySigner NEW = signer(2);
  private static final HmacEntrySigner NEVER_HELD = signer(3);

  private static HmacEntrySigner signer(int value) {
    byte[] key = new byte[HmacEntrySigner.KEY_LENGTH];
    Arrays.fill(key, (byte) value);
    return new HmacEntrySigner(key, 3);
  }

  @Test
  void aMessageSealedWithTheRetiredKey_isAcceptedForAMomentAfterTheRetire_thenRefused() {
    FakeClock clock = new FakeClock();
    AtomicReference<NamespaceKeys.Held> recorded = new AtomicReference<>(new NamespaceKeys.Held(NEW, List.of(OLD)));
    NamespaceKeys keys = new NamespaceKeys(NS, recorded.get(), held -> recorded.get(), clock);
    ChangeSeals seals = new ChangeSeals(NS, keys);
    String sealedWithOld = OLD.changeSeal(NS).seal(MESSAGE);
    assertTrue(seals.verifies(MESSAGE, sealedWithOld), "the key being retired");
    assertTrue(seals.verifies(MESSAGE, NEW.changeSeal(NS).seal(MESSAGE)), "the current key");

    recorded.set(new NamespaceKeys.Held(NEW, List.of()));
    clock.advance(Duration.ofSeconds(1));
    keys.refreshIfDue();

    assertTrue(seals.verifies(MESSAGE, sealedWithOld), "sent just before the retire, arriving after it");
    clock.advance(ChangeSeals.RETIRED_KEY_GRACE.plusMillis(1));
    assertFalse(seals.verifies(MESSAGE, sealedWithOld), "retired long enough: refused");
    assertTrue(seals.verifies(MESSAGE, NEW.changeSeal(NS).seal(MESSAGE)));
    assertFalse(seals.verifies(MESSAGE, NEVER_HELD.changeSeal(NS).seal(MESSAGE)), "a key never listed");
    assertFalse(seals.verifies("REMOVED books k", sealedWithOld), "bound to the message");
  }
}
