package io.cachet.store.postgres;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cachet.store.ContractChild;
import io.cachet.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Advisory locks between two JVMs on one server: a key held in another JVM blocks this one until that JVM dies,
 * and only in its own schema, since the schema is part of every lock id.
 */
class PostgresEntryLocksAcrossJvmsTest {
  @TempDir Path held;
  @TempDir Path other;
  @TempDir Path logs;
  private PostgresEntryLocks heldLocks;
  private PostgresEntryLocks otherLocks;

  @BeforeEach
  void openLocks() {
    heldLocks = PostgresEntryLocks.open(TestPostgres.settings(held));
    otherLocks = PostgresEntryLocks.open(TestPostgres.settings(other));
  }

  @AfterEach
  void closeLocks() {
    heldLocks.close();
    otherLocks.close();
  }

  @Test
  void aKeyHeldByAnotherJvm_blocksItsSchemaOnly_untilThatJvmIsKilled() throws Exception {
    try (ChildJvm holder = ChildJvm.start("holder", logs, ChildJvm.java(ContractChild.class,
        PostgresEntryLocksContractTest.class.getName(), held.toString(), "hold", "ns", "k"))) {
      holder.awaitLine("held");

      CompletableFuture.runAsync(() -> otherLocks.lock("ns", List.of("k")).close()).get(5, TimeUnit.SECONDS);
      CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> heldLocks.lock("ns", List.of("k")).close());
      assertThrows(TimeoutException.class, () -> waiting.get(300, TimeUnit.MILLISECONDS));

      holder.kill();
      waiting.get(10, TimeUnit.SECONDS);
    }
  }
}
