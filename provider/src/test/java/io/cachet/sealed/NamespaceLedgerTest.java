package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cachet.seal.HmacEntrySigner;
import io.cachet.store.EntryStore;
import io.cachet.store.Ledger;
import io.cachet.store.StoredRow;
import io.cachet.store.TestRow;
import io.cachet.store.sqlite.SqliteEntryStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NamespaceLedger} on a real SQLite store: a reader's catching up while its own process commits. */
class NamespaceLedgerTest {
  private static final String NS = "books";

  @TempDir Path root;

  private static HmacEntrySigner key() {
    byte[] key = new byte[HmacEntrySigner.KEY_LENGTH];
    Arrays.fill(key, (byte) 5);
    return new HmacEntrySigner(key, 3);
  }

  @Test
  void readerSnapshotsOvertakenByCommitsOfTheirOwnProcess_areNoLedgerPutBack() throws Exception {
    HmacEntrySigner signer = key();
    NamespaceKeys keys = NamespaceKeys.fixed(NS, new NamespaceKeys.Held(signer, List.of()));
    AtomicInteger overtakenReads = new AtomicInteger();
    try (SqliteEntryStore sqlite = SqliteEntryStore.open(root.resolve("cachet.db"), false)) {
      NamespaceLedger[] ledger = new NamespaceLedger[1];
      RowSealer[] sealer = new RowSealer[1];
      AtomicInteger written = new AtomicInteger();
      // Each ledger read this process begins is overtaken, before it is taken in, by two commits of its own, as a busy
      // writer thread beside a reader does.
      EntryStore store = (EntryStore) Proxy.newProxyInstance(EntryStore.class.getClassLoader(),
          new Class<?>[] {EntryStore.class}, (proxy, method, args) -> {
            if (method.getName().equals("readLedger") && overtakenReads.getAndDecrement() > 0) {
              Ledger.Reader<?> reader = (Ledger.Reader<?>) args[1];
              return sqlite.readLedger(NS, (stored, reads) -> {
                write(sqlite, sealer[0], signer, "k" + written.incrementAndGet());
                write(sqlite, sealer[0], signer, "k" + written.incrementAndGet());
                return reader.read(stored, reads);
              });
            }
            try {
              return method.invoke(sqlite, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      ledger[0] = new NamespaceLedger(NS, new LedgerSeals(NS, keys), store, false);
      sealer[0] = new RowSealer(NS, keys, false, ledger[0]);
      store.audit(NS, ledger[0]::audit);
      store.keepLedger(NS, ledger[0]);
      write(store, sealer[0], signer, "k0");
      StoredRow first = store.get(NS, "k0");
      overtakenReads.set(4);

      assertDoesNotThrow(() -> ledger[0].check(first, 0), "the row is current: nothing was put back");

      assertEquals(2, written.get(), "its one read of the ledger was overtaken by two commits");
      for (int i = 0; i <= written.get(); i++) {
        StoredRow row = store.get(NS, "k" + i);
        assertDoesNotThrow(() -> ledger[0].check(row, -1), row.cacheKey() + " is current too");
      }
    }
  }

  private static void write(EntryStore store, RowSealer sealer, HmacEntrySigner signer, String cacheKey) {
    store.upsert(NS, cacheKey, current -> sealer.seal(TestRow.of(NS, cacheKey).build(), current,
        new RowSealer.Signing(signer, null)), false);
  }
}
