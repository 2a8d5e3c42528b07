package io.cachet.sealed;

import io.cachet.CachetOptions;
import io.cachet.SealInfo;
import io.cachet.IntegrityEvent.Reason;
import static io.cachet.sealed.Options.options;
import static io.cachet.sealed.StoreFixture.execute;
import static io.cachet.sealed.StoreFixture.open;
import static io.cachet.sealed.StoreFixture.query;
import static io.cachet.sealed.StoreFixture.rowCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.TestValues.Event;
import io.cachet.sealed.TestValues.Events;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each security option's documented behaviour (the security guide's tables, DESIGN §5). */
class OptionsTest {
  private static final String NS = "books";

  @TempDir Path root;
  private SealedStore store;
  private final Events events = new Events();
  private SealedNamespace books;
  private StoredKey key;

  @BeforeEach
  void openStore() {
    store = open(root);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private void attach(Options options) {
    books = store.attach(NS, options.observer(events).build());
    key = books.key("k");
  }

  private int update(String assignment, Object... parameters) throws Exception {
    Object[] all = new Object[parameters.length + 2];
    System.arraycopy(parameters, 0, all, 0, parameters.length);
    all[parameters.length] = NS;
    all[parameters.length + 1] = key.hash();
    return execute(root, "UPDATE entries SET " + assignment + " WHERE namespace = ? AND cache_key = ?", all);
  }

  private void flipInlineByte() throws Exception {
    byte[] value = (byte[]) query(root, "SELECT inline_value FROM entries");
    value[value.length - 1] ^= 1;
    update("inline_value = ?", (Object) value);
  }

  @Test
  void signingDisabled_writesUnsignedRows_andReadsCheckOnlySizeAndHash() throws Exception {
    attach(options().with(CachetOptions.ENABLE_ENTRY_SIGNING, false));
    books.write(key, "v", 1, 900_000);

    assertNull(query(root, "SELECT entry_signature FROM entries"));
    assertEquals("v", books.read(key).value());
    update("expires_at = NULL");
    assertEquals(SealedEntry.ETERNAL, books.read(key).expiresAt(), "no tamper protection without signing");
    flipInlineByte();
    assertNull(books.read(key));
    assertEquals(List.of(new Event(NS, key.hash(), Reason.HASH_MISMATCH, true)), events.seen);
    assertTrue(Files.notExists(root.resolve(NamespaceOptions.DEFAULT_SIGNING_KEY_FILE)), "no key is needed");
  }

  @Test
  void unsignedRow_isRefusedAndDeleted_byDefault() throws Exception {
    attach(options());
    books.write(key, "v", 1, 900_000);
    update("entry_signature = NULL");

    assertNull(books.read(key));

    assertEquals(List.of(new Event(NS, key.hash(), Reason.UNSIGNED, true)), events.seen);
    assertEquals(0, rowCount(root, NS));
  }

  @Test
  void unsignedRow_isAccepted_withAllowUnsignedEntries_whenSizeAndHashCheck() throws Exception {
    attach(options().with(CachetOptions.ENABLE_ENTRY_SIGNING, false));
    books.write(key, "written before signing was enabled", 1, 900_000);
    attach(options().with(CachetOptions.ALLOW_UNSIGNED_ENTRIES, true));

    assertEquals("written before signing was enabled", books.read(key).value());
    flipInlineByte();
    assertNull(books.read(key));
    assertEquals(List.of(new Event(NS, key.hash(), Reason.HASH_MISMATCH, true)), events.seen);
  }

  @Test
  void allowUnsignedEntries_stillRefusesRowsWithABadSignature() throws Exception {
    attach(options().with(CachetOptions.ALLOW_UNSIGNED_ENTRIES, true));
    books.write(key, "v", 1, 900_000);
    update("created_at = 2");

    assertNull(books.read(key));

    assertEquals(Reason.BAD_SIGNATURE, events.seen.get(0).failure());
  }

  @Test
  void deleteInvalidSignaturesFalse_keepsRowAndBlob_asAMiss() throws Exception {
    attach(options().with(CachetOptions.DELETE_INVALID_SIGNATURES, false));
    books.write(key, "x".repeat(5000), 1, 900_000);
    Path blob = StoreFixture.blobOf(root, NS, key.hash());
    update("created_at = 2");

    assertNull(books.read(key));
    assertNull(books.read(key));

    assertEquals(2, events.seen.size(), "each refusal is reported");
    assertTrue(events.seen.stream().noneMatch(Event::deleted));
    assertEquals(1, rowCount(root, NS));
    assertTrue(Files.exists(blob));
  }

  @Test
  void storageMode_neverDeletes_evenWithDeleteInvalidSignatures() throws Exception {
    attach(options().with(CachetOptions.STORAGE_MODE, true));
    books.write(key, "v", 1, 900_000);
    update("entry_signature = NULL");

    assertNull(books.read(key));
    assertTrue(books.keys().isEmpty());

    assertEquals(List.of(new Event(NS, key.hash(), Reason.UNSIGNED, false),
        new Event(NS, key.hash(), Reason.UNSIGNED, false)), events.seen);
    assertEquals(1, rowCount(root, NS));
  }

  @ParameterizedTest(name = "v{0}")
  @ValueSource(ints = {1, 2})
  void olderSignatureVersions_areRefusedByDefault_andVerifiedWhenTheMinimumAllowsThem(int version)
      throws Exception {
    attach(options());
    books.write(key, "legacy", 1, 900_000);
    makeLegacy(legacySignature(version));

    attach(options().with(CachetOptions.MINIMUM_SIGNATURE_VERSION, version).with(CachetOptions.DELETE_INVALID_SIGNATURES, false));
    assertEquals("legacy", books.read(key).value());
    attach(options().with(CachetOptions.MINIMUM_SIGNATURE_VERSION, version).with(CachetOptions.DELETE_INVALID_SIGNATURES, false));
    update("created_at = 2");
    assertNull(books.read(key), "an edited legacy row fails its own version's check");
    update("created_at = 1");
    attach(options());
    assertNull(books.read(key));

    assertEquals(List.of(new Event(NS, key.hash(), Reason.BAD_SIGNATURE, false),
        new Event(NS, key.hash(), Reason.OLD_VERSION, true)), events.seen);
  }

  @Test
  void legacyRowCopiedIntoAnotherNamespace_isForeign_becauseItsSignedPrefixDiffers() throws Exception {
    attach(options().with(CachetOptions.MINIMUM_SIGNATURE_VERSION, 2));
    books.write(key, "v", 1, 900_000);
    makeLegacy(legacySignature(2));
    SealedNamespace authors = store.attach("authors", options().with(CachetOptions.MINIMUM_SIGNATURE_VERSION, 2).observer(events).build());
    execute(root, "UPDATE entries SET namespace = 'authors'");

    assertNull(authors.read(authors.key("k")));

    assertEquals(List.of(new Event("authors", key.hash(), Reason.FOREIGN_NAMESPACE, true)),
        events.seen);
  }

  @Test
  void diagnostics_describeHowTheNamespaceSeals() {
    attach(options().with(CachetOptions.SIGNING_KEY_FILE, "books.bin").with(CachetOptions.MINIMUM_SIGNATURE_VERSION, 2).with(CachetOptions.ENCRYPT_AT_REST, true));

    SealInfo diagnostics = books.diagnostics();

    assertEquals(new SealInfo(true, 6, 2, List.of("cache_key", "data_type", "prefix", "file_size",
        "file_hash", "object_type", "storage_format", "serializer", "compression_codec", "created_at",
        "expires_at", "encryption", "generation"), false, "books.bin", true, true), diagnostics);
    assertEquals(new SealInfo(true, 6, 3, diagnostics.signedFields(), true, null, false, false),
        store.attach("memory", options().with(CachetOptions.USE_IN_MEMORY_KEY, true).build()).diagnostics());
    assertEquals(new SealInfo(false, 6, 3, List.of(), false, null, false, false),
        store.attach("plain", options().with(CachetOptions.ENABLE_ENTRY_SIGNING, false).build()).diagnostics());
  }

  @Test
  void diagnostics_reportTheKeyFileMissing_onceItIsDeleted() throws Exception {
    attach(options());
    Files.delete(root.resolve(NamespaceOptions.DEFAULT_SIGNING_KEY_FILE));

    assertEquals(false, books.diagnostics().keyFilePresent());
  }

  /** Turns the row into one an older Cachet wrote: its signature of an older version, no generation, no ledger. */
  private void makeLegacy(String signature) throws Exception {
    update("entry_signature = ?, generation = NULL", signature);
    execute(root, "DELETE FROM ledgers");
  }

  /**
   * A signature of an older version, computed here from the format (canonical length-prefixed fields under
   * the master key) rather than by the signer, so the test also pins the format.
   */
  private String legacySignature(int version) throws Exception {
    byte[] master = Files.readAllBytes(root.resolve(NamespaceOptions.DEFAULT_SIGNING_KEY_FILE));
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    part(message, "cachet-entry");
    part(message, "v" + version);
    for (String column : List.of("cache_key", "data_type", "prefix", "file_size", "file_hash", "object_type",
        "storage_format", "serializer", "compression_codec", "created_at")) {
      Object value = query(root, "SELECT " + column + " FROM entries WHERE cache_key = ?", key.hash());
      part(message, value == null ? null : value.toString());
    }
    if (version == 1) {
      part(message, null);
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(master, "HmacSHA256"));
    String hex = HexFormat.of().formatHex(mac.doFinal(message.toByteArray()));
    return version == 1 ? hex : "v" + version + ":" + hex;
  }

  private static void part(ByteArrayOutputStream message, String part) {
    byte[] bytes = part == null ? null : part.getBytes(StandardCharsets.UTF_8);
    int length = bytes == null ? -1 : bytes.length;
    message.write(length >>> 24);
    message.write(length >>> 16);
    message.write(length >>> 8);
    message.write(length);
    if (bytes != null) {
      message.writeBytes(bytes);
    }
  }
}
