package io.cachet.store.jdbc;

import io.cachet.store.NamespaceRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The statements on the {@code namespaces} table in one dialect, and the records bound to and mapped from them. */
final class NamespacesTable {
  private static final String COLUMNS =
      "name, id, created_at, key_file, key_id, signature, ledger, previous_keys, handover";
  private static final String INSERT = "INSERT INTO namespaces (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  // Key file names hold no '/' and no ':' (SigningKeyFile.requirePlainName): "id:file/id:file".
  private static final String KEY_SEPARATOR = "/";
  static final String SELECT = "SELECT " + COLUMNS + " FROM namespaces WHERE name = ?";
  static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM namespaces";
  static final String DELETE = "DELETE FROM namespaces WHERE name = ?";

  final String insertIfAbsent;
  final String replace;
  private final SqlDialect dialect;

  NamespacesTable(SqlDialect dialect) {
    this.dialect = dialect;
    insertIfAbsent = dialect.insertIfAbsent(INSERT, "name");
    replace = dialect.insertOrReplace(INSERT, "name", "id = excluded.id, created_at = excluded.created_at, "
        + "key_file = excluded.key_file, key_id = excluded.key_id, signature = excluded.signature, "
        + "ledger = excluded.ledger, previous_keys = excluded.previous_keys, handover = excluded.handover");
  }

  /** Runs {@link #insertIfAbsent} or {@link #replace} for the record. @return whether a row was written */
  boolean write(PreparedStatement statement, NamespaceRecord record) throws SQLException {
    statement.setString(1, record.name());
    statement.setString(2, record.id());
    statement.setLong(3, record.createdAt());
    statement.setString(4, record.keyFile());
    statement.setString(5, record.keyId());
    statement.setString(6, record.signature());
    dialect.setFlag(statement, 7, record.ledger());
    statement.setString(8, record.previousKeys().isEmpty() ? null : record.previousKeys().stream()
        .map(key -> key.keyId() + ":" + key.keyFile()).collect(Collectors.joining(KEY_SEPARATOR)));
    statement.setString(9, record.handovers().isEmpty() ? null : record.handovers().stream()
        .map(handover -> handover.key() == null ? handover.signature()
            : handover.key().keyId() + ":" + handover.key().keyFile() + "=" + handover.signature())
        .collect(Collectors.joining(KEY_SEPARATOR)));
    return statement.executeUpdate() == 1;
  }

  /** The record in the current row of a query of {@link #SELECT} or {@link #SELECT_ALL}. */
  NamespaceRecord record(ResultSet rs) throws SQLException {
    return new NamespaceRecord(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
        rs.getString(6), dialect.flag(rs, 7), keys(rs.getString(8)), handovers(rs.getString(9)));
  }

  /**
   * The handovers as stored, each {@code id:file=signature}; a part without {@code =} is a handover stored before they
   * named their key (a signature has no {@code =}, a plain file name no {@code /} or {@code :}).
   */
  private static List<NamespaceRecord.Handover> handovers(String stored) {
    if (stored == null || stored.isEmpty()) {
      return List.of();
    }
    List<NamespaceRecord.Handover> handovers = new ArrayList<>();
    for (String part : stored.split(KEY_SEPARATOR)) {
      int colon = part.indexOf(':');
      int equals = part.lastIndexOf('=');
      if (equals < 0) {
        handovers.add(new NamespaceRecord.Handover(null, part));
      } else if (colon > 0 && equals > colon + 1 && equals < part.length() - 1) {
        handovers.add(new NamespaceRecord.Handover(new NamespaceRecord.KeyRef(part.substring(colon + 1, equals),
            part.substring(0, colon)), part.substring(equals + 1)));
      }
    }
    return handovers;
  }

  /**
   * The previous keys as stored; a part that is not {@code id:file} is left out (the record's signature covers the
   * list, so a changed one fails verification anyway).
   */
  private static List<NamespaceRecord.KeyRef> keys(String stored) {
    if (stored == null || stored.isEmpty()) {
      return List.of();
    }
    List<NamespaceRecord.KeyRef> keys = new ArrayList<>();
    for (String part : stored.split(KEY_SEPARATOR)) {
      int colon = part.indexOf(':');
      if (colon > 0 && colon < part.length() - 1) {
        keys.add(new NamespaceRecord.KeyRef(part.substring(colon + 1), part.substring(0, colon)));
      }
    }
    return keys;
  }
}
