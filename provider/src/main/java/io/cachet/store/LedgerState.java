package io.cachet.store;

/**
 * One namespace's ledger as stored: what lets a reader tell a current row from one put back. The store keeps it
 * and changes it only in the transactions that change the namespace's rows; its meaning is the sealed layer's.
 *
 * @param generation the last generation issued to a change of the namespace
 * @param since rows of an older generation are no longer trusted
 * @param rows how many rows the digest covers
 * @param digest the digest of the covered rows, or null if unreadable
 * @param journalHash the hash chained over the journal's entries up to {@code generation}, or null if unreadable
 * @param signature the state's signature, or null
 */
public record LedgerState(long generation, long since, long rows, String digest, String journalHash,
    String signature) {}
