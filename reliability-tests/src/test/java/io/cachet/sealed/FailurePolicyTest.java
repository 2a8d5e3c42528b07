package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.Faults.Fault;
import io.cachet.sealed.Faults.Mode;
import io.cachet.store.CorruptDatabaseException;
import io.cachet.store.StorageException;
import io.cachet.store.StorageException.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one failure rule: lookups miss, housekeeping goes on, decisive steps throw a storage failure wrapped once. */
class FailurePolicyTest {
  private final FailurePolicy failures = FailurePolicy.forNamespace("books");

  @TempDir Path root;

  @Test
  void lookup_answersTheMiss_whenStorageFails_rawOrAlreadyWrapped() {
    assertEquals("miss", failures.lookup("read from", () -> {
      throw StorageException.of(Kind.IO, "read").because("disk gone");
    }, "miss"));
    assertEquals("miss", failures.lookup("read from", () -> {
      throw new SealedStoreException("Cannot read from namespace \"books\": disk gone");
    }, "miss"));
    assertEquals("hit", failures.lookup("read from", () -> "hit", "miss"));
  }

  @Test
  void lookup_letsAFailureOtherThanStorageThrough() {
    IllegalStateException bug = new IllegalStateException("bug");
    assertSame(bug, assertThrows(IllegalStateException.class, () -> failures.lookup("read from", () -> {
      throw bug;
    }, null)));
  }

  @Test
  void housekeeping_goesOn_whenStorageFails_andAJobWithAResultReportsItUndone() {
    AtomicBoolean ran = new AtomicBoolean();
    failures.housekeeping("evict from", "a later write will", () -> {
      ran.set(true);
      throw StorageException.of(Kind.FULL, "evict").because("SQLITE_FULL");
    });
    assertTrue(ran.get());
    assertEquals(List.of(), failures.housekeeping("evict from", "a later write will", () -> {
      throw StorageException.of(Kind.FULL, "evict").because("SQLITE_FULL");
    }, List.of()));
    assertEquals(3, failures.housekeeping("sweep the orphan blobs of", "the next attach", () -> 3, 0));
  }

  @Test
  void decisive_wrapsAStorageFailureOnce_namingTheOperationAndTheNamespace() {
    StorageException cause = StorageException.of(Kind.FULL, "upsert")
        .because("[SQLITE_FULL] database or disk is full");
    SealedStoreException failure = assertThrows(SealedStoreException.class,
        () -> failures.decisive("write to", () -> {
          throw cause;
        }));
    assertEquals("Cannot write to namespace \"books\": " + cause.getMessage(), failure.getMessage());
    assertSame(cause, failure.getCause());
  }

  @Test
  void decisive_keepsTheMessageOfAStorageFailureThatNamesTheNamespace_insteadOfNamingItTwice() {
    StorageException cause = StorageException.of(Kind.FULL, "write rows").namespace("books")
        .because("[SQLITE_FULL] database or disk is full");
    SealedStoreException failure = assertThrows(SealedStoreException.class,
        () -> failures.decisive("write to", () -> {
          throw cause;
        }));
    assertEquals(cause.getMessage(), failure.getMessage());
    assertSame(cause, failure.getCause());
  }

  @Test
  void decisive_throwsASealedStoreExceptionAsItIs_neverWrappingItAgain() {
    SealedStoreException inner = new SealedStoreException("Cannot read from namespace \"books\": gone");
    assertSame(inner, assertThrows(SealedStoreException.class, () -> failures.decisive("read from", () -> {
      throw inner;
    })));
    assertSame(inner, failures.decisiveFailure("write to", inner));
  }

  @Test
  void decisive_ofADamagedDatabase_saysHowToRecover() {
    CorruptDatabaseException damage = new CorruptDatabaseException("read", Path.of("/tmp/cachet.db"), "malformed", null);
    SealedStoreException failure = assertThrows(SealedStoreException.class,
        () -> failures.decisive("read from", () -> {
          throw damage;
        }));
    assertTrue(failure.getMessage().startsWith("Cannot read from namespace \"books\": " + damage.getMessage()),
        failure.getMessage());
    assertTrue(failure.getMessage().contains(SealedStores.QUARANTINE_OPTION), failure.getMessage());
  }

  @Test
  void decisive_ofTheWholeStore_namesNoNamespace() {
    SealedStoreException failure = assertThrows(SealedStoreException.class,
        () -> FailurePolicy.forStore().decisive("list namespaces", () -> {
          throw StorageException.of(Kind.IO, "scan").because("[SQLITE_IOERR] disk I/O error");
        }));
    assertEquals("Cannot list namespaces: Cannot scan: [SQLITE_IOERR] disk I/O error", failure.getMessage());
  }

  @Test
  void namespaceRead_failsWithTheInjectedStorageFailure_wrappedOnce() {
    try (FaultyStack stack = FaultyStack.open(root, Options.defaults())) {
      SealedNamespace namespace = stack.store.attach("books", Options.defaults());
      StoredKey key = namespace.key("k");
      namespace.write(key, "v", 1L, SealedEntry.ETERNAL);
      stack.faults.arm(Fault.SQLITE_IOERR_ON_READ, Mode.FOREVER);

      SealedStoreException failure = assertThrows(SealedStoreException.class, () -> namespace.read(key));
      assertTrue(stack.faults.injected() > 0, "the fault struck");
      stack.faults.clear();

      StorageException cause = assertInstanceOf(StorageException.class, failure.getCause());
      assertEquals("Cannot read from namespace \"books\": " + cause.getMessage(), failure.getMessage());
      assertTrue(cause.getMessage().contains("SQLITE_IOERR"), cause.getMessage());
      assertEquals("v", namespace.read(key).value());
    }
  }
}
