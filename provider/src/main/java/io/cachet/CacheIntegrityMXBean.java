package io.cachet;

import java.util.List;
import java.util.Map;

/**
 * A cache's integrity counters and sealing diagnostics over JMX, registered for every open cache as
 * {@code io.cachet:type=CacheIntegrity,CacheManager=<uri>,Cache=<name>}.
 */
public interface CacheIntegrityMXBean {
  /** Entries refused since the cache was created. */
  long getRefusedEntries();

  /** Refused entries by reason, as {@link IntegrityEvent.Reason} names them. */
  Map<String, Long> getRefusalsByReason();

  /** Whether entries are signed and verified. */
  boolean isEntrySigning();

  /** The signature version new entries get. */
  int getSignatureVersion();

  /** The oldest signature version accepted. */
  int getMinimumSignatureVersion();

  /** The fields the current signature version signs. */
  List<String> getSignedFields();

  /** Whether the key lives only in this process. */
  boolean isInMemoryKey();

  /** The key file's name relative to the root, or null with an in-memory key. */
  String getSigningKeyFile();

  /** Whether the key file exists now. */
  boolean isKeyFilePresent();

  /** Whether stored values are encrypted. */
  boolean isEncryptAtRest();
}
