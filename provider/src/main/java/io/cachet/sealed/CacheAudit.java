package io.cachet.sealed;

import java.util.List;

/**
 * What an audit found of one cache.
 *
 * @param name the cache's name
 * @param keyFile the key file its record names, or null (in-memory key, or unsigned)
 * @param keyId the id of the key its record names, or null if unsigned
 * @param key what the audit could do with that key
 * @param rows the rows scanned
 * @param verified the rows whose signature, key and payload verified
 * @param payloadBytes the payload bytes of the verified rows
 * @param ledger whether the cache keeps a shared ledger, so that rows put back are found too
 * @param findings what is wrong, row by row and then for the cache as a whole
 */
public record CacheAudit(String name, String keyFile, String keyId, KeyStatus key, long rows, long verified,
    long payloadBytes, boolean ledger, List<AuditFinding> findings) {

  public CacheAudit {
    findings = List.copyOf(findings);
  }

  /** Whether the cache's rows could be checked, and with what. */
  public enum KeyStatus {
    /** Its record verifies under its key file, and so was every row checked. */
    VERIFIED,
    /** Signing is off: each row's key and payload hash were checked, nothing more can be. */
    UNSIGNED,
    /** Its key lives only in the memory of the process that wrote it: its rows cannot be checked from outside. */
    IN_MEMORY_KEY,
    /** Its rows cannot be checked: the key file is missing, unsafe, or its record does not verify. */
    UNVERIFIABLE
  }
}
