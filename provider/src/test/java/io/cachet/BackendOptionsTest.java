package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared store's options are checked together when a manager opens, each error naming the options and where
 * they came from, and a secret never appears in an error or a description; without the backend's module on the
 * class path, {@code store=postgresql} says which dependency to add.
 */
class BackendOptionsTest {
  private static final String URL = "jdbc:postgresql://db.example:5432/app";

  @RegisterExtension final CachetFixture cachet = new CachetFixture();

  @Test
  void postgresqlStore_withoutItsUrl_isRefused_namingTheMissingOption() {
    assertRefused(options("store", "postgresql"), "store=postgresql (from the properties passed to getCacheManager)"
        + " needs postgresql.url");
  }

  @Test
  void anUrlOfAnotherDriver_isRefused() {
    assertRefused(options("store", "postgresql", "postgresql.url", "jdbc:mysql://db/app"),
        "must be a PostgreSQL JDBC URL");
  }

  @Test
  void backendOptions_onTheEmbeddedStore_areRefused_ratherThanIgnored() {
    assertRefused(options("postgresql.url", URL), "they configure the PostgreSQL store");
  }

  @Test
  void s3Options_withoutABucket_areRefused() {
    assertRefused(options("store", "postgresql", "postgresql.url", URL, "s3.region", "eu-west-1"),
        "s3.bucket is not set");
  }

  @Test
  void aPasswordAndAPasswordFile_areRefusedTogether_withoutShowingThePassword() {
    CacheException refused = assertRefused(options("store", "postgresql", "postgresql.url", URL,
        "postgresql.password", "hunter2", "postgresql.passwordFile", "/run/secrets/pg"), "set one of them");
    assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
    assertTrue(refused.getMessage().contains("postgresql.password=****"), refused.getMessage());
  }

  @Test
  void anAccessKeyWithoutItsSecret_isRefused() {
    assertRefused(options("store", "postgresql", "postgresql.url", URL, "s3.bucket", "b", "s3.accessKeyId", "AKIA"),
        "go together");
  }

  @Test
  void plainHttpToAnotherHost_isRefused_whileLoopbackIsAccepted() {
    assertRefused(options("store", "postgresql", "postgresql.url", URL, "s3.bucket", "b",
        "s3.endpoint", "http://minio.internal:9000"), "must be an https:// URL");
    assertEquals("http://127.0.0.1:9000", CachetOptions.S3_ENDPOINT.parse("http://127.0.0.1:9000").toString());
    assertEquals("https://minio.internal", CachetOptions.S3_ENDPOINT.parse("https://minio.internal").toString());
  }

  @Test
  void aSchemaThatWouldNeedQuoting_isRefused() {
    assertRefused(options("store", "postgresql", "postgresql.url", URL, "postgresql.schema", "cachet; DROP"),
        "must be a lower-case SQL identifier");
  }

  @Test
  void aMisspeltBackendOption_isRefused_namingTheClosest() {
    assertRefused(options("store", "postgresql", "postgresql.ulr", URL), "Unknown Cachet option postgresql.ulr");
  }

  @Test
  void theSharedStore_withoutItsModule_namesTheDependencyToAdd() {
    assertRefused(options("store", "postgresql", "postgresql.url", URL), "add the dependency"
        + " io.cachet:cachet-postgresql");
  }

  @Test
  void secrets_areMaskedInTheOptionsDescription() {
    OptionValues values = OptionValues.defaults().with(CachetOptions.S3_SECRET_ACCESS_KEY, "wJalrXUtnFEMI")
        .with(CachetOptions.POSTGRESQL_PASSWORD, "hunter2");
    assertFalse(values.toString().contains("wJalrXUtnFEMI"), values.toString());
    assertFalse(values.toString().contains("hunter2"), values.toString());
    assertEquals("hunter2", values.backendValues().get("postgresql.password"));
  }

  @Test
  void aRelativePasswordFile_isResolvedAgainstTheOptionsFilesDirectory() throws Exception {
    Path dir = Files.createDirectories(cachet.root().resolve("conf"));
    Path file = dir.resolve("cachet.properties");
    Files.writeString(file, "store=postgresql\npostgresql.url=" + URL + "\npostgresql.passwordFile=pg.pass\n");
    ManagerSettings settings = ManagerSettings.resolve(file.toUri(), new Properties());
    assertEquals(dir.resolve("pg.pass").toAbsolutePath().normalize(),
        settings.options().get(CachetOptions.POSTGRESQL_PASSWORD_FILE));
  }

  private CacheException assertRefused(Properties properties, String expected) {
    CacheException refused = assertThrows(CacheException.class,
        () -> cachet.provider().getCacheManager(cachet.root().resolve("m").toUri(), null, properties));
    assertTrue(refused.getMessage().contains(expected), "expected to contain:\n" + expected + "\nbut was:\n"
        + refused.getMessage());
    return refused;
  }

  private static Properties options(String... pairs) {
    Properties properties = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      properties.setProperty(pairs[i], pairs[i + 1]);
    }
    return properties;
  }
}
