package io.cachet.sealed;

import java.util.List;

/** Builds {@link NamespaceOptions} for tests: Cachet's defaults, allowing this package's test classes. */
final class Options {
  private boolean entrySigning = true;
  private boolean inMemoryKey;
  private String signingKeyFile = NamespaceOptions.DEFAULT_SIGNING_KEY_FILE;
  private boolean deleteInvalidSignatures = true;
  private boolean allowUnsignedEntries;
  private boolean storageMode;
  private int minimumSignatureVersion = NamespaceOptions.DEFAULT_MINIMUM_SIGNATURE_VERSION;
  private boolean encryptAtRest;
  private long maxValueBytes;
  private long maxEntries;
  private long maxBytes;
  private List<String> allowedClasses = List.of("io.cachet.sealed.**");
  private boolean sharedLedger;
  private IntegrityObserver observer = IntegrityObserver.NONE;

  static Options options() {
    return new Options();
  }

  static NamespaceOptions defaults() {
    return options().build();
  }

  Options unsigned() {
    entrySigning = false;
    return this;
  }

  Options inMemoryKey() {
    inMemoryKey = true;
    return this;
  }

  Options keyFile(String name) {
    signingKeyFile = name;
    return this;
  }

  Options keepInvalid() {
    deleteInvalidSignatures = false;
    return this;
  }

  Options allowUnsigned() {
    allowUnsignedEntries = true;
    return this;
  }

  Options storageMode() {
    storageMode = true;
    return this;
  }

  Options minimumVersion(int version) {
    minimumSignatureVersion = version;
    return this;
  }

  Options sharedLedger() {
    sharedLedger = true;
    return this;
  }

  Options encrypt() {
    encryptAtRest = true;
    return this;
  }

  Options maxValueBytes(long bytes) {
    maxValueBytes = bytes;
    return this;
  }

  Options maxEntries(long entries) {
    maxEntries = entries;
    return this;
  }

  Options maxBytes(long bytes) {
    maxBytes = bytes;
    return this;
  }

  Options allowed(String... patterns) {
    allowedClasses = List.of(patterns);
    return this;
  }

  Options observer(IntegrityObserver value) {
    observer = value;
    return this;
  }

  NamespaceOptions build() {
    return new NamespaceOptions(entrySigning, inMemoryKey, signingKeyFile, deleteInvalidSignatures,
        allowUnsignedEntries, storageMode, minimumSignatureVersion, encryptAtRest, maxValueBytes, maxEntries,
        maxBytes, allowedClasses, sharedLedger, observer);
  }
}
