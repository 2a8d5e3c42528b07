package io.cachet.cli;

import io.cachet.sealed.SealedStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cachet purge TARGET CACHE}: empties one cache, keeping it usable. */
@Command(name = "purge", mixinStandardHelpOptions = true,
    description = {"Deletes every entry of one cache, rows and blobs, and keeps the cache: applications using it "
        + "go on with an empty cache (entries they hold in memory are dropped at their next read). Asks for "
        + "confirmation unless --yes is given.",
        "Exit status 2 if the cache does not exist or the question was not answered yes."})
final class PurgeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetArguments arguments;

  @Parameters(index = "1", paramLabel = "CACHE", description = "The cache to empty.")
  String cache;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  boolean yes;

  @Override
  public Integer call() throws IOException {
    Target resolved = arguments.resolve();
    PrintWriter out = spec.commandLine().getOut();
    try (SealedStore store = resolved.open()) {
      if (!yes && !confirmed(out, entries(store))) {
        spec.commandLine().getErr().println("cachet purge: not confirmed; nothing was deleted (--yes skips the "
            + "question)");
        return CachetCli.COULD_NOT_RUN;
      }
      long purged = store.purge(cache);
      if (arguments.json) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("target", resolved.toString());
        report.put("cache", cache);
        report.put("purged", purged);
        out.println(Json.of(report));
      } else {
        out.println("Purged cache " + Printable.of(cache) + ": " + purged + " entries deleted.");
      }
      out.flush();
      return CachetCli.FINE;
    }
  }

  /** The entries the cache holds now, as stored. */
  private long entries(SealedStore store) {
    return store.summarize().stream().filter(summary -> summary.name().equals(cache)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No cache named \"" + Printable.of(cache) + "\" is recorded"
            + " in the store"))
        .rows().entries();
  }

  private boolean confirmed(PrintWriter out, long entries) throws IOException {
    out.print("Delete all " + entries + " entries of cache " + Printable.of(cache) + " in " + arguments.target
        + "? [y/N] ");
    out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
    String answer = in.readLine();
    return answer != null && answer.trim().toLowerCase(Locale.ROOT).matches("y|yes");
  }
}
