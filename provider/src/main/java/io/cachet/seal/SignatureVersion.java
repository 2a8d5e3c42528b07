package io.cachet.seal;

import static io.cachet.seal.SignedField.ACTUAL_PATH;
import static io.cachet.seal.SignedField.CACHE_KEY;
import static io.cachet.seal.SignedField.COMPRESSION_CODEC;
import static io.cachet.seal.SignedField.CREATED_AT;
import static io.cachet.seal.SignedField.DATA_TYPE;
import static io.cachet.seal.SignedField.ENCRYPTION;
import static io.cachet.seal.SignedField.EXPIRES_AT;
import static io.cachet.seal.SignedField.FILE_HASH;
import static io.cachet.seal.SignedField.FILE_SIZE;
import static io.cachet.seal.SignedField.GENERATION;
import static io.cachet.seal.SignedField.OBJECT_TYPE;
import static io.cachet.seal.SignedField.PREFIX;
import static io.cachet.seal.SignedField.SERIALIZER;
import static io.cachet.seal.SignedField.STORAGE_FORMAT;

import java.util.List;

/** The signature versions the verifier knows, each with its fixed field list and key choice. */
enum SignatureVersion {
  /** The guide's legacy version: its 11 fields including {@code actual_path}, master key. */
  V1(1, false, List.of(CACHE_KEY, DATA_TYPE, PREFIX, FILE_SIZE, FILE_HASH, OBJECT_TYPE, STORAGE_FORMAT,
      SERIALIZER, COMPRESSION_CODEC, CREATED_AT, ACTUAL_PATH)),
  /** The guide's current version: its 10 fields, master key. */
  V2(2, false, List.of(CACHE_KEY, DATA_TYPE, PREFIX, FILE_SIZE, FILE_HASH, OBJECT_TYPE, STORAGE_FORMAT,
      SERIALIZER, COMPRESSION_CODEC, CREATED_AT)),
  /**
   * Cachet's version: v2's fields plus {@code expires_at} and {@code encryption}, under a per-namespace
   * subkey. {@code encryption} is a departure from DESIGN §6, which predates encryption at rest.
   */
  V3(3, true, List.of(CACHE_KEY, DATA_TYPE, PREFIX, FILE_SIZE, FILE_HASH, OBJECT_TYPE, STORAGE_FORMAT,
      SERIALIZER, COMPRESSION_CODEC, CREATED_AT, EXPIRES_AT, ENCRYPTION)),
  /**
   * v3's fields plus {@code generation}, the write's place in its namespace's ledger, so that a row put back
   * after a newer write of its key (or after its removal) can be told from the current one (DESIGN §6,
   * freshness).
   */
  V4(4, true, List.of(CACHE_KEY, DATA_TYPE, PREFIX, FILE_SIZE, FILE_HASH, OBJECT_TYPE, STORAGE_FORMAT,
      SERIALIZER, COMPRESSION_CODEC, CREATED_AT, EXPIRES_AT, ENCRYPTION, GENERATION)),
  /**
   * v4's fields, with one more form of {@code file_hash}: for an AES-GCM payload it may name the ciphertext by
   * its nonce and tag ({@link PayloadCipher#contentId}) instead of its SHA-256, since the tag already
   * authenticates every byte and hashing them again doubled a large value's cost. The version number is
   * signed, so a v5 row relabelled as v4 fails its signature rather than being read by v4's rules.
   */
  V5(5, true, V4.fields),
  /**
   * v5's fields, signed together with the id of the key that signs them, which the signature also carries
   * ({@code v6:{key id}:{mac}}): a verifier holding several keys of a namespace (a rotation under way) picks the
   * key by its id, and a row signed with a key it does not hold is told from a forged one.
   */
  V6(6, true, V5.fields);

  /** The version the writer uses. */
  static final SignatureVersion CURRENT = V6;

  private final int number;
  private final boolean namespaceKey;
  private final List<SignedField> fields;

  SignatureVersion(int number, boolean namespaceKey, List<SignedField> fields) {
    this.number = number;
    this.namespaceKey = namespaceKey;
    this.fields = fields;
  }

  int number() {
    return number;
  }

  /** Whether the signature names, and its MAC covers, the id of the key that signed it. */
  boolean namesKey() {
    return number >= 6;
  }

  boolean usesNamespaceKey() {
    return namespaceKey;
  }

  List<SignedField> fields() {
    return fields;
  }

  /** The version with this number, or null if unknown. */
  static SignatureVersion of(int number) {
    for (SignatureVersion version : values()) {
      if (version.number == number) {
        return version;
      }
    }
    return null;
  }
}
