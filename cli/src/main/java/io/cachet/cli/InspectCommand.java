package io.cachet.cli;

import io.cachet.sealed.InspectedRow;
import io.cachet.sealed.SealedStore;
import java.io.PrintWriter;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cachet inspect TARGET CACHE}: rows' signed metadata, and their keys and values only when asked. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Shows a cache's rows as stored, with what their signature covers (created, expires, "
        + "generation, size, storage, encryption, class, signature version) and what checking each finds, as "
        + "verify checks. Changes nothing.",
        "Keys and values are printed only with --values, and only for rows that verified, decoded through the same "
            + "class filter as the provider: classes beyond the defaults need --allow, and the application's classes "
            + "on the tool's class path (java -cp app.jar:cachet-cli.jar io.cachet.cli.CachetCli ...)."})
final class InspectCommand implements Callable<Integer> {
  private static final int PRINTED_CHARACTERS = 120;

  @Spec CommandSpec spec;

  @Mixin TargetArguments arguments;

  @Parameters(index = "1", paramLabel = "CACHE", description = "The cache to inspect.")
  String cache;

  @ArgGroup(exclusive = true)
  Selection selection = new Selection();

  /** Which rows: one by key hash, or the first N by key hash. */
  static final class Selection {
    @Option(names = "--key-hash", paramLabel = "H", description = "The row with this key hash (64 hex digits).")
    String keyHash;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
        description = "The first N rows by key hash (default: ${DEFAULT-VALUE}).")
    int limit = 20;
  }

  @Option(names = "--values", description = "Also decode and print each verified row's key and value.")
  boolean values;

  @Option(names = "--allow", paramLabel = "PATTERN", split = ",",
      description = "Classes to allow when decoding, beyond the defaults, as the allowedClasses option "
          + "(com.acme.Order, com.acme.model.*).")
  List<String> allowed = new ArrayList<>();

  @Override
  public Integer call() {
    if (selection.keyHash != null && !selection.keyHash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("--key-hash takes 64 lowercase hex digits, not " + selection.keyHash);
    }
    if (selection.limit < 1) {
      throw new IllegalArgumentException("--limit takes a positive number, not " + selection.limit);
    }
    Target resolved = arguments.resolve();
    List<InspectedRow> rows;
    try (SealedStore store = resolved.openForReading()) {
      rows = store.inspect(cache, selection.keyHash, selection.limit, values, allowed);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (arguments.json) {
      List<Object> listed = new ArrayList<>();
      rows.forEach(row -> listed.add(json(row)));
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("target", resolved.toString());
      report.put("cache", cache);
      report.put("rows", listed);
      out.println(Json.of(report));
    } else if (rows.isEmpty()) {
      out.println(selection.keyHash != null ? "No row with key hash " + selection.keyHash + " in cache "
          + Printable.of(cache) : "No rows in cache " + Printable.of(cache));
    } else {
      print(out, rows);
    }
    out.flush();
    return rows.stream().anyMatch(row -> row.problem() != null) ? CachetCli.PROBLEMS : CachetCli.FINE;
  }

  private void print(PrintWriter out, List<InspectedRow> rows) {
    for (InspectedRow row : rows) {
      out.println(row.keyHash() + "  " + (row.problem() == null ? "verified" : "REFUSED: " + row.problem()));
      out.println("  created " + row.createdAt() + ", expires " + (row.expiresAt() == null ? "never"
          : row.expiresAt()) + ", generation " + (row.generation() == null ? "-" : row.generation()));
      out.println("  " + row.size() + " bytes " + Printable.of(row.storage()) + ", encryption "
          + Printable.of(row.encryption()) + ", class " + Printable.of(String.valueOf(row.objectType()))
          + ", signature " + row.signature());
      if (values && row.undecodable() != null) {
        out.println("  not decoded: " + Printable.of(row.undecodable()));
      } else if (values && row.problem() == null) {
        out.println("  key   " + shown(row.key()));
        out.println("  value " + shown(row.value()));
      }
    }
  }

  private Map<String, Object> json(InspectedRow row) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("keyHash", row.keyHash());
    json.put("createdAt", row.createdAt().toString());
    json.put("expiresAt", row.expiresAt() == null ? null : row.expiresAt().toString());
    json.put("generation", row.generation());
    json.put("size", row.size());
    json.put("storage", row.storage());
    json.put("encryption", row.encryption());
    json.put("objectType", row.objectType());
    json.put("signature", row.signature());
    json.put("problem", row.problem());
    if (values) {
      json.put("key", row.key() == null ? null : shown(row.key()));
      json.put("value", row.value() == null ? null : shown(row.value()));
      json.put("undecodable", row.undecodable());
    }
    return json;
  }

  /** A decoded object as text, arrays element by element, cut to a line and escaped. */
  private static String shown(Object decoded) {
    String text;
    if (decoded != null && decoded.getClass().isArray()) {
      Object[] boxed = new Object[Math.min(Array.getLength(decoded), PRINTED_CHARACTERS)];
      for (int i = 0; i < boxed.length; i++) {
        boxed[i] = Array.get(decoded, i);
      }
      text = decoded.getClass().getComponentType().getName() + "[" + Array.getLength(decoded) + "] "
          + Arrays.deepToString(boxed);
    } else {
      text = String.valueOf(decoded);
    }
    String printable = Printable.of(text);
    return printable.length() > PRINTED_CHARACTERS ? printable.substring(0, PRINTED_CHARACTERS) + "…" : printable;
  }
}
