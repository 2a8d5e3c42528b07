package io.cachet;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.CacheException;

/**
 * An options file as {@link Properties} reads it, with the line each key is on, so that an error can name
 * the line. The keys and values are exactly {@code Properties.load}'s (escapes, continuation lines,
 * {@code =}, {@code :} or a blank as separator); the line of a key is the first line of the logical line
 * that sets it last.
 */
final class OptionsFile {
  private final URI uri;
  private final Properties properties;
  private final Map<String, Integer> lines;

  private OptionsFile(URI uri, Properties properties, Map<String, Integer> lines) {
    this.uri = uri;
    this.properties = properties;
    this.lines = lines;
  }

  /**
   * Reads the file the URI names, UTF-8.
   *
   * @throws CacheException naming the file if it cannot be read or is not valid properties text
   */
  static OptionsFile read(URI uri) {
    try (InputStream in = uri.toURL().openStream()) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Properties properties = new Properties();
      properties.load(new StringReader(text));
      return new OptionsFile(uri, properties, keyLines(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new CacheException("Cannot read Cachet configuration " + uri + ": " + e.getMessage(), e);
    }
  }

  /** Every key the file sets. */
  Set<String> names() {
    return properties.stringPropertyNames();
  }

  /** The key's value. */
  String value(String name) {
    return properties.getProperty(name);
  }

  /** Where the key is set, for errors: {@code properties file file:/app/cachet.properties, line 7}. */
  String source(String name) {
    Integer line = lines.get(name);
    return ManagerOptions.propertiesFile(uri) + (line == null ? "" : ", line " + line);
  }

  /**
   * The line of each key: every logical line (a natural line and the lines its trailing backslash continues
   * it with) is loaded on its own, so that a key is found exactly as {@code Properties} spells it.
   */
  private static Map<String, Integer> keyLines(String text) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    String[] natural = text.split("\r\n|\r|\n", -1);
    int next = 0;
    while (next < natural.length) {
      int first = next;
      String line = natural[next++];
      String start = line.stripLeading();
      if (start.isEmpty() || start.startsWith("#") || start.startsWith("!")) {
        continue;
      }
      StringBuilder logical = new StringBuilder(line);
      while (continues(line) && next < natural.length) {
        line = natural[next++];
        logical.append('\n').append(line);
      }
      Properties one = new Properties();
      one.load(new StringReader(logical.toString()));
      for (String key : one.stringPropertyNames()) {
        lines.put(key, first + 1);
      }
    }
    return lines;
  }

  /** Whether a natural line ends in an odd number of backslashes, which continues it on the next. */
  private static boolean continues(String line) {
    int backslashes = 0;
    for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 != 0;
  }
}
