package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SealedCache#rotateSigningKey}: an application rotates its cache's key through the JCache API. */
class SigningKeyRotationTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();

  @Test
  void rotateSigningKey_keepsEveryEntry_andTheCacheThenReadsWithTheNewKeyFileOnly() throws Exception {
    Cache<String, String> cache = cachet.manager().createCache("sessions",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    for (int i = 0; i < 50; i++) {
      cache.put("session-" + i, "user-" + i);
    }

    long resigned = cache.unwrap(SealedCache.class).rotateSigningKey("rotated.bin");

    assertEquals(50, resigned);
    assertEquals("user-7", cache.get("session-7"));
    cache.put("after", "written with the new key");
    assertTrue(Files.isRegularFile(cachet.root().resolve("rotated.bin")));
    cachet.manager().close();
    Files.delete(cachet.root().resolve(io.cachet.sealed.NamespaceOptions.DEFAULT_SIGNING_KEY_FILE));
    Properties newKey = new Properties();
    newKey.setProperty("signingKeyFile", "rotated.bin");
    try (CacheManager reopened = cachet.newProvider().getCacheManager(cachet.root().toUri(),
        getClass().getClassLoader(), newKey)) {
      Cache<String, String> again = reopened.createCache("sessions",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      assertEquals("user-42", again.get("session-42"));
      assertEquals("written with the new key", again.get("after"));
      assertEquals(Map.of(), again.unwrap(SealedCache.class).refusals());
      assertThrows(IllegalArgumentException.class,
          () -> again.unwrap(SealedCache.class).rotateSigningKey("../outside.bin"), "a plain file name only");
    }
  }
}
