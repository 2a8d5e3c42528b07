package io.cachet.seal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs entry metadata with HMAC-SHA256 and verifies signatures of every known version.
 *
 * <p>The writer always uses {@link #CURRENT_VERSION}: the guide's 10 v2 fields plus {@code expires_at},
 * {@code encryption} and {@code generation} (v5 adds a form of {@code file_hash}, v6 the id of the signing key),
 * under a subkey derived per namespace with HKDF, so a row copied into another namespace fails. Older
 * versions (v2, and v1 or bare hex) are verified with the master key and only accepted from the configured
 * minimum version on. Thread-safe.
 */
public final class HmacEntrySigner {
  /** The signature version written. */
  public static final int CURRENT_VERSION = SignatureVersion.CURRENT.number();
  /** The length of a signing key in bytes. */
  public static final int KEY_LENGTH = 32;

  private static final String HMAC = "HmacSHA256";
  private static final String ENTRY_TAG = "cachet-entry";
  private static final String NAMESPACE_TAG = "cachet-namespace";
  private static final String SIGNING_INFO = "cachet-signing";
  private static final byte[] KEY_ID_TAG = "cachet-key-id".getBytes(StandardCharsets.US_ASCII);
  private static final int KEY_ID_BYTES = 8;
  private static final int MAC_HEX_LENGTH = 64;
  private static final int KEY_ID_HEX_LENGTH = 2 * KEY_ID_BYTES;
  private static final HexFormat HEX = HexFormat.of();
  // Namespace records keep the format they had when entries moved to version 4: records written before verify.
  private static final SignatureVersion NAMESPACE_VERSION = SignatureVersion.V3;

  private final byte[] masterKey;
  private final SecretKeySpec masterKeySpec;
  private final int minimumVersion;
  private final String keyId;
  private final Map<String, SecretKeySpec> namespaceKeys = new ConcurrentHashMap<>();
  private final Queue<Mac> macs = new ConcurrentLinkedQueue<>();

  /**
   * A signer with this master key.
   *
   * @param masterKey exactly {@link #KEY_LENGTH} bytes; copied
   * @param minimumVersion the oldest signature version accepted, 1 to {@link #CURRENT_VERSION}
   */
  public HmacEntrySigner(byte[] masterKey, int minimumVersion) {
    if (masterKey.length != KEY_LENGTH) {
      throw new IllegalArgumentException("A signing key has " + KEY_LENGTH + " bytes, not " + masterKey.length);
    }
    if (SignatureVersion.of(minimumVersion) == null) {
      throw new IllegalArgumentException("Unknown signature version: " + minimumVersion);
    }
    this.masterKey = masterKey.clone();
    this.masterKeySpec = new SecretKeySpec(this.masterKey, HMAC);
    this.minimumVersion = minimumVersion;
    this.keyId = HEX.formatHex(mac(masterKeySpec, KEY_ID_TAG), 0, KEY_ID_BYTES);
  }

  /**
   * A fingerprint of the master key, safe to store: the first 8 bytes of HMAC(key, "cachet-key-id") in hex.
   * It tells which key signed a namespace without revealing the key.
   */
  public String keyId() {
    return keyId;
  }

  /** The AES-256-GCM cipher of a namespace's payloads, under a key derived apart from the signing subkey. */
  public PayloadCipher cipher(String namespace) {
    return new PayloadCipher(namespace, masterKey);
  }

  /** The seal of a namespace's ledger, under keys derived apart from the signing subkey. */
  public LedgerSeal ledgerSeal(String namespace) {
    return new LedgerSeal(namespace, masterKey);
  }

  /** The seal of a namespace's change messages between hosts, under a key derived apart from the others. */
  public ChangeSeal changeSeal(String namespace) {
    return new ChangeSeal(namespace, masterKey);
  }

  /** A signer with the same key that accepts signatures from another minimum version on. */
  public HmacEntrySigner withMinimumVersion(int version) {
    return version == minimumVersion ? this : new HmacEntrySigner(masterKey, version);
  }

  /** The oldest signature version accepted. */
  public int minimumVersion() {
    return minimumVersion;
  }

  /** The column names the current version signs, in signing order (diagnostics, as the guide's field info). */
  public List<String> signedFields() {
    return SignatureVersion.CURRENT.fields().stream().map(SignedField::column).toList();
  }

  /** The current-version signature of these fields, {@code v6:{key id}:{64 lowercase hex}}. */
  public String sign(EntryFields fields) {
    return sign(fields, SignatureVersion.CURRENT);
  }

  /** A signature of the given version; only the current version is ever written outside tests. */
  String sign(EntryFields fields, SignatureVersion version) {
    return format(version, mac(keyFor(version, fields.namespace()), entryMessage(version, fields)));
  }

  /**
   * The id of the key a signature names (version 6 on), or null if it names none or is malformed: which of a
   * namespace's keys verifies it.
   */
  public static String keyIdOf(String signature) {
    if (signature == null || signature.isEmpty()) {
      return null;
    }
    SignatureVersion version = version(signature);
    int idStart = signature.indexOf(':') + 1;
    int macStart = idStart + KEY_ID_HEX_LENGTH + 1;
    // Checked in place: this runs on every read, and parsing the MAC here would only be done again by verify.
    return version != null && version.namesKey() && signature.length() == macStart + MAC_HEX_LENGTH
        && signature.charAt(macStart - 1) == ':' && isHex(signature, idStart, macStart - 1)
        && isHex(signature, macStart, signature.length()) ? signature.substring(idStart, macStart - 1) : null;
  }

  /** Verifies a stored signature against the fields as stored. */
  public Verification verify(EntryFields fields, String signature) {
    if (signature == null || signature.isEmpty()) {
      return Verification.UNSIGNED;
    }
    SignatureVersion version = version(signature);
    if (version != null && version.number() < minimumVersion) {
      return Verification.OLD_VERSION;
    }
    byte[] given = version == null ? null : macBytes(signature);
    if (given == null) {
      return Verification.MALFORMED;
    }
    if (version.namesKey() && !signature.regionMatches(3, keyId, 0, KEY_ID_HEX_LENGTH)) {
      return Verification.OTHER_KEY;
    }
    byte[] expected = mac(keyFor(version, fields.namespace()), entryMessage(version, fields));
    return MessageDigest.isEqual(expected, given) ? Verification.VALID : Verification.MISMATCH;
  }

  /**
   * The signature of a namespace record.
   *
   * @param keyFile the key file's name, or null for an in-memory key
   * @param keyId this signer's {@link #keyId()} as recorded
   */
  public String signNamespace(String name, String id, long createdAt, String keyFile, String keyId) {
    return signNamespace(name, id, createdAt, keyFile, keyId, false);
  }

  /** {@link #signNamespace(String, String, long, String, String)} of a namespace that may keep a ledger. */
  public String signNamespace(String name, String id, long createdAt, String keyFile, String keyId,
      boolean ledger) {
    return signNamespace(name, id, createdAt, keyFile, keyId, ledger, List.of());
  }

  /**
   * {@link #signNamespace(String, String, long, String, String, boolean)} of a namespace whose key is being
   * rotated: the record names the keys being retired too.
   *
   * @param previousKeys the keys being retired, each as {@code keyId:keyFile}, newest first
   */
  public String signNamespace(String name, String id, long createdAt, String keyFile, String keyId,
      boolean ledger, List<String> previousKeys) {
    return format(NAMESPACE_VERSION,
        mac(namespaceKey(name), namespaceMessage(name, id, createdAt, keyFile, keyId, ledger, previousKeys)));
  }

  /** Verifies a namespace record's signature; namespace records only ever carry version 3. */
  public Verification verifyNamespace(String name, String id, long createdAt, String keyFile, String keyId,
      String signature) {
    return verifyNamespace(name, id, createdAt, keyFile, keyId, false, signature);
  }

  /** {@link #verifyNamespace(String, String, long, String, String, String)} of a record that may keep a ledger. */
  public Verification verifyNamespace(String name, String id, long createdAt, String keyFile, String keyId,
      boolean ledger, String signature) {
    return verifyNamespace(name, id, createdAt, keyFile, keyId, ledger, List.of(), signature);
  }

  /**
   * {@link #verifyNamespace(String, String, long, String, String, boolean, String)} of a record that may name keys
   * being retired ({@link #signNamespace(String, String, long, String, String, boolean, List)}).
   */
  public Verification verifyNamespace(String name, String id, long createdAt, String keyFile, String keyId,
      boolean ledger, List<String> previousKeys, String signature) {
    if (signature == null || signature.isEmpty()) {
      return Verification.UNSIGNED;
    }
    SignatureVersion version = version(signature);
    byte[] given = version == null ? null : macBytes(signature);
    if (given == null) {
      return Verification.MALFORMED;
    }
    if (version != NAMESPACE_VERSION) {
      return Verification.OLD_VERSION;
    }
    byte[] expected =
        mac(namespaceKey(name), namespaceMessage(name, id, createdAt, keyFile, keyId, ledger, previousKeys));
    return MessageDigest.isEqual(expected, given) ? Verification.VALID : Verification.MISMATCH;
  }

  private byte[] entryMessage(SignatureVersion version, EntryFields fields) {
    CanonicalMessage message = new CanonicalMessage().add(ENTRY_TAG).add("v" + version.number());
    if (version.namesKey()) {
      message.add(keyId);
    }
    for (SignedField field : version.fields()) {
      message.add(field.read(fields));
    }
    return message.toByteArray();
  }

  /**
   * The signed form of a namespace record; the ledger flag and the previous keys are parts only when set, so that
   * records signed before they existed verify as records without them.
   */
  private static byte[] namespaceMessage(String name, String id, long createdAt, String keyFile, String keyId,
      boolean ledger, List<String> previousKeys) {
    CanonicalMessage message = new CanonicalMessage().add(NAMESPACE_TAG).add("v" + NAMESPACE_VERSION.number())
        .add(name).add(id).add(Long.toString(createdAt)).add(keyFile).add(keyId);
    if (ledger) {
      message.add("ledger");
    }
    if (!previousKeys.isEmpty()) {
      message.add("previous").add(Integer.toString(previousKeys.size()));
      previousKeys.forEach(message::add);
    }
    return message.toByteArray();
  }

  private SecretKeySpec keyFor(SignatureVersion version, String namespace) {
    return version.usesNamespaceKey() ? namespaceKey(namespace) : masterKeySpec;
  }

  private SecretKeySpec namespaceKey(String namespace) {
    return namespaceKeys.computeIfAbsent(namespace,
        name -> new SecretKeySpec(Hkdf.derive(masterKey, Hkdf.info(SIGNING_INFO, name)), HMAC));
  }

  private byte[] mac(SecretKeySpec key, byte[] message) {
    Mac mac = macs.poll();
    try {
      if (mac == null) {
        mac = Mac.getInstance(HMAC);
      }
      mac.init(key);
      byte[] result = mac.doFinal(message);
      macs.add(mac);
      return result;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private String format(SignatureVersion version, byte[] mac) {
    return "v" + version.number() + ":" + (version.namesKey() ? keyId + ":" : "") + HEX.formatHex(mac);
  }

  /** The version a signature claims ({@code v{N}:} prefix, or v1 for bare hex), or null if malformed. */
  private static SignatureVersion version(String signature) {
    if (signature.charAt(0) != 'v') {
      return SignatureVersion.V1;
    }
    int colon = signature.indexOf(':');
    if (colon < 2 || colon > 4) {
      return null;
    }
    int number = 0;
    for (int i = 1; i < colon; i++) {
      char c = signature.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      number = number * 10 + (c - '0');
    }
    return SignatureVersion.of(number);
  }

  /**
   * Whether a signature's version lets {@code file_hash} name an encrypted payload by its cipher tag (version 5
   * on). Decides only how the payload is checked, so call it on a signature that verified (or on none).
   */
  public static boolean namesCiphertextByTag(String signature) {
    SignatureVersion version = signature == null || signature.isEmpty() ? null : version(signature);
    return version != null && version.number() >= SignatureVersion.V5.number();
  }

  /**
   * The MAC bytes after the optional version prefix (and, from version 6, the key id), or null unless the key id is
   * exactly 16 and the MAC exactly 64 lowercase hex digits.
   */
  static byte[] macBytes(String signature) {
    int start = signature.indexOf(':') + 1;
    SignatureVersion version = version(signature);
    if (version != null && version.namesKey()) {
      if (signature.length() < start + KEY_ID_HEX_LENGTH + 1 || !isHex(signature, start, start + KEY_ID_HEX_LENGTH)
          || signature.charAt(start + KEY_ID_HEX_LENGTH) != ':') {
        return null;
      }
      start += KEY_ID_HEX_LENGTH + 1;
    }
    if (signature.length() - start != MAC_HEX_LENGTH || !isHex(signature, start, signature.length())) {
      return null;
    }
    return HEX.parseHex(signature, start, signature.length());
  }

  private static boolean isHex(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
