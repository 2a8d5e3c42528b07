package io.cachet;

import java.util.List;

/**
 * How a cache seals its entries: the security guide's {@code get_field_info}.
 *
 * @param entrySigning whether entries are signed and verified
 * @param signatureVersion the version new entries are signed with
 * @param minimumSignatureVersion the oldest version still accepted
 * @param signedFields the fields that version signs, in signing order
 * @param inMemoryKey whether the signing key lives only in this process
 * @param signingKeyFile the key file's name relative to the root, or null with an in-memory key
 * @param keyFilePresent whether that key file exists now
 * @param encryptAtRest whether stored values are encrypted
 */
public record SealInfo(boolean entrySigning, int signatureVersion, int minimumSignatureVersion,
    List<String> signedFields, boolean inMemoryKey, String signingKeyFile, boolean keyFilePresent,
    boolean encryptAtRest) {

  /**
   * The diagnostics, with an immutable copy of the signed fields.
   *
   * @param entrySigning whether entries are signed and verified
   * @param signatureVersion the version new entries are signed with
   * @param minimumSignatureVersion the oldest version still accepted
   * @param signedFields the fields that version signs, in signing order
   * @param inMemoryKey whether the signing key lives only in this process
   * @param signingKeyFile the key file's name relative to the root, or null with an in-memory key
   * @param keyFilePresent whether that key file exists now
   * @param encryptAtRest whether stored values are encrypted
   */
  public SealInfo {
    signedFields = List.copyOf(signedFields);
  }
}
