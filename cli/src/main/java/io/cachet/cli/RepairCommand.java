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

/** {@code cachet repair TARGET}: deletes what {@code verify} finds, then compacts the database. */
@Command(name = "repair", mixinStandardHelpOptions = true,
    description = {"Deletes what verify finds: rows applications would refuse (each only if it is still the row "
        + "found), blobs no row names, rows and blobs of caches without a record, and caches whose rows cannot "
        + "be verified (record failing verification, key file missing); then checkpoints and optimizes the "
        + "database. Applications may keep using the store: a deleted entry is a miss, as it would have been.",
        "Exit status 1 if something found could not be repaired (damage inside the database file: see the "
            + "'corrupt database' runbook); with --dry-run, 1 if a repair would change anything."})
final class RepairCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetArguments arguments;

  @Option(names = "--dry-run", description = "Report what a repair would delete, and change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    Target resolved = arguments.resolve();
    StoreAudit audit;
    try (SealedStore store = dryRun ? resolved.openForReading() : resolved.open();
        ProgressBar progress = ProgressBar.onTerminal()) {
      audit = dryRun ? store.audit(null, progress) : store.repair(progress);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (arguments.json) {
      out.println(Json.of(AuditReport.json(resolved, audit)));
      out.flush();
    } else {
      AuditReport.print(out, resolved, audit, dryRun ? AuditReport.Mode.DRY_RUN : AuditReport.Mode.REPAIR);
    }
    boolean left = dryRun ? !audit.clean() : audit.findings().stream().anyMatch(finding -> !finding.repaired());
    return left ? CachetCli.PROBLEMS : CachetCli.FINE;
  }
}
