package io.cachet.store.jdbc;

import io.cachet.store.JournalEntry;
import io.cachet.store.Ledger;
import io.cachet.store.LedgerState;
import io.cachet.store.StorageException;
import io.cachet.store.StoredRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** The {@code ledgers} and {@code ledger_journal} tables: a namespace's ledger state and its journal. */
final class LedgerTables {
  private static final String TEXT_LIMIT = Integer.toString(StoredRow.MAX_TEXT_BYTES);
  private static final String SELECT_LEDGER = "SELECT generation, since, live_rows, "
      + EntryColumn.atMost("digest", TEXT_LIMIT) + ", " + EntryColumn.atMost("journal_hash", TEXT_LIMIT) + ", "
      + EntryColumn.atMost("signature", TEXT_LIMIT) + " FROM ledgers WHERE namespace = ?";
  private static final String INSERT_LEDGER = "INSERT INTO ledgers (namespace, generation, since, live_rows, "
      + "digest, journal_hash, signature) VALUES (?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT_JOURNAL = "SELECT generation, " + EntryColumn.atMost("cache_key", TEXT_LIMIT)
      + ", removed FROM ledger_journal WHERE namespace = ? AND generation > ? ORDER BY generation";
  private static final String INSERT_JOURNAL =
      "INSERT INTO ledger_journal (namespace, generation, cache_key, removed) VALUES (?, ?, ?, ?)";
  private static final String PRUNE_JOURNAL = "DELETE FROM ledger_journal WHERE namespace = ? AND generation < ?";
  // Rows are fetched this many at a time, so that a ledger reading a large namespace does not hold all of it.
  private static final int FETCH_SIZE = 1000;

  /** The ledger of a namespace that keeps none: told everything, keeps nothing. */
  static final Ledger NO_LEDGER = new Ledger() {
    @Override
    public void begin(LedgerState stored, Reads reads) {}

    @Override
    public long nextGeneration(StoredRow current) {
      throw new IllegalStateException("No ledger is kept for this namespace");
    }

    @Override
    public void removed(String cacheKey, Long generation, String signature) {}

    @Override
    public void written(String cacheKey, Long generation, String signature) {}

    @Override
    public void cleared() {}

    @Override
    public Update end() {
      return null;
    }

    @Override
    public void committed() {}
  };

  private final SqlDialect dialect;
  private final String replaceLedger;
  private final String replaceJournal;
  private final String selectStamps;

  LedgerTables(SqlDialect dialect, EntriesTable entries) {
    this.dialect = dialect;
    replaceLedger = dialect.insertOrReplace(INSERT_LEDGER, "namespace", "generation = excluded.generation, "
        + "since = excluded.since, live_rows = excluded.live_rows, digest = excluded.digest, "
        + "journal_hash = excluded.journal_hash, signature = excluded.signature");
    replaceJournal = dialect.insertOrReplace(INSERT_JOURNAL, "namespace, generation",
        "cache_key = excluded.cache_key, removed = excluded.removed");
    selectStamps = entries.selectStamps;
  }

  /** The namespace's stored ledger state, or null. */
  static LedgerState read(SqlSession session, String namespace) throws SQLException {
    PreparedStatement select = session.statement(SELECT_LEDGER);
    select.setString(1, namespace);
    try (ResultSet rs = select.executeQuery()) {
      return rs.next() ? new LedgerState(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
          rs.getString(5), rs.getString(6)) : null;
    }
  }

  /** Stores the ledger's new state, prunes its journal and appends to it. */
  void store(SqlSession session, String namespace, Ledger.Update update) throws SQLException {
    LedgerState state = update.state();
    PreparedStatement replace = session.statement(replaceLedger);
    replace.setString(1, namespace);
    replace.setLong(2, state.generation());
    replace.setLong(3, state.since());
    replace.setLong(4, state.rows());
    replace.setString(5, state.digest());
    replace.setString(6, state.journalHash());
    replace.setString(7, state.signature());
    replace.executeUpdate();
    if (update.keepFrom() > 0) {
      PreparedStatement prune = session.statement(PRUNE_JOURNAL);
      prune.setString(1, namespace);
      prune.setLong(2, update.keepFrom());
      prune.executeUpdate();
    }
    if (!update.appended().isEmpty()) {
      PreparedStatement insert = session.statement(replaceJournal);
      for (JournalEntry entry : update.appended()) {
        insert.setString(1, namespace);
        insert.setLong(2, entry.generation());
        insert.setString(3, entry.cacheKey());
        dialect.setFlag(insert, 4, entry.removed());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * A namespace's journal and rows as one session sees them, for a ledger; the row scans it opens are closed
   * with it.
   */
  Reads reads(SqlSession session, String namespace) {
    return new Reads(session, namespace);
  }

  final class Reads implements Ledger.Reads, AutoCloseable {
    private final SqlSession session;
    private final String namespace;
    private final List<ResultSet> open = new ArrayList<>();

    private Reads(SqlSession session, String namespace) {
      this.session = session;
      this.namespace = namespace;
    }

    @Override
    public List<JournalEntry> journalAfter(long generation) {
      try {
        PreparedStatement select = session.statement(SELECT_JOURNAL);
        select.setString(1, namespace);
        select.setLong(2, generation);
        List<JournalEntry> entries = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            entries.add(new JournalEntry(rs.getLong(1), rs.getString(2), dialect.flag(rs, 3)));
          }
        }
        return entries;
      } catch (SQLException e) {
        throw failure(dialect, "read the journal", namespace, e);
      }
    }

    @Override
    public Iterable<Ledger.RowStamp> rows() {
      return () -> {
        try {
          PreparedStatement select = session.statement(selectStamps);
          select.setFetchSize(FETCH_SIZE);
          select.setString(1, namespace);
          ResultSet rs = select.executeQuery();
          open.add(rs);
          return new StampIterator(dialect, rs, namespace);
        } catch (SQLException e) {
          throw failure(dialect, "read the rows", namespace, e);
        }
      };
    }

    @Override
    public void close() throws SQLException {
      SQLException failure = null;
      for (ResultSet rs : open) {
        try {
          rs.close();
        } catch (SQLException e) {
          failure = e;
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** The (cache key, generation, signature) of each row a query of {@link EntriesTable#selectStamps} returns. */
  private static final class StampIterator implements Iterator<Ledger.RowStamp> {
    private final SqlDialect dialect;
    private final ResultSet rs;
    private final String namespace;
    private Boolean hasNext;

    StampIterator(SqlDialect dialect, ResultSet rs, String namespace) {
      this.dialect = dialect;
      this.rs = rs;
      this.namespace = namespace;
    }

    @Override
    public boolean hasNext() {
      if (hasNext == null) {
        try {
          hasNext = rs.next();
        } catch (SQLException e) {
          throw failure(dialect, "read the rows", namespace, e);
        }
      }
      return hasNext;
    }

    @Override
    public Ledger.RowStamp next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      hasNext = null;
      try {
        return new Ledger.RowStamp(rs.getString(1), EntriesTable.nullableLong(rs, 2), rs.getString(3));
      } catch (SQLException e) {
        throw failure(dialect, "read the rows", namespace, e);
      }
    }
  }

  private static StorageException failure(SqlDialect dialect, String operation, String namespace, SQLException e) {
    return StorageException.of(dialect.kind(e), operation).namespace(namespace).because(e);
  }
}
