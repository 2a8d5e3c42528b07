package io.cachet.sealed;

import java.util.List;

/**
 * How a namespace seals its entries, as the security guide's {@code get_field_info} reports it.
 *
 * @param entrySigning whether entries are signed and verified
 * @param signatureVersion the version new entries are signed with
 * @param minimumSignatureVersion the oldest version still accepted
 * @param signedFields the fields the current version signs, in signing order
 * @param inMemoryKey whether the key lives only in this process
 * @param signingKeyFile the key file's name relative to the root, or null with an in-memory key
 * @param keyFilePresent whether that key file exists now
 * @param encryptAtRest whether payloads are encrypted
 */
public record SealDiagnostics(boolean entrySigning, int signatureVersion, int minimumSignatureVersion,
    List<String> signedFields, boolean inMemoryKey, String signingKeyFile, boolean keyFilePresent,
    boolean encryptAtRest) {

  public SealDiagnostics {
    signedFields = List.copyOf(signedFields);
  }
}
