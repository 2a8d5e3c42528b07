package io.cachet.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class HmacEntrySignerTest {
  private static final byte[] KEY = filled(7);
  private static final EntryFields FIELDS = new EntryFields("books", "a".repeat(64), "object", "books", 42,
      "b".repeat(64), "java.lang.String", "inline", "kryo5", "none", "none", 1000, 5000L, 7L, null);

  private final HmacEntrySigner signer = new HmacEntrySigner(KEY, HmacEntrySigner.CURRENT_VERSION);

  private static byte[] filled(int value) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) value);
    return key;
  }

  private static EntryFields with(UnaryOperator<Object[]> change) {
    Object[] c = {FIELDS.namespace(), FIELDS.cacheKey(), FIELDS.dataType(), FIELDS.prefix(), FIELDS.fileSize(),
        FIELDS.fileHash(), FIELDS.objectType(), FIELDS.storageFormat(), FIELDS.serializer(),
        FIELDS.compressionCodec(), FIELDS.encryption(), FIELDS.createdAt(), FIELDS.expiresAt(),
        FIELDS.generation(), FIELDS.actualPath()};
    c = change.apply(c);
    return new EntryFields((String) c[0], (String) c[1], (String) c[2], (String) c[3], (Long) c[4],
        (String) c[5], (String) c[6], (String) c[7], (String) c[8], (String) c[9], (String) c[10], (Long) c[11],
        (Long) c[12], (Long) c[13], (String) c[14]);
  }

  @Test
  void sign_writesVersion6_namingTheKeyId_then64LowercaseHexDigits() {
    String signature = signer.sign(FIELDS);
    assertTrue(signature.matches("v6:" + signer.keyId() + ":[0-9a-f]{64}"), signature);
    assertEquals(6, HmacEntrySigner.CURRENT_VERSION);
    assertEquals(signer.keyId(), HmacEntrySigner.keyIdOf(signature));
    assertNull(HmacEntrySigner.keyIdOf(new HmacEntrySigner(KEY, 1).sign(FIELDS, SignatureVersion.V5)));
    assertNull(HmacEntrySigner.keyIdOf("v6:" + signer.keyId() + ":xyz"));
  }

  @Test
  void verify_acceptsOwnSignature_andIsDeterministic() {
    String signature = signer.sign(FIELDS);

    assertEquals(Verification.VALID, signer.verify(FIELDS, signature));
    assertEquals(signature, new HmacEntrySigner(KEY, 4).sign(FIELDS));
  }

  @Test
  void verify_reportsMismatch_whenAnySignedFieldChanges() {
    String signature = signer.sign(FIELDS);
    for (int i = 1; i <= 13; i++) {
      int index = i;
      EntryFields changed = with(c -> {
        c[index] = c[index] instanceof Long number ? (Object) (number + 1) : c[index] + "x";
        return c;
      });
      assertEquals(Verification.MISMATCH, signer.verify(changed, signature), "field " + index);
    }
  }

  @Test
  void verify_reportsMismatch_whenExpiryBecomesEternal_nullDiffersFromAnyValue() {
    String signature = signer.sign(FIELDS);

    assertEquals(Verification.MISMATCH, signer.verify(with(c -> {
      c[12] = null;
      return c;
    }), signature));
  }

  @Test
  void sign_distinguishesNullFromEmptyField() {
    EntryFields nullType = with(c -> {
      c[2] = null;
      return c;
    });
    EntryFields emptyType = with(c -> {
      c[2] = "";
      return c;
    });

    assertNotEquals(signer.sign(nullType), signer.sign(emptyType));
  }

  @Test
  void sign_hasNoSeparatorAmbiguity_betweenAdjacentFields() {
    EntryFields left = with(c -> {
      c[2] = "ab";
      c[3] = "c";
      return c;
    });
    EntryFields right = with(c -> {
      c[2] = "a";
      c[3] = "bc";
      return c;
    });

    assertNotEquals(signer.sign(left), signer.sign(right));
  }

  @Test
  void verify_reportsMismatch_whenRowMovesToAnotherNamespace() {
    String signature = signer.sign(FIELDS);

    assertEquals(Verification.MISMATCH, signer.verify(with(c -> {
      c[0] = "authors";
      return c;
    }), signature));
  }

  @Test
  void verify_reportsOtherKey_forASignatureNamingAnotherKey_andMismatch_whenItsKeyIdIsRelabelled() {
    HmacEntrySigner other = new HmacEntrySigner(filled(8), 3);
    String signature = signer.sign(FIELDS);
    String relabelled = "v6:" + other.keyId() + signature.substring(19);

    assertEquals(Verification.OTHER_KEY, other.verify(FIELDS, signature));
    assertEquals(Verification.MISMATCH, other.verify(FIELDS, relabelled), "the key id is signed too");
    assertEquals(Verification.MISMATCH, new HmacEntrySigner(KEY, 3).verify(FIELDS, "v5:" + signature.substring(20)),
        "a version 6 signature relabelled as version 5 does not verify");
  }

  @Test
  void verify_refusesOlderVersions_byDefault_butUnderstandsThemWhenAllowed() {
    HmacEntrySigner lenient = new HmacEntrySigner(KEY, 1);
    String v2 = lenient.sign(FIELDS, SignatureVersion.V2);
    String v1 = lenient.sign(FIELDS, SignatureVersion.V1);
    String bareHex = v1.substring(3);

    assertTrue(v2.startsWith("v2:"));
    assertEquals(Verification.OLD_VERSION, signer.verify(FIELDS, v2));
    assertEquals(Verification.OLD_VERSION, signer.verify(FIELDS, bareHex));
    assertEquals(Verification.VALID, lenient.verify(FIELDS, v2));
    assertEquals(Verification.VALID, lenient.verify(FIELDS, v1));
    assertEquals(Verification.VALID, lenient.verify(FIELDS, bareHex));
    assertEquals(Verification.VALID, lenient.verify(with(c -> {
      c[12] = null;
      return c;
    }), v2), "v2 does not sign expires_at");
    assertEquals(Verification.VALID, lenient.verify(with(c -> {
      c[10] = null;
      return c;
    }), v2), "v2 does not sign encryption");
    assertEquals(Verification.MISMATCH, lenient.verify(with(c -> {
      c[14] = "/elsewhere";
      return c;
    }), v1), "v1 signs actual_path");
  }

  @Test
  void verify_reportsMalformedOrUnsigned_forBadSignatureStrings() {
    String good = signer.sign(FIELDS);
    for (String bad : List.of("v3:", "v3:xyz", "v9:" + good.substring(3), "v:" + good.substring(3),
        "v3:" + good.substring(3).toUpperCase(), good + "0", "garbage", "v3" + good.substring(2, 10),
        "v6:" + good.substring(20), good.replace(good.substring(3, 19), good.substring(3, 19).toUpperCase()),
        good.substring(0, 19) + good.substring(20), "v3:" + good.substring(20, 40))) {
      assertEquals(Verification.MALFORMED, new HmacEntrySigner(KEY, 1).verify(FIELDS, bad), bad);
    }
    assertEquals(Verification.UNSIGNED, signer.verify(FIELDS, null));
    assertEquals(Verification.UNSIGNED, signer.verify(FIELDS, ""));
  }

  @Test
  void namespaceSignature_verifiesOnlyForTheSameRecord() {
    String id = "0".repeat(32);
    String keyId = signer.keyId();
    String signature = signer.signNamespace("books", id, 10, "k.bin", keyId);

    assertEquals(Verification.VALID, signer.verifyNamespace("books", id, 10, "k.bin", keyId, signature));
    assertEquals(Verification.MISMATCH, signer.verifyNamespace("authors", id, 10, "k.bin", keyId, signature));
    assertEquals(Verification.MISMATCH, signer.verifyNamespace("books", "1".repeat(32), 10, "k.bin", keyId,
        signature));
    assertEquals(Verification.MISMATCH, signer.verifyNamespace("books", id, 11, "k.bin", keyId, signature));
    assertEquals(Verification.MISMATCH, signer.verifyNamespace("books", id, 10, "other.bin", keyId, signature));
    assertEquals(Verification.MISMATCH, signer.verifyNamespace("books", id, 10, null, keyId, signature));
    assertEquals(Verification.MISMATCH, signer.verifyNamespace("books", id, 10, "k.bin", "00", signature));
    assertEquals(Verification.MISMATCH, signer.verifyNamespace("books", id, 10, "k.bin", keyId, true, signature));
    String ledgered = signer.signNamespace("books", id, 10, "k.bin", keyId, true);
    assertEquals(Verification.VALID, signer.verifyNamespace("books", id, 10, "k.bin", keyId, true, ledgered));
    assertEquals(Verification.MISMATCH, signer.verifyNamespace("books", id, 10, "k.bin", keyId, false, ledgered));
    assertTrue(signature.startsWith("v3:"), "namespace records keep version 3, so older ones still verify");
  }

  @Test
  void keyId_isA16HexFingerprint_stablePerKey_andDiffersBetweenKeys() {
    assertTrue(signer.keyId().matches("[0-9a-f]{16}"));
    assertEquals(signer.keyId(), new HmacEntrySigner(KEY, 1).keyId());
    assertNotEquals(signer.keyId(), new HmacEntrySigner(filled(8), 3).keyId());
  }

  @Test
  void cipher_roundTrips_andRefusesAnotherEntryNamespaceOrKey() {
    PayloadCipher cipher = signer.cipher("books");
    byte[] plaintext = "secret value".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] stored = cipher.encrypt("k", 10, plaintext);

    assertEquals(12 + plaintext.length + 16, stored.length);
    assertArrayEquals(plaintext, cipher.decrypt("k", 10, stored));
    assertFalse(Arrays.equals(stored, cipher.encrypt("k", 10, plaintext)), "a fresh nonce per write");
    assertNull(cipher.decrypt("other", 10, stored));
    assertNull(cipher.decrypt("k", 11, stored));
    assertNull(signer.cipher("authors").decrypt("k", 10, stored));
    assertNull(new HmacEntrySigner(filled(8), 3).cipher("books").decrypt("k", 10, stored));
    stored[20] ^= 1;
    assertNull(cipher.decrypt("k", 10, stored));
  }

  @Test
  void subkeys_areDomainSeparated_soNoNamespaceNameTurnsASigningKeyIntoAnEncryptionKey() {
    byte[] encryptionInfo = Hkdf.info("cachet-encryption", "books");
    String crafted = new String(encryptionInfo, java.nio.charset.StandardCharsets.UTF_8);

    assertFalse(Arrays.equals(Hkdf.info("cachet-signing", crafted), encryptionInfo));
    assertFalse(Arrays.equals(Hkdf.info("cachet-signing", "cachet-encryptionbooks"), encryptionInfo));
  }

  @Test
  void constructor_refusesKeysOfWrongLength_andUnknownMinimumVersions() {
    assertThrows(IllegalArgumentException.class, () -> new HmacEntrySigner(new byte[16], 3));
    assertThrows(IllegalArgumentException.class, () -> new HmacEntrySigner(KEY, 7));
  }

  @Test
  void signedFields_listTheGuidesTenFieldsPlusExpiresAtEncryptionAndGeneration() {
    assertEquals(List.of("cache_key", "data_type", "prefix", "file_size", "file_hash", "object_type",
        "storage_format", "serializer", "compression_codec", "created_at", "expires_at", "encryption", "generation"),
        signer.signedFields());
  }

  @Test
  void hkdf_matchesRfc5869TestCase3_firstBlock() {
    byte[] ikm = new byte[22];
    Arrays.fill(ikm, (byte) 0x0b);
    // A.3 has an empty salt, which HMAC pads to the same zero block as Hkdf's 32 zero bytes.
    byte[] okm = Hkdf.derive(ikm, new byte[0]);

    assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d",
        java.util.HexFormat.of().formatHex(okm));
  }
}
