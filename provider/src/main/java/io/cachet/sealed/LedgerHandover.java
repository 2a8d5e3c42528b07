package io.cachet.sealed;

import io.cachet.seal.LedgerSeal;
import io.cachet.store.Ledger;
import io.cachet.store.Ledger.Reads;
import io.cachet.store.Ledger.RowStamp;
import io.cachet.store.Ledger.Update;
import io.cachet.store.LedgerState;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Moves a namespace's ledger from the key a rotation retires to the new one, in the transaction that retires it: the
 * same generations, trusted rows and journal, with the digest summed again under the new key's elements and the
 * state signed by it. A ledger the retiring key does not verify is left as it is (processes restart it, as they
 * would have); one whose rows no longer match it is restarted under the new key, trusting no row written before,
 * as an attaching process would have restarted it.
 */
final class LedgerHandover implements Ledger.Audit {
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");

  private final String namespace;
  private final LedgerSeal from;
  private final LedgerSeal to;

  LedgerHandover(String namespace, LedgerSeal from, LedgerSeal to) {
    this.namespace = namespace;
    this.from = from;
    this.to = to;
  }

  @Override
  public Update audit(LedgerState stored, Reads reads) {
    if (!LedgerSeals.sealedBy(from, stored)) {
      return null;
    }
    long[] sealed = new long[2];
    long[] handedOver = new long[2];
    long counted = 0;
    long highest = 0;
    for (RowStamp stamp : reads.rows()) {
      long generation = stamp.generation() == null ? 0 : stamp.generation();
      highest = Math.max(highest, generation);
      if (generation >= stored.since() && from.accumulate(sealed, stamp.signature(), 1)) {
        to.accumulate(handedOver, stamp.signature(), 1);
        counted++;
      }
    }
    if (LedgerSeal.format(sealed).equals(stored.digest()) && counted == stored.rows()
        && highest <= stored.generation()) {
      return new Update(NamespaceLedger.state(to, stored.generation(), stored.since(), stored.rows(), handedOver,
          stored.journalHash()), List.of(), 0);
    }
    LOG.log(Level.WARNING, "The rows of namespace \"{0}\" do not match its signed ledger: rows were put back, added "
        + "or deleted behind Cachet''s back. Its entries written before now are refused as replayed", namespace);
    long last = Math.max(stored.generation(), highest);
    return new Update(NamespaceLedger.state(to, last, last + 1, 0, new long[2], to.journalStart(last + 1)),
        List.of(), last + 1);
  }
}
