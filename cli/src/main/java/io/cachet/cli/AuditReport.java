package io.cachet.cli;

import io.cachet.sealed.AuditFinding;
import io.cachet.sealed.CacheAudit;
import io.cachet.sealed.KeyFileUse;
import io.cachet.sealed.StoreAudit;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints what {@code verify} and {@code repair} found: a table per cache and one of findings, or one JSON document. */
final class AuditReport {
  /** What the report says was done with each finding. */
  enum Mode {
    /** Nothing is changed: findings are listed. */
    VERIFY(null),
    /** Nothing is changed: findings are listed with what a repair would do. */
    DRY_RUN("would delete"),
    /** Findings were acted on. */
    REPAIR("deleted");

    private final String action;

    Mode(String action) {
      this.action = action;
    }
  }

  private AuditReport() {}

  static void print(PrintWriter out, Target target, StoreAudit audit, Mode mode) {
    Table caches = new Table("CACHE", "ROWS", "VERIFIED", "PAYLOAD", "KEY", "LEDGER", "PROBLEMS");
    for (CacheAudit cache : audit.caches()) {
      caches.add(Printable.of(cache.name()), Long.toString(cache.rows()), Long.toString(cache.verified()),
          Sizes.of(cache.payloadBytes()), key(cache), cache.ledger() ? "shared" : "-",
          Integer.toString(cache.findings().size()));
    }
    if (audit.caches().isEmpty()) {
      out.println("No caches in " + target);
    } else {
      caches.print(out);
    }
    List<AuditFinding> findings = audit.findings();
    if (!findings.isEmpty()) {
      out.println();
      Table table = mode == Mode.VERIFY ? new Table("CACHE", "KEY HASH", "PROBLEM", "DETAIL")
          : new Table("CACHE", "KEY HASH", "PROBLEM", "ACTION", "DETAIL");
      for (AuditFinding finding : findings) {
        String cache = finding.cache() == null ? "-" : Printable.of(finding.cache());
        String keyHash = finding.keyHash() == null ? "-" : Printable.of(finding.keyHash());
        String detail = Printable.of(finding.detail());
        if (mode == Mode.VERIFY) {
          table.add(cache, keyHash, finding.problem(), detail);
        } else {
          table.add(cache, keyHash, finding.problem(), action(finding, mode), detail);
        }
      }
      table.print(out);
    }
    if (!audit.keyFiles().isEmpty()) {
      out.println();
      Table keys = new Table("KEY FILE", "KEY ID", "USE");
      for (KeyFileUse use : audit.keyFiles()) {
        keys.add(Printable.of(use.keyFile()), use.keyId(), use(use));
      }
      keys.print(out);
    }
    out.println();
    out.println(summary(audit, mode));
    out.flush();
  }

  private static String use(KeyFileUse use) {
    if (use.unused()) {
      return "no cache uses it: safe to delete once no application names it in signingKeyFile";
    }
    List<String> uses = new ArrayList<>();
    if (!use.signs().isEmpty()) {
      uses.add("signs " + names(use.signs()));
    }
    if (!use.retiring().isEmpty()) {
      uses.add("still reads " + names(use.retiring()) + " (rotation under way: keep it)");
    }
    return String.join("; ", uses);
  }

  private static String names(List<String> caches) {
    return String.join(", ", caches.stream().map(Printable::of).toList());
  }

  private static String action(AuditFinding finding, Mode mode) {
    if (mode == Mode.REPAIR) {
      return finding.repaired() ? mode.action : "not repaired";
    }
    return finding.repairable() ? mode.action : "none: see docs/OPERATIONS.md";
  }

  private static String summary(StoreAudit audit, Mode mode) {
    long rows = audit.caches().stream().mapToLong(CacheAudit::rows).sum();
    long verified = audit.caches().stream().mapToLong(CacheAudit::verified).sum();
    int problems = audit.findings().size();
    int caches = audit.caches().size();
    String scanned = rows + " rows in " + caches + (caches == 1 ? " cache, " : " caches, ") + verified + " verified";
    if (problems == 0) {
      return "No problems found: " + scanned + ".";
    }
    if (mode == Mode.REPAIR) {
      long repaired = audit.findings().stream().filter(AuditFinding::repaired).count();
      return problems + " problems found (" + scanned + "): " + repaired + " repaired, " + (problems - repaired)
          + " not; the database was compacted.";
    }
    return problems + " problems found: " + scanned + "."
        + (mode == Mode.DRY_RUN ? " Nothing was changed." : " Run 'cachet repair' to remove them.");
  }

  static String key(CacheAudit cache) {
    return switch (cache.key()) {
      case VERIFIED -> Printable.of(cache.keyFile()) + " (id " + Printable.of(cache.keyId()) + ")";
      case UNSIGNED -> "unsigned";
      case IN_MEMORY_KEY -> "in-memory key: not verifiable";
      case UNVERIFIABLE -> "not verifiable";
    };
  }

  static Map<String, Object> json(Target target, StoreAudit audit) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("target", target.toString());
    report.put("clean", audit.clean());
    List<Object> caches = new ArrayList<>();
    for (CacheAudit cache : audit.caches()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("name", cache.name());
      json.put("keyFile", cache.keyFile());
      json.put("keyId", cache.keyId());
      json.put("key", cache.key().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      json.put("rows", cache.rows());
      json.put("verified", cache.verified());
      json.put("payloadBytes", cache.payloadBytes());
      json.put("sharedLedger", cache.ledger());
      json.put("findings", findings(cache.findings()));
      caches.add(json);
    }
    report.put("caches", caches);
    report.put("store", findings(audit.store()));
    List<Object> keyFiles = new ArrayList<>();
    for (KeyFileUse use : audit.keyFiles()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("keyFile", use.keyFile());
      json.put("keyId", use.keyId());
      json.put("signs", new ArrayList<Object>(use.signs()));
      json.put("retiring", new ArrayList<Object>(use.retiring()));
      json.put("unused", use.unused());
      keyFiles.add(json);
    }
    report.put("keyFiles", keyFiles);
    return report;
  }

  private static List<Object> findings(List<AuditFinding> findings) {
    List<Object> listed = new ArrayList<>();
    for (AuditFinding finding : findings) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("cache", finding.cache());
      json.put("keyHash", finding.keyHash());
      json.put("problem", finding.problem());
      json.put("detail", finding.detail());
      json.put("repaired", finding.repaired());
      listed.add(json);
    }
    return listed;
  }
}
