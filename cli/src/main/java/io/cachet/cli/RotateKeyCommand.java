package io.cachet.cli;

import io.cachet.sealed.CacheSummary;
import io.cachet.sealed.KeyRotationResult;
import io.cachet.sealed.SealedStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cachet rotate-key TARGET --new-key-file NAME}: moves caches to a new signing key, keeping their entries. */
@Command(name = "rotate-key", mixinStandardHelpOptions = true,
    description = {"Rotates the signing key of every cache signed with a key file (or of one) to the key in "
        + "NAME, a plain file name in the root: the file is used if it exists (copy it to every host first), else "
        + "created with mode 0600. Applications keep running: they read entries signed with either key throughout "
        + "and write with the new one from a quarter of a second after the rotation begins. Every entry that "
        + "verifies is re-signed (and re-encrypted, if encrypted) with the new key, in batches of one transaction "
        + "each; one that fails its checks is deleted instead (with --keep-refused, left as it is). Then the old key "
        + "is retired from the cache's record: its file can be deleted once every application is configured with the "
        + "new one.",
        "A rotation stopped anywhere (a kill, a crash) is resumed by running the same command again.",
        "Exit status 1 if a cache could not be rotated (the others still are)."})
final class RotateKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetArguments arguments;

  @Option(names = "--new-key-file", paramLabel = "NAME", required = true,
      description = "The key file to rotate to, a plain file name in the root.")
  String newKeyFile;

  @Option(names = "--cache", paramLabel = "CACHE", description = "Rotate this cache only.")
  String cache;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "" + SealedStore.ROTATION_BATCH,
      description = "Entries re-signed per transaction (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--keep-refused", description = "Leave an entry that fails its checks as it is, signed with the old "
      + "key, instead of deleting it (for caches whose applications set storageMode or deleteInvalidSignatures=false:"
      + " it stays a miss, and verify reports it).")
  boolean keepRefused;

  @Override
  public Integer call() {
    if (batch < 1) {
      throw new IllegalArgumentException("--batch takes a positive number, not " + batch);
    }
    Target resolved = arguments.resolve();
    PrintWriter out = spec.commandLine().getOut();
    List<Object> reported = new ArrayList<>();
    boolean failed = false;
    try (SealedStore store = resolved.open(); ProgressBar progress = ProgressBar.onTerminal()) {
      for (String name : caches(store)) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cache", name);
        try {
          KeyRotationResult result = store.rotateKey(name, newKeyFile, batch, !keepRefused, progress::checked);
          progress.clear();
          json.putAll(json(result));
          if (!arguments.json) {
            out.println(line(result));
          }
        } catch (IllegalArgumentException e) {
          failed = true;
          progress.clear();
          json.put("error", e.getMessage());
          if (!arguments.json) {
            out.println(Printable.of(name) + ": not rotated: " + Printable.of(e.getMessage()));
          }
        }
        reported.add(json);
      }
    }
    if (arguments.json) {
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("target", resolved.toString());
      report.put("newKeyFile", newKeyFile);
      report.put("caches", reported);
      out.println(Json.of(report));
    }
    out.flush();
    return failed ? CachetCli.PROBLEMS : CachetCli.FINE;
  }

  /** The caches to rotate: the one named, or every cache signed with a key file. */
  private List<String> caches(SealedStore store) {
    List<CacheSummary> recorded = store.summarize();
    if (cache != null) {
      if (recorded.stream().noneMatch(summary -> summary.name().equals(cache))) {
        throw new IllegalArgumentException("No cache named \"" + Printable.of(cache) + "\" is recorded in the store");
      }
      return List.of(cache);
    }
    return recorded.stream().filter(summary -> summary.keyFile() != null).map(CacheSummary::name).toList();
  }

  private static String line(KeyRotationResult result) {
    String name = Printable.of(result.cache());
    if (!result.rotated()) {
      return name + ": already signed with " + Printable.of(result.toKeyFile()) + " (id " + result.toKeyId()
          + "); nothing to do";
    }
    double resigning = result.resigningMillis() / 1000.0;
    return String.format(Locale.ROOT, "%s: rotated from %s to %s (id %s): %d entries re-signed, %d refused and "
        + "deleted%s, in %.1f s (re-signing %.1f s, %.0f entries/s)", name,
        Printable.of(String.valueOf(result.fromKeyFile())), Printable.of(result.toKeyFile()), result.toKeyId(),
        result.resigned(), result.refused(), result.kept() == 0 ? "" : ", " + result.kept() + " refused and kept",
        result.millis() / 1000.0, resigning, resigning > 0 ? result.resigned() / resigning : 0);
  }

  private static Map<String, Object> json(KeyRotationResult result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("rotated", result.rotated());
    json.put("fromKeyFile", result.fromKeyFile());
    json.put("toKeyFile", result.toKeyFile());
    json.put("toKeyId", result.toKeyId());
    json.put("resigned", result.resigned());
    json.put("refused", result.refused());
    json.put("kept", result.kept());
    json.put("millis", result.millis());
    json.put("resigningMillis", result.resigningMillis());
    return json;
  }
}
