package io.cachet.cli;

import io.cachet.sealed.SealedStore;
import io.cachet.sealed.StoreAudit;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cachet verify TARGET}: checks every row as an application would read it, and changes nothing. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Checks every row of every cache (or of one) as an application reads it, short of decoding: the "
        + "cache's record under its key file, each row's signature, key bytes, size and content hash, its blob "
        + "present and a regular file, its freshness against the shared ledger where the cache keeps one; then "
        + "blobs no row names, rows and blobs of caches without a record, and the database's own consistency "
        + "check. Changes nothing; safe while applications use the store.",
        "Exit status 1 if anything is wrong: each problem is listed with its cache and key hash."})
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetArguments arguments;

  @Option(names = "--cache", paramLabel = "CACHE", description = "Verify this cache only.")
  String cache;

  @Override
  public Integer call() {
    Target resolved = arguments.resolve();
    StoreAudit audit;
    try (SealedStore store = resolved.openForReading(); ProgressBar progress = ProgressBar.onTerminal()) {
      audit = store.audit(cache, progress);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (arguments.json) {
      out.println(Json.of(AuditReport.json(resolved, audit)));
      out.flush();
    } else {
      AuditReport.print(out, resolved, audit, AuditReport.Mode.VERIFY);
    }
    return audit.clean() ? CachetCli.FINE : CachetCli.PROBLEMS;
  }
}
