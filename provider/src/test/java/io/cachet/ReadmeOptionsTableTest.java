package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's options table is the option registry's: names, scopes, defaults, values and doc lines. After
 * changing an option, {@code mvn -pl provider test -Dtest=ReadmeOptionsTableTest -Dreadme.regenerate=true}
 * writes the registry's table into the README.
 */
class ReadmeOptionsTableTest {
  private static final Path README = Path.of("../README.md");
  private static final String HEADER = "| option | scope | default | values | meaning |";

  @Test
  void readmeOptionsTable_listsEveryRegisteredOptionAsDeclared() throws IOException {
    List<String> expected = table();
    if (Boolean.getBoolean("readme.regenerate")) {
      regenerate(expected);
    }
    List<String> actual = readmeTable();
    assertEquals(String.join("\n", expected), String.join("\n", actual),
        "the README's options table differs from CachetOptions; the table the registry declares is the expected"
            + " value above");
  }

  /** The table as the registry declares it, one row per option in declaration order. */
  static List<String> table() {
    List<String> rows = new ArrayList<>(List.of(HEADER, "|---|---|---|---|---|"));
    for (CachetOption<?> option : CachetOptions.all()) {
      rows.add("| `" + option.name() + "` | " + option.scope().text() + " | " + option.defaultText() + " | "
          + option.values() + " | " + option.doc() + " |");
    }
    return rows;
  }

  private static List<String> readmeTable() throws IOException {
    List<String> lines = Files.readAllLines(README);
    int start = tableStart(lines);
    return new ArrayList<>(lines.subList(start, tableEnd(lines, start)));
  }

  private static void regenerate(List<String> table) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(README));
    int start = tableStart(lines);
    lines.subList(start, tableEnd(lines, start)).clear();
    lines.addAll(start, table);
    Files.write(README, lines);
  }

  private static int tableStart(List<String> lines) {
    int start = lines.indexOf(HEADER);
    assertFalse(start < 0, "no options table (" + HEADER + ") in " + README.toAbsolutePath());
    return start;
  }

  private static int tableEnd(List<String> lines, int start) {
    int end = start;
    while (end < lines.size() && lines.get(end).startsWith("|")) {
      end++;
    }
    return end;
  }
}
