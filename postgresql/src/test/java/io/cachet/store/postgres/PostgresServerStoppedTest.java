package io.cachet.store.postgres;

import static io.cachet.store.TestRow.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.StorageException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a store and locks report once their server is gone: a {@link StorageException} of kind IO naming the
 * operation and namespace, and never the password. The shared server cannot be stopped for this, so the class
 * starts a server of its own and stops it.
 */
class PostgresServerStoppedTest {
  private static final String PASSWORD = "never-print-this-password-7f3a";

  private static PostgresSettings settings;
  private static PostgresEntryStore store;
  private static PostgresEntryLocks locks;

  @BeforeAll
  static void openOnAServerThenStopIt() throws IOException {
    EmbeddedPostgres server = TestPostgres.start();
    // The server trusts local connections, so any password logs in: what matters is that none is ever shown.
    settings = new PostgresSettings("jdbc:postgresql://localhost:" + server.getPort() + "/postgres", "postgres",
        PASSWORD, "stopped", 2, Duration.ofMillis(500));
    store = PostgresEntryStore.open(settings);
    locks = PostgresEntryLocks.open(settings);
    store.upsert(row("ns", "k", "s", null, null), true);
    locks.lock("ns", List.of("k")).close();
    server.close();
  }

  @AfterAll
  static void closeStore() {
    store.close();
    locks.close();
  }

  @Test
  void aReadOnAStoppedServer_failsWithKindIO_namingTheOperationAndNamespace() {
    StorageException failure = assertThrows(StorageException.class, () -> store.get("ns", "k"));

    assertEquals(StorageException.Kind.IO, failure.kind());
    assertEquals("read a row", failure.operation());
    assertEquals("ns", failure.namespace().orElseThrow());
    assertTrue(failure.getMessage().startsWith("Cannot read a row in namespace \"ns\": "), failure.getMessage());
    assertNoPassword(failure);
  }

  @Test
  void aWriteOnAStoppedServer_failsWithKindIO() {
    StorageException failure = assertThrows(StorageException.class,
        () -> store.upsert(row("ns", "k", "s2", null, null), true));

    assertEquals(StorageException.Kind.IO, failure.kind());
    assertEquals("write rows", failure.operation());
    assertNoPassword(failure);
  }

  @Test
  void lockingOnAStoppedServer_failsWithKindIO() {
    StorageException failure = assertThrows(StorageException.class, () -> locks.lock("ns", List.of("k")));

    assertEquals(StorageException.Kind.IO, failure.kind());
    assertEquals("lock entries", failure.operation());
    assertNoPassword(failure);
  }

  @Test
  void openingAStoreOnAStoppedServer_failsWithKindIO_namingTheServerButNotThePassword() {
    StorageException failure = assertThrows(StorageException.class, () -> PostgresEntryStore.open(settings));

    assertEquals(StorageException.Kind.IO, failure.kind());
    assertTrue(failure.getMessage().contains(settings.url()), failure.getMessage());
    assertNoPassword(failure);
  }

  @Test
  void theSettings_neverShowThePassword_norOneInTheUrl() {
    PostgresSettings inUrl = new PostgresSettings(settings.url() + "?user=postgres&password=" + PASSWORD, "postgres",
        null);

    assertFalse(settings.toString().contains(PASSWORD), settings.toString());
    assertTrue(settings.toString().contains("password=***"), settings.toString());
    assertFalse(inUrl.toString().contains(PASSWORD), inUrl.toString());
  }

  /** Neither the failure nor any of its causes, suppressed ones included, shows the password. */
  private static void assertNoPassword(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      assertFalse(String.valueOf(cause.getMessage()).contains(PASSWORD), cause.toString());
      for (Throwable suppressed : cause.getSuppressed()) {
        assertNoPassword(suppressed);
      }
    }
  }
}
