package io.cachet.store.s3;

import static io.cachet.store.postgres.SharedStoreAttacker.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cachet.IntegrityEvent;
import io.cachet.IntegrityEvent.Reason;
import io.cachet.ReplayDetection;
import io.cachet.SealedCache;
import io.cachet.store.postgres.Attackers;
import io.cachet.store.postgres.SharedStoreAttacker;
import io.cachet.store.postgres.SharedStoreAttacker.Backend;
import io.cachet.store.postgres.SharedStoreAttacker.Payload;
import io.cachet.store.postgres.TamperedAccess;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.cache.Cache;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The payload half of the adversarial catalogue on the shared store: the bytes of a large value rewritten by
 * whoever can write where they are kept, an S3 bucket writer with the test's own S3 client (S3Proxy, like S3
 * without a bucket policy, lets a PUT replace an object) or, without a bucket, a database user on the
 * {@code blobs} table. Objects replaced, flipped, truncated, extended, emptied, swapped, an older write's bytes put
 * back, deleted, or replaced by one far larger than the value: every case is a miss with one integrity event of
 * the catalogue's reason, and the other entries (their objects too) stay intact.
 */
class ObjectTamperingTest {
  private static final int LARGE = 20_000;
  private static final int HUGE = 8 * 1024 * 1024;
  @RegisterExtension static final Attackers ATTACKERS = new Attackers();


  /** The payloads of the entries {@code k}, {@code other} and an older write of {@code k}. */
  record Target(SharedStoreAttacker attacker, Payload key, Payload other, byte[] older) {}

  @FunctionalInterface
  interface Tamper {
    void apply(Target target) throws Exception;
  }

  record Case(String name, Tamper tamper, Reason reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case("replaced by other bytes of the same length", t -> t.attacker.write(t.key,
            value("forged", bytes(t, t.key).length).getBytes(StandardCharsets.ISO_8859_1)), Reason.HASH_MISMATCH),
        new Case("one byte flipped", t -> {
          byte[] bytes = bytes(t, t.key);
          bytes[bytes.length / 2] ^= 0x40;
          t.attacker.write(t.key, bytes);
        }, Reason.HASH_MISMATCH),
        new Case("truncated", t -> t.attacker.write(t.key, Arrays.copyOf(bytes(t, t.key), 100)),
            Reason.SIZE_MISMATCH),
        new Case("extended by one byte", t -> {
          byte[] bytes = bytes(t, t.key);
          t.attacker.write(t.key, Arrays.copyOf(bytes, bytes.length + 1));
        }, Reason.SIZE_MISMATCH),
        new Case("emptied", t -> t.attacker.write(t.key, new byte[0]), Reason.SIZE_MISMATCH),
        new Case("swapped with another entry's", t -> {
          byte[] mine = bytes(t, t.key);
          t.attacker.write(t.key, bytes(t, t.other));
          t.attacker.write(t.other, mine);
        }, Reason.HASH_MISMATCH),
        new Case("an older write's bytes put back under the current id", t -> t.attacker.write(t.key, t.older),
            Reason.HASH_MISMATCH),
        new Case("deleted", t -> t.attacker.delete(t.key), Reason.MISSING_BLOB),
        new Case("replaced by one of 8 MiB", t -> t.attacker.write(t.key, new byte[HUGE]), Reason.SIZE_MISMATCH));
  }

  static Stream<Arguments> catalogue() {
    return Attackers.everyBackendWith(cases());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("catalogue")
  void aPayloadRewrittenWhereItIsKept_isAMiss_reportedOnceWithItsReason_andNothingElseIsLost(Backend backend,
      Case tampering) throws Exception {
    SharedStoreAttacker attacker = ATTACKERS.of(backend);
    Cache<String, String> cache = attacker.newCache(ReplayDetection.PROCESS);
    cache.put("k", value("k-old", LARGE));
    byte[] older = attacker.read(attacker.payload(cache.getName(), attacker.lastWritten(cache.getName())));
    cache.put("k", value("k", LARGE));
    String key = attacker.lastWritten(cache.getName());
    Payload mine = attacker.payload(cache.getName(), key);
    cache.put("other", value("o", LARGE));
    Payload other = attacker.payload(cache.getName(), attacker.lastWritten(cache.getName()));
    cache.put("bystander", value("b", LARGE));
    Payload bystander = attacker.payload(cache.getName(), attacker.lastWritten(cache.getName()));
    byte[] bystanderBytes = attacker.read(bystander);
    cache.put("neighbour", value("n", 100));
    assertEquals(value("k", LARGE), cache.get("k"), "readable before tampering");

    tampering.tamper().apply(new Target(attacker, mine, other, older));

    assertNull(cache.get("k"));
    List<IntegrityEvent> events = attacker.events.stream()
        .filter(event -> event.cacheName().equals(cache.getName())).toList();
    assertEquals(List.of(new IntegrityEvent(cache.getName(), key, tampering.reason(), true)), events);
    assertEquals(Map.of(tampering.reason(), 1L), cache.unwrap(SealedCache.class).refusals());
    assertFalse(attacker.rowExists(cache.getName(), key), "the refused row is deleted");
    assertEquals(value("b", LARGE), cache.get("bystander"));
    assertArrayEquals(bystanderBytes, attacker.read(bystander), "another entry's payload is untouched");
    assertEquals(value("n", 100), cache.get("neighbour"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TamperedAccess.class)
  void aTruncatedPayload_isAbsentToEveryAccess_andReportedOnce(TamperedAccess access) throws Exception {
    for (Backend backend : Backend.values()) {
      SharedStoreAttacker attacker = ATTACKERS.of(backend);
      Cache<String, String> cache = attacker.newCache(ReplayDetection.PROCESS);
      cache.put("k", value("k", LARGE));
      String key = attacker.lastWritten(cache.getName());
      Payload payload = attacker.payload(cache.getName(), key);
      cache.put("neighbour", value("n", LARGE));
      attacker.write(payload, Arrays.copyOf(attacker.read(payload), 100));

      access.assertAbsent(cache, "k", "neighbour", value("n", LARGE));

      assertEquals(List.of(new IntegrityEvent(cache.getName(), key, Reason.SIZE_MISMATCH, true)),
          attacker.events.stream().filter(event -> event.cacheName().equals(cache.getName())).toList(),
          backend.name());
      assertEquals(value("n", LARGE), cache.get("neighbour"));
    }
  }

  private static byte[] bytes(Target t, Payload payload) throws SQLException {
    return t.attacker.read(payload);
  }
}
