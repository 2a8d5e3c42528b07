package io.cachet.seal;

/** Signs entry fields with an older signature version, as the Cachet release that wrote it did. */
public final class OlderSignatures {
  private OlderSignatures() {}

  /** The signature of {@code version} over the fields, under the signer's key for that version. */
  public static String sign(HmacEntrySigner signer, EntryFields fields, int version) {
    return signer.sign(fields, SignatureVersion.of(version));
  }
}
