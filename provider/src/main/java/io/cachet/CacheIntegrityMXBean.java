package io.cachet;

import java.util.List;
import java.util.Map;

/**
 * A cache's integrity counters and sealing diagnostics over JMX, registered for every open cache as
 * {@code io.cachet:type=CacheIntegrity,CacheManager=<uri>,Cache=<name>}.
 */
public interface CacheIntegrityMXBean {
  /** {@return entries refused since the cache was created} */
  long getRefusedEntries();

  /** {@return refused entries by reason, as {@link IntegrityEvent.Reason} names them} */
  Map<String, Long> getRefusalsByReason();

  /** {@return whether entries are signed and verified} */
  boolean isEntrySigning();

  /** {@return the signature version new entries get} */
  int getSignatureVersion();

  /** {@return the oldest signature version accepted} */
  int getMinimumSignatureVersion();

  /** {@return the fields the current signature version signs} */
  List<String> getSignedFields();

  /** {@return whether the key lives only in this process} */
  boolean isInMemoryKey();

  /** {@return the key file's name relative to the root, or null with an in-memory key} */
  String getSigningKeyFile();

  /** {@return whether the key file exists now} */
  boolean isKeyFilePresent();

  /** {@return whether stored values are encrypted} */
  boolean isEncryptAtRest();
}
