package io.cachet.store.postgres;

import static io.cachet.store.TestRow.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The store creates its schema itself, versioned, and refuses one written by a newer release. */
class PostgresSchemaTest {
  private final String schema = "schema_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final PostgresSettings settings = TestPostgres.settings(TestPostgres.server().getPort(), schema);

  @Test
  void aFreshSchema_isCreatedWithEveryTable_atTheCurrentVersion() throws SQLException {
    PostgresEntryStore.open(settings).close();

    assertEquals(Set.of("entries", "namespaces", "ledgers", "ledger_journal", "blobs", "blob_journal",
        "schema_version"), tables());
    assertEquals(List.of(PostgresSchema.CURRENT_VERSION), TestPostgres.schemaVersions(schema));
  }

  @Test
  void reopeningTheSchema_keepsItsRows_andMigratesNothing() throws SQLException {
    try (PostgresEntryStore store = PostgresEntryStore.open(settings)) {
      store.upsert(row("ns", "k", "s", null, null), true);
    }

    try (PostgresEntryStore store = PostgresEntryStore.open(settings)) {
      assertEquals("s", store.get("ns", "k").entrySignature());
    }
    assertEquals(List.of(PostgresSchema.CURRENT_VERSION), TestPostgres.schemaVersions(schema));
  }

  @Test
  void aSchemaOfANewerVersion_isRefused_namingBothVersions_andItsPoolIsClosed() throws SQLException {
    // A role of its own, so that only this store's connections are counted, not those of tests running beside it.
    String role = "refused_" + schema;
    execute("CREATE ROLE " + role + " LOGIN");
    execute("CREATE SCHEMA " + schema + " AUTHORIZATION " + role);
    PostgresSettings own = new PostgresSettings(settings.url(), role, null, schema, 2, settings.connectionTimeout());
    PostgresEntryStore.open(own).close();
    execute("UPDATE " + schema + ".schema_version SET version = 99");
    int connectionsBefore = connectionsOf(role);

    StorageException refused = assertThrows(StorageException.class, () -> PostgresEntryStore.open(own));

    assertEquals(StorageException.Kind.IO, refused.kind());
    assertEquals("create the schema", refused.operation());
    assertTrue(refused.getMessage().contains("version 99, written by a newer release of Cachet; this one knows "
        + "versions up to " + PostgresSchema.CURRENT_VERSION), refused.getMessage());
    assertEquals(connectionsBefore, connectionsOf(role), "the refused store's connections are closed");
  }

  @Test
  void hostsOpeningAFreshSchemaAtOnce_allSucceed_andCreateItOnce() throws Exception {
    ExecutorService hosts = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> opens = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        opens.add(hosts.submit(() -> PostgresEntryStore.open(settings).close()));
      }
      for (Future<?> open : opens) {
        open.get();
      }
    } finally {
      hosts.shutdownNow();
    }

    assertEquals(List.of(PostgresSchema.CURRENT_VERSION), TestPostgres.schemaVersions(schema));
  }

  @Test
  void aRoleThatMayNotCreateSchemas_opensASchemaMadeForIt_andIsRefusedAnyOther() throws SQLException {
    String role = "limited_" + schema;
    execute("CREATE ROLE " + role + " LOGIN");
    execute("CREATE SCHEMA " + schema + " AUTHORIZATION " + role);
    PostgresSettings limited = new PostgresSettings(settings.url(), role, null, schema, 2,
        settings.connectionTimeout());

    try (PostgresEntryStore store = PostgresEntryStore.open(limited)) {
      store.upsert(row("ns", "k", "s", null, null), true);
    }
    StorageException refused = assertThrows(StorageException.class,
        () -> PostgresEntryStore.open(limited.withSchema(schema + "_other")));

    assertEquals(Set.of("entries", "namespaces", "ledgers", "ledger_journal", "blobs", "blob_journal",
        "schema_version"), tables());
    assertEquals(StorageException.Kind.IO, refused.kind());
    assertTrue(refused.getMessage().contains("permission denied"), refused.getMessage());
  }

  private Set<String> tables() throws SQLException {
    try (Connection connection = TestPostgres.connect();
        PreparedStatement select = connection.prepareStatement(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
      select.setString(1, schema);
      Set<String> tables = new HashSet<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      return tables;
    }
  }


  private static int connectionsOf(String role) throws SQLException {
    try (Connection connection = TestPostgres.connect(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
            + PostgresPool.APPLICATION_NAME + "' AND usename = '" + role + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = TestPostgres.connect(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
