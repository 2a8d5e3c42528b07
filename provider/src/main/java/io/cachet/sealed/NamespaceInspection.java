package io.cachet.sealed;

import io.cachet.serial.ClassNotAllowedException;
import io.cachet.serial.UndecodableException;
import io.cachet.serial.ValueCodec;
import io.cachet.store.BlobStore;
import io.cachet.store.EntryStore;
import io.cachet.store.NamespaceRecord;
import io.cachet.store.StoredRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rows of one namespace as an operator inspects them: their signed metadata and what {@link RowChecks} finds of
 * each, and, only when asked, the key and value decoded from exactly the bytes that verified, through the codec's
 * class filter. Changes nothing.
 */
final class NamespaceInspection {
  private static final Pattern VERSIONED = Pattern.compile("v\\d{1,3}:.*");
  private static final Pattern BARE_HEX = Pattern.compile("[0-9a-f]{64}");

  private NamespaceInspection() {}

  /**
   * @param keyHash the one row to inspect, or null for the first {@code limit} rows by key hash
   * @param codec decodes keys and values of rows that verified; null decodes nothing
   */
  static List<InspectedRow> inspect(NamespaceRecord record, EntryStore entries, BlobStore blobs, KeyRing keys,
      String keyHash, int limit, ValueCodec codec) {
    List<String> keyHashes = keyHash != null ? List.of(keyHash)
        : entries.scan(record.name()).stream().map(StoredRow::cacheKey).sorted(Comparator.naturalOrder())
            .limit(limit).toList();
    List<InspectedRow> inspected = new ArrayList<>();
    try (RowChecks checks = new RowChecks(record, entries, blobs, keys, false)) {
      for (String hash : keyHashes) {
        if (checks.verifiable()) {
          RowChecks.Checked checked = checks.check(hash);
          if (checked != null) {
            inspected.add(inspected(checked.row(), checked.refusal() == null ? null
                : AuditFinding.code(checked.refusal()), checked.refusal() == null ? codec : null,
                checked.serialized()));
          }
        } else {
          StoredRow row = entries.get(record.name(), hash);
          if (row != null) {
            inspected.add(inspected(row, "unverifiable", null, null));
          }
        }
      }
    }
    return inspected;
  }

  private static InspectedRow inspected(StoredRow row, String problem, ValueCodec codec, byte[] serialized) {
    Object key = null;
    Object value = null;
    String undecodable = null;
    if (codec != null) {
      try {
        key = codec.decode(row.keyBytes());
        value = codec.decode(serialized);
      } catch (UndecodableException e) {
        undecodable = (e instanceof ClassNotAllowedException ? "class not allowed: " : "undecodable: ")
            + e.className();
      }
    }
    return new InspectedRow(row.cacheKey(), Instant.ofEpochMilli(row.createdAt()),
        row.expiresAt() == null ? null : Instant.ofEpochMilli(row.expiresAt()), row.generation(), row.fileSize(),
        StoredRow.BLOB.equals(row.storageFormat()) ? "blob " + row.blobId() : String.valueOf(row.storageFormat()),
        row.encryption() == null ? StoredRow.NO_ENCRYPTION : row.encryption(), row.objectType(),
        signatureVersion(row.entrySignature()), problem, key, value, undecodable);
  }

  private static String signatureVersion(String signature) {
    if (signature == null || signature.isEmpty()) {
      return "unsigned";
    }
    if (VERSIONED.matcher(signature).matches()) {
      return signature.substring(0, signature.indexOf(':'));
    }
    return BARE_HEX.matcher(signature).matches() ? "v1" : "malformed";
  }
}
