package io.cachet.cli;

import io.cachet.sealed.CacheSummary;
import io.cachet.sealed.SealedStore;
import io.cachet.store.NamespaceSummary;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code cachet caches TARGET}: each cache with what its rows hold, as stored (nothing is verified or decoded). */
@Command(name = "caches", mixinStandardHelpOptions = true,
    description = "Lists each cache: entries, bytes in rows (inline) and in blobs, entries expired but not yet "
        + "swept, signature versions, the key that signs it and its last write, counted as stored: nothing is "
        + "verified or decoded, and no key or value is printed.")
final class CachesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetArguments arguments;

  @Override
  public Integer call() {
    Target resolved = arguments.resolve();
    List<CacheSummary> caches;
    try (SealedStore store = resolved.openForReading()) {
      caches = store.summarize();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (arguments.json) {
      List<Object> listed = new ArrayList<>();
      caches.forEach(cache -> listed.add(jsonOf(cache)));
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("target", resolved.toString());
      report.put("caches", listed);
      out.println(Json.of(report));
      out.flush();
      return CachetCli.FINE;
    }
    if (caches.isEmpty()) {
      out.println("No caches in " + resolved);
      out.flush();
      return CachetCli.FINE;
    }
    Table table = new Table("CACHE", "ENTRIES", "INLINE", "BLOBS", "EXPIRED", "SIGNATURES", "KEY", "LAST WRITE");
    for (CacheSummary cache : caches) {
      NamespaceSummary rows = cache.rows();
      table.add(Printable.of(cache.name()), Long.toString(rows.entries()), Sizes.of(rows.inlineBytes()),
          rows.blobEntries() + " (" + Sizes.of(rows.blobBytes()) + ")", Long.toString(rows.expired()),
          signatures(cache), key(cache), rows.lastWrite() == null ? "-" : Instant.ofEpochMilli(rows.lastWrite())
              .toString());
    }
    table.print(out);
    return CachetCli.FINE;
  }

  /** Rows per signature version; version 6 rows signed with another key than the cache's name that key. */
  private static String signatures(CacheSummary cache) {
    String ownKey = "v6:" + cache.keyId();
    return cache.rows().signatures().isEmpty() ? "-" : cache.rows().signatures().entrySet().stream()
        .map(entry -> (entry.getKey().equals(ownKey) ? "v6" : Printable.of(entry.getKey())) + "=" + entry.getValue())
        .collect(Collectors.joining(","));
  }

  private static String key(CacheSummary cache) {
    String key = cache.keyId() == null ? "unsigned"
        : (cache.keyFile() == null ? "in-memory key" : Printable.of(cache.keyFile())) + " (id "
            + Printable.of(cache.keyId()) + ")";
    return cache.recordVerifies() ? key : key + " RECORD DOES NOT VERIFY";
  }

  private static Map<String, Object> jsonOf(CacheSummary cache) {
    NamespaceSummary rows = cache.rows();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", cache.name());
    json.put("entries", rows.entries());
    json.put("inlineBytes", rows.inlineBytes());
    json.put("blobEntries", rows.blobEntries());
    json.put("blobBytes", rows.blobBytes());
    json.put("expiredNotSwept", rows.expired());
    json.put("signatures", new LinkedHashMap<String, Object>(rows.signatures()));
    json.put("keyFile", cache.keyFile());
    json.put("keyId", cache.keyId());
    json.put("recordVerifies", cache.recordVerifies());
    json.put("sharedLedger", cache.ledger());
    json.put("lastWrite", rows.lastWrite() == null ? null : Instant.ofEpochMilli(rows.lastWrite()).toString());
    return json;
  }
}
