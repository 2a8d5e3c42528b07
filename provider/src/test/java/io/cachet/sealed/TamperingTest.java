package io.cachet.sealed;

import io.cachet.CachetOptions;
import io.cachet.IntegrityEvent.Reason;
import static io.cachet.sealed.Options.options;
import static io.cachet.sealed.StoreFixture.bigString;
import static io.cachet.sealed.StoreFixture.execute;
import static io.cachet.sealed.StoreFixture.open;
import static io.cachet.sealed.StoreFixture.query;
import static io.cachet.sealed.StoreFixture.rowCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.TestValues.Counted;
import io.cachet.sealed.TestValues.Event;
import io.cachet.sealed.TestValues.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adversarial catalogue at the sealed layer (DESIGN §10): each case changes real bytes on disk with plain
 * JDBC or NIO while the store is open, as an attacker with file access would, and is run under each
 * integrity policy. Every case proves the read is a miss, the deserializer never ran, the observer heard
 * exactly one report with the expected reason, and the disk matches the policy with neighbours untouched.
 */
class TamperingTest {
  private static final String NS = "com.example.Book";
  private static final String OTHER_NS = "com.example.Author";
  private static final String COLUMNS = "cache_key, key_bytes, data_type, prefix, file_size, file_hash, "
      + "object_type, storage_format, serializer, compression_codec, encryption, created_at, expires_at, "
      + "entry_signature, inline_value, blob_id, accessed_at, generation";

  // What the row's own checks (signature, namespace, key) catch, before any payload is read.
  private static final Set<Reason> ROW_FAILURES = EnumSet.of(Reason.BAD_SIGNATURE,
      Reason.UNSIGNED, Reason.OLD_VERSION, Reason.UNKNOWN_KEY, Reason.FOREIGN_NAMESPACE,
      Reason.KEY_MISMATCH);

  @TempDir Path root;
  private SealedStore store;
  private SealedNamespace books;
  private final Events events = new Events();
  private StoredKey key;
  private StoredKey other;
  private StoredKey bystander;

  /** One way of tampering with the entry under {@link #key}. */
  @FunctionalInterface
  interface Tamper {
    void apply(TamperingTest test) throws Exception;
  }

  /** A catalogue row: what is stored, how it is tampered with, and the reason the read must report. */
  record Case(String name, boolean blob, Tamper tamper, Reason failure) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The integrity policies every case runs under. */
  enum Policy {
    DELETE(options()), KEEP_INVALID(options().with(CachetOptions.DELETE_INVALID_SIGNATURES, false)), STORAGE_MODE(options().with(CachetOptions.STORAGE_MODE, true));

    final Options options;

    Policy(Options options) {
      this.options = options;
    }

    boolean deletes() {
      return this == DELETE;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case("file_size edited", false, t -> t.update("file_size = file_size + 1"),
            Reason.BAD_SIGNATURE),
        new Case("file_size of a blob entry edited", true, t -> t.update("file_size = file_size - 1"),
            Reason.BAD_SIGNATURE),
        new Case("file_hash replaced", false, t -> t.update("file_hash = ?", "0".repeat(64)),
            Reason.BAD_SIGNATURE),
        new Case("inline byte flipped", false, TamperingTest::flipInlineByte, Reason.HASH_MISMATCH),
        new Case("blob byte flipped", true, TamperingTest::flipBlobByte, Reason.HASH_MISMATCH),
        new Case("blob truncated", true, TamperingTest::truncateBlob, Reason.SIZE_MISMATCH),
        new Case("blob extended", true,
            t -> Files.write(t.blob(t.key), new byte[] {1}, StandardOpenOption.APPEND),
            Reason.SIZE_MISMATCH),
        new Case("blob deleted", true, t -> Files.delete(t.blob(t.key)), Reason.MISSING_BLOB),
        new Case("blob_id swapped with another entry's", true, TamperingTest::swapBlobIds,
            Reason.HASH_MISMATCH),
        new Case("blob file contents swapped with another entry's", true, TamperingTest::swapBlobContents,
            Reason.HASH_MISMATCH),
        new Case("signature NULL", false, t -> t.update("entry_signature = NULL"), Reason.UNSIGNED),
        new Case("signature empty", false, t -> t.update("entry_signature = ''"), Reason.UNSIGNED),
        new Case("signature all zeros", false, t -> t.update("entry_signature = ?", "v3:" + "0".repeat(64)),
            Reason.BAD_SIGNATURE),
        new Case("signature garbage", false, t -> t.update("entry_signature = ?", "v3:not-hex"),
            Reason.BAD_SIGNATURE),
        new Case("generation edited", false, t -> t.update("generation = generation + 1"),
            Reason.BAD_SIGNATURE),
        new Case("signature relabelled from v6 to v3, key id and generation dropped", false,
            t -> t.update("entry_signature = 'v3:' || substr(entry_signature, 21), generation = NULL"),
            Reason.BAD_SIGNATURE),
        new Case("signature downgraded from v6 to v2", false,
            t -> t.update("entry_signature = 'v2:' || substr(entry_signature, 21)"), Reason.OLD_VERSION),
        new Case("signature relabelled from v6 to v5, key id dropped", false,
            t -> t.update("entry_signature = 'v5:' || substr(entry_signature, 21)"), Reason.BAD_SIGNATURE),
        new Case("signature's key id replaced", false,
            t -> t.update("entry_signature = 'v6:0123456789abcdef:' || substr(entry_signature, 21)"),
            Reason.UNKNOWN_KEY),
        new Case("signature of another entry swapped in", false, t -> t.update("entry_signature = ?",
            t.column(t.other, "entry_signature")), Reason.BAD_SIGNATURE),
        new Case("created_at changed", false, t -> t.update("created_at = created_at + 1"),
            Reason.BAD_SIGNATURE),
        new Case("expires_at extended", false, t -> t.update("expires_at = expires_at + 86400000"),
            Reason.BAD_SIGNATURE),
        new Case("expires_at made eternal", false, t -> t.update("expires_at = NULL"),
            Reason.BAD_SIGNATURE),
        new Case("object_type changed", false, t -> t.update("object_type = ?", "java.lang.Integer"),
            Reason.BAD_SIGNATURE),
        new Case("serializer changed", false, t -> t.update("serializer = ?", "java-serialization"),
            Reason.BAD_SIGNATURE),
        new Case("compression_codec changed", false, t -> t.update("compression_codec = ?", "gzip"),
            Reason.BAD_SIGNATURE),
        new Case("data_type changed", false, t -> t.update("data_type = ?", "bytes"),
            Reason.BAD_SIGNATURE),
        new Case("storage_format changed", true, t -> t.update("storage_format = ?", "inline"),
            Reason.BAD_SIGNATURE),
        new Case("prefix changed", false, t -> t.update("prefix = ?", OTHER_NS), Reason.BAD_SIGNATURE),
        new Case("encryption changed", false, t -> t.update("encryption = ?", "aes-256-gcm"),
            Reason.BAD_SIGNATURE),
        new Case("key_bytes replaced by another key's", false,
            t -> t.update("key_bytes = ?", (Object) t.other.bytes()), Reason.KEY_MISMATCH),
        new Case("signed row of another namespace copied in", false, TamperingTest::copyFromOtherNamespace,
            Reason.FOREIGN_NAMESPACE),
        new Case("signed row of another key copied onto this key", false, TamperingTest::copyFromOtherKey,
            Reason.KEY_MISMATCH));
  }

  static Stream<Arguments> catalogue() {
    List<Arguments> arguments = new ArrayList<>();
    for (Case tampering : cases()) {
      for (Policy policy : Policy.values()) {
        arguments.add(Arguments.of(tampering, policy));
      }
    }
    return arguments.stream();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private void openWith(Options options) {
    store = open(root);
    books = store.attach(NS, options.observer(events).build());
    key = books.key("k");
    other = books.key("other");
    bystander = books.key("bystander");
  }

  private String text(boolean blob) {
    return blob ? bigString(5000) : "the value";
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("catalogue")
  void read_isAMiss_neverDeserializes_reportsOnce_andFollowsThePolicy(Case tampering, Policy policy)
      throws Exception {
    openWith(policy.options);
    books.write(key, new Counted(text(tampering.blob())), 1000, 900_000);
    // Same length, other content: swapped payloads then fail on the hash, not the size.
    books.write(other, new Counted(text(tampering.blob()).replace('x', 'y').replace('v', 'w')), 1000, 900_000);
    books.write(bystander, new Counted(bigString(3000)), 1000, 900_000);
    assertEquals(text(tampering.blob()), ((Counted) books.read(key).value()).text, "readable before tampering");
    Path bystanderBlob = blob(bystander);

    tampering.tamper().apply(this);
    Path namedBlob = namedBlob();
    boolean blobPresent = namedBlob != null && Files.exists(namedBlob);
    int instances = Counted.INSTANCES.get();

    assertNull(books.read(key));

    assertEquals(instances, Counted.INSTANCES.get(), "the deserializer must not run");
    boolean deleted = policy.deletes();
    assertEquals(List.of(new Event(NS, key.hash(), tampering.failure(), deleted)), events.seen);
    assertEquals(!deleted, rowExists(key), "row");
    if (blobPresent) {
      assertEquals(!deleted, Files.exists(namedBlob), "blob the row named");
    }
    assertEquals(bigString(3000), ((Counted) books.read(bystander).value()).text);
    assertTrue(Files.exists(bystanderBlob));
  }

  /**
   * A write checks the row it replaces as a read does, so every tampering the signature or the key check
   * catches is reported, once; tampering below a genuine row (the payload, the unsigned blob_id) goes
   * unreported, since the write neither reads nor returns that payload. Either way the new entry is stored
   * and no other entry's blob is deleted.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void write_overATamperedRow_reportsRowTamperingOnce_andReplacesIt_keepingOtherEntriesBlobs(Case tampering)
      throws Exception {
    openWith(options());
    books.write(key, new Counted(text(tampering.blob())), 1000, 900_000);
    books.write(other, new Counted(text(tampering.blob()).replace('x', 'y').replace('v', 'w')), 1000, 900_000);
    books.write(bystander, new Counted(bigString(3000)), 1000, 900_000);
    tampering.tamper().apply(this);
    int instances = Counted.INSTANCES.get();
    List<SealedEntry> seenByRule = new ArrayList<>();

    SealedNamespace.Written written = books.write(key, "new", 2000, replaced -> {
      seenByRule.add(replaced);
      return 800_000;
    });

    assertEquals(instances, Counted.INSTANCES.get(), "the deserializer must not run");
    assertEquals(1, written.stored());
    boolean rowTampering = ROW_FAILURES.contains(tampering.failure());
    assertEquals(rowTampering ? List.of(new Event(NS, key.hash(), tampering.failure(), true)) : List.of(),
        events.seen);
    assertEquals(1, seenByRule.size());
    if (rowTampering) {
      assertNull(seenByRule.get(0));
    } else {
      assertEquals(List.of(1000L, 900_000L), List.of(seenByRule.get(0).createdAt(), seenByRule.get(0).expiresAt()));
      assertNull(seenByRule.get(0).value());
    }
    SealedEntry replacement = books.read(key);
    assertEquals(List.of("new", 2000L, 800_000L),
        List.of(replacement.value(), replacement.createdAt(), replacement.expiresAt()));
    assertEquals(bigString(3000), ((Counted) books.read(bystander).value()).text);
  }

  @Test
  void writeAndDelete_overARowNamingAnotherEntrysBlob_leaveThatBlobToItsEntry() throws Exception {
    openWith(options());
    books.write(key, new Counted(bigString(5000)), 1000, 900_000);
    books.write(other, new Counted(bigString(6000)), 1000, 900_000);
    update("blob_id = ?", column(other, "blob_id"));

    books.write(key, "new", 2000, SealedEntry.ETERNAL);
    assertEquals(bigString(6000), ((Counted) books.read(other).value()).text);

    update("blob_id = ?", column(other, "blob_id"));
    assertTrue(books.delete(key));
    assertEquals(bigString(6000), ((Counted) books.read(other).value()).text);
    assertEquals(List.of(), events.seen);
  }

  @Test
  void read_isAMiss_withClassNotAllowed_whenTheNamespaceNoLongerAllowsTheStoredClass() throws Exception {
    openWith(options());
    books.write(key, new Counted("the value"), 1000, 900_000);
    store.close();
    store = open(root);
    SealedNamespace narrowed = store.attach(NS, options().with(CachetOptions.ALLOWED_CLASSES, List.of()).observer(events).build());
    int instances = Counted.INSTANCES.get();

    assertNull(narrowed.read(key));

    assertEquals(instances, Counted.INSTANCES.get(), "a refused class is never built");
    assertEquals(List.of(new Event(NS, key.hash(), Reason.CLASS_NOT_ALLOWED, true)), events.seen);
    assertFalse(rowExists(key));
  }

  @Test
  void write_refusesAClassOutsideTheFilter_namingIt_andStoresNothing() throws Exception {
    store = open(root);
    SealedNamespace strict = store.attach(NS, options().with(CachetOptions.ALLOWED_CLASSES, List.of()).build());

    SealedStoreException failure = org.junit.jupiter.api.Assertions.assertThrows(SealedStoreException.class,
        () -> strict.write(strict.key("k"), new Counted("v"), 1, SealedEntry.ETERNAL));

    assertTrue(failure.getMessage().contains(Counted.class.getName()), failure.getMessage());
    assertEquals(0, rowCount(root, NS));
  }

  @Test
  void read_isAMiss_andUndecodable_whenValueClassIsGoneFromTheClassLoader() throws Exception {
    ClassLoader withWidget = GoneClass.loader(root.getParent().resolve("classes-" + System.nanoTime()));
    Options allowWidget = options().with(CachetOptions.ALLOWED_CLASSES, List.of("gone.**"));
    try (SealedStore before = SealedStores.openEmbedded(new SealedStoreSettings(root, withWidget,
        StoreFixture.THRESHOLD, SealedStoreSettings.Durability.NORMAL))) {
      SealedNamespace oldBooks = before.attach(NS, allowWidget.build());
      Object widget = withWidget.loadClass(GoneClass.NAME).getConstructor().newInstance();
      oldBooks.write(oldBooks.key("k"), widget, 1000, 900_000);
      assertEquals(GoneClass.NAME, oldBooks.read(oldBooks.key("k")).value().getClass().getName());
    }
    openWith(allowWidget);

    assertNull(books.read(key));

    assertEquals(List.of(new Event(NS, key.hash(), Reason.UNDECODABLE, true)), events.seen);
    assertFalse(rowExists(key));
  }

  @Test
  void read_neverTouchesFilesOutsideTheRoot_whenBlobIdIsAPathTraversal() throws Exception {
    openWith(options());
    Path outside = root.getParent().resolve("outside-" + System.nanoTime());
    Files.writeString(outside, "secret");
    try {
      books.write(key, new Counted(bigString(5000)), 1000, 900_000);
      update("blob_id = ?", "../../../" + outside.getFileName());

      assertNull(books.read(key));

      assertEquals(List.of(new Event(NS, key.hash(), Reason.BAD_BLOB_ID, true)), events.seen);
      assertEquals("secret", Files.readString(outside));
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void read_isAMissingBlob_whenBlobFileIsReplacedBySymlink_andTheTargetSurvives() throws Exception {
    openWith(options());
    books.write(key, new Counted(bigString(5000)), 1000, 900_000);
    Path blob = blob(key);
    Path outside = root.getParent().resolve("outside-" + System.nanoTime());
    Files.write(outside, Files.readAllBytes(blob));
    try {
      Files.delete(blob);
      Files.createSymbolicLink(blob, outside);

      assertNull(books.read(key));

      assertEquals(List.of(new Event(NS, key.hash(), Reason.MISSING_BLOB, true)), events.seen);
      assertTrue(Files.exists(outside));
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void refusingATamperedRow_keepsTheBlobOfTheEntryItPointsTo() throws Exception {
    openWith(options());
    books.write(key, new Counted(bigString(5000)), 1000, 900_000);
    Path blob = blob(key);
    StoredKey victim = books.key("victim");
    books.write(victim, new Counted(bigString(6000)), 1, 900_000);
    update("blob_id = ?", column(victim, "blob_id"));

    assertNull(books.read(key));

    assertEquals(bigString(6000), ((Counted) books.read(victim).value()).text);
    assertTrue(Files.exists(blob), "the tampered row's original blob is an orphan, left for the sweep");
  }

  @Test
  void keys_skipsReportsAndDeletes_rowsThatFailVerification() throws Exception {
    openWith(options());
    books.write(key, new Counted("v"), 1000, 900_000);
    books.write(books.key("good"), new Counted("g"), 1, 900_000);
    update("entry_signature = NULL");

    List<StoredKey> keys = books.keys();

    assertEquals(List.of("good"), keys.stream().map(StoredKey::key).toList());
    assertEquals(List.of(new Event(NS, key.hash(), Reason.UNSIGNED, true)), events.seen);
    assertEquals(1, rowCount(root, NS));
  }

  @Test
  void updateExpiry_refusesAndDeletes_aTamperedRow_insteadOfResigningIt() throws Exception {
    openWith(options());
    books.write(key, new Counted("v"), 1000, 900_000);
    SealedEntry read = books.read(key);
    update("object_type = 'java.lang.String'");

    assertFalse(books.updateExpiry(read, 123));

    assertEquals(List.of(new Event(NS, key.hash(), Reason.BAD_SIGNATURE, true)), events.seen);
    assertEquals(0, rowCount(root, NS));
  }

  @Test
  void updateExpiry_keepsThePayloadCheck_soATamperedPayloadIsNotLaundered() throws Exception {
    openWith(options());
    books.write(key, new Counted("v"), 1000, 900_000);
    SealedEntry read = books.read(key);
    flipInlineByte();

    assertTrue(books.updateExpiry(read, 123));

    assertNull(books.read(key));
    assertEquals(List.of(new Event(NS, key.hash(), Reason.HASH_MISMATCH, true)), events.seen);
  }

  @Test
  void read_afterRestart_isAMiss_forARowTamperedWhileClosed() throws Exception {
    openWith(options());
    books.write(key, new Counted("v"), 1000, 900_000);
    store.close();
    update("expires_at = NULL");
    openWith(options());

    assertNull(books.read(key));

    assertEquals(List.of(new Event(NS, key.hash(), Reason.BAD_SIGNATURE, true)), events.seen);
  }

  private int update(String assignment, Object... parameters) throws Exception {
    Object[] all = new Object[parameters.length + 2];
    System.arraycopy(parameters, 0, all, 0, parameters.length);
    all[parameters.length] = NS;
    all[parameters.length + 1] = key.hash();
    int updated = execute(root, "UPDATE entries SET " + assignment + " WHERE namespace = ? AND cache_key = ?",
        all);
    assertEquals(1, updated, assignment);
    return updated;
  }

  private Object column(StoredKey entry, String column) throws Exception {
    return query(root, "SELECT " + column + " FROM entries WHERE namespace = ? AND cache_key = ?", NS,
        entry.hash());
  }

  private boolean rowExists(StoredKey entry) throws Exception {
    return column(entry, "cache_key") != null;
  }

  private Path blob(StoredKey entry) throws Exception {
    return StoreFixture.blobOf(root, NS, entry.hash());
  }

  /** The blob file the victim's row names now, or null if it names none (or not a well-formed one). */
  private Path namedBlob() throws Exception {
    Object blobId = column(key, "blob_id");
    return blobId instanceof String id && id.matches("[0-9a-f]{32}") ? blob(key) : null;
  }

  private void flipInlineByte() throws Exception {
    byte[] value = (byte[]) column(key, "inline_value");
    value[value.length - 1] ^= 1;
    update("inline_value = ?", (Object) value);
  }

  private void flipBlobByte() throws Exception {
    Path blob = blob(key);
    byte[] bytes = Files.readAllBytes(blob);
    bytes[100] ^= 1;
    Files.write(blob, bytes);
  }

  private void truncateBlob() throws Exception {
    try (var channel = Files.newByteChannel(blob(key), StandardOpenOption.WRITE)) {
      channel.truncate(100);
    }
  }

  private void swapBlobIds() throws Exception {
    Object mine = column(key, "blob_id");
    Object theirs = column(other, "blob_id");
    update("blob_id = ?", theirs);
    execute(root, "UPDATE entries SET blob_id = ? WHERE namespace = ? AND cache_key = ?", mine, NS, other.hash());
  }

  private void swapBlobContents() throws Exception {
    Path mine = blob(key);
    Path theirs = blob(other);
    byte[] myBytes = Files.readAllBytes(mine);
    Files.write(mine, Files.readAllBytes(theirs));
    Files.write(theirs, myBytes);
  }

  private void copyFromOtherNamespace() throws Exception {
    SealedNamespace authors = store.attach(OTHER_NS, options().build());
    authors.write(authors.key("k"), new Counted("an author"), 1000, 900_000);
    execute(root, "DELETE FROM entries WHERE namespace = ? AND cache_key = ?", NS, key.hash());
    execute(root, "INSERT INTO entries (namespace, " + COLUMNS + ") SELECT ?, " + COLUMNS
        + " FROM entries WHERE namespace = ? AND cache_key = ?", NS, OTHER_NS, key.hash());
  }

  private void copyFromOtherKey() throws Exception {
    execute(root, "DELETE FROM entries WHERE namespace = ? AND cache_key = ?", NS, key.hash());
    execute(root, "INSERT INTO entries (namespace, " + COLUMNS.replace("cache_key, ", "") + ", cache_key) SELECT "
        + "namespace, " + COLUMNS.replace("cache_key, ", "") + ", ? FROM entries WHERE namespace = ? AND "
        + "cache_key = ?", key.hash(), NS, other.hash());
    assertNotNull(column(key, "entry_signature"));
  }
}
