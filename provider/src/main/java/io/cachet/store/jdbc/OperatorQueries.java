package io.cachet.store.jdbc;

import io.cachet.store.CorruptDatabaseException;
import io.cachet.store.NamespaceSummary;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What operators ask of a {@link JdbcEntryStore} about the database as a whole, rather than rows of a cache: counts,
 * the database's own check, the namespaces of rows, and compaction after large deletes.
 */
final class OperatorQueries {
  private final Transactions transactions;
  private final SqlDialect dialect;
  private final EntriesTable entries;

  OperatorQueries(Transactions transactions, SqlDialect dialect, EntriesTable entries) {
    this.transactions = transactions;
    this.dialect = dialect;
    this.entries = entries;
  }

  /** See {@link io.cachet.store.EntryStore#summarize}. */
  NamespaceSummary summarize(String namespace, long now) {
    return transactions.readSnapshot("summarize a namespace", namespace, session -> {
      PreparedStatement totals = session.statement(entries.summary);
      totals.setLong(1, now);
      totals.setString(2, namespace);
      PreparedStatement versions = session.statement(entries.signatureVersions);
      versions.setString(1, namespace);
      Map<String, Long> signatures = new TreeMap<>();
      try (ResultSet rs = versions.executeQuery()) {
        while (rs.next()) {
          signatures.merge(signatureVersion(rs.getString(1)), rs.getLong(2), Long::sum);
        }
      }
      try (ResultSet rs = totals.executeQuery()) {
        rs.next();
        long lastWrite = rs.getLong(6);
        Long newest = rs.wasNull() ? null : lastWrite;
        return new NamespaceSummary(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
            signatures, newest);
      }
    });
  }

  /**
   * The version a signature's first characters name: {@code v5} for {@code v5:…}, {@code v1} for bare hex, and from
   * version 6 on the version with the key: {@code v6:3f9c0d61a2b4e875}.
   */
  private static String signatureVersion(String start) {
    if (start == null || start.isEmpty()) {
      return NamespaceSummary.UNSIGNED;
    }
    if (start.charAt(0) != 'v') {
      return "v1";
    }
    if (start.matches("v6:[0-9a-f]{16}")) {
      return start;
    }
    int colon = start.indexOf(':');
    return colon > 1 ? start.substring(0, colon) : "malformed";
  }

  /**
   * Runs the dialect's {@link SqlDialect#integrityCheck} on a reader: it never waits for writers, nor they for it.
   * Where damage stops the check itself, the backend's report of it is the one finding.
   */
  List<String> checkIntegrity() {
    String check = dialect.integrityCheck();
    if (check == null) {
      return List.of();
    }
    try {
      return transactions.read("check the database", null, session -> {
        List<String> findings = new ArrayList<>();
        try (ResultSet rs = session.statement(check).executeQuery()) {
          while (rs.next()) {
            // SQLite heads its findings with the database's name ("*** in database main ***"), at times in the
            // same row as the first: Cachet's database is always the main one.
            for (String line : String.valueOf(rs.getString(1)).split("\n")) {
              String finding = line.strip();
              if (!finding.isEmpty() && !finding.equals("ok") && !finding.startsWith("*** in database ")) {
                findings.add(finding);
              }
            }
          }
        }
        return findings;
      });
    } catch (CorruptDatabaseException e) {
      return List.of(e.damage());
    }
  }

  /** See {@link io.cachet.store.EntryStore#rowNamespaces}. */
  Set<String> rowNamespaces() {
    return transactions.read("list the namespaces of rows", null, session -> {
      Set<String> names = new HashSet<>();
      try (ResultSet rs = session.statement(EntriesTable.ROW_NAMESPACES).executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      return names;
    });
  }

  /** See {@link io.cachet.store.EntryStore#compact}: {@link SqlDialect#compact} in {@link Transactions#maintain}. */
  void compact() {
    transactions.maintain("compact the database", session -> {
      dialect.compact(session);
      return null;
    });
  }
}
