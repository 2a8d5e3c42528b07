package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A URI naming a file is read as an options file whatever the file's name; a directory URI names a root. */
class OptionsFileUriTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();

  @Test
  void aFileUriOfAnExistingFile_isAnOptionsFile_whateverItsExtension() throws IOException {
    Path file = Files.writeString(cachet.root().resolve("jcache-config.txt"), "root=data\nmaxEntries=2\n");

    CacheManager manager = cachet.provider().getCacheManager(file.toUri(), getClass().getClassLoader());
    Cache<Integer, String> cache = manager.createCache("c", new MutableConfiguration<>());
    for (int i = 0; i < 5; i++) {
      cache.put(i, "v" + i);
    }

    assertTrue(Files.isRegularFile(cachet.root().resolve("data").resolve("cachet.db")),
        "the root is the file's root option, relative to the file's directory");
    int live = 0;
    for (Cache.Entry<Integer, String> entry : cache) {
      live++;
    }
    assertEquals(2, live, "the file's maxEntries applies");
  }

  @Test
  void aJarUri_isAnOptionsFile_asFrameworksResolveAClassPathResource() throws IOException {
    Path storeRoot = cachet.root().resolve("from-jar");
    Path jar = cachet.root().resolve("config.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("cachet-config.txt"));
      out.write(("root=" + storeRoot.toString().replace("\\", "/") + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    URI entry = URI.create("jar:" + jar.toUri() + "!/cachet-config.txt");

    CacheManager manager = cachet.provider().getCacheManager(entry, getClass().getClassLoader());
    manager.createCache("c", new MutableConfiguration<Integer, String>()).put(1, "one");

    assertTrue(Files.isRegularFile(storeRoot.resolve("cachet.db")));
  }

  @Test
  void anOptionsFileWithAnUnknownOption_isACacheException_namingTheFileAndTheOption() throws IOException {
    Path file = Files.writeString(cachet.root().resolve("settings.conf"), "maxEntires=2\n");

    CacheException failure = assertThrows(CacheException.class,
        () -> cachet.provider().getCacheManager(file.toUri(), getClass().getClassLoader()));

    assertTrue(failure.getMessage().contains("settings.conf") && failure.getMessage().contains("maxEntires")
        && failure.getMessage().contains("maxEntries"), failure.getMessage());
  }

  @Test
  void aFileUriOfADirectory_orOfAPathNotYetThere_isARoot() throws IOException {
    Path directory = Files.createDirectories(cachet.root().resolve("existing"));
    Path notYet = cachet.root().resolve("not-yet");

    for (Path root : new Path[] {directory, notYet}) {
      cachet.provider().getCacheManager(root.toUri(), getClass().getClassLoader())
          .createCache("c", new MutableConfiguration<Integer, String>()).put(1, "one");
      assertTrue(Files.isRegularFile(root.resolve("cachet.db")), root.toString());
    }
  }

  @Test
  void aFileUriThatIsNoLocalPath_isACacheException_listingTheUrisCachetTakes() {
    URI remote = URI.create("file://fileserver/share/cachet");

    CacheException failure = assertThrows(CacheException.class,
        () -> cachet.provider().getCacheManager(remote, getClass().getClassLoader()));

    assertTrue(failure.getMessage().contains(remote.toString())
        && failure.getMessage().contains(ManagerSettings.SUPPORTED_URIS), failure.getMessage());
  }

  @Test
  void anUnreadableOptionsFile_isACacheException_namingIt() {
    URI missingEntry = URI.create("jar:" + cachet.root().resolve("absent.jar").toUri() + "!/cachet.txt");

    CacheException failure = assertThrows(CacheException.class,
        () -> cachet.provider().getCacheManager(missingEntry, getClass().getClassLoader()));

    assertTrue(failure.getMessage().contains("absent.jar"), failure.getMessage());
  }

  @Test
  void anOptionsFileThatIsNotPropertiesText_isACacheException_namingIt_andNothingIsOpened() throws IOException {
    Path file = Files.writeString(cachet.root().resolve("broken.conf"), "root=data\nmaxEntries=\\u00zz\n");

    CacheException failure = assertThrows(CacheException.class,
        () -> cachet.provider().getCacheManager(file.toUri(), getClass().getClassLoader()));

    assertTrue(failure.getMessage().contains(file.toUri().toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains("Malformed \\uxxxx encoding"), failure.getMessage());
    assertTrue(Files.notExists(cachet.root().resolve("data")), "no root was created");
  }
}
