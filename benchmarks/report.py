#!/usr/bin/env python3
"""Writes RESULTS.md from run.sh's outputs: target/jmh-result.json, heap.csv, machine.txt, free.txt, java-version.txt;
with a README path, also rewrites the README's performance table (between README_BEGIN and README_END) from them.

Usage: report.py TARGET_DIR OUTPUT_MD [README_MD]
"""
import csv
import json
import os
import re
import sys

PROVIDERS = ["cachet-normal", "cachet-full", "cachet-heap", "ehcache-disk", "ehcache-heap", "infinispan", "caffeine",
             "ri"]
HEAP_PROVIDERS = ("caffeine", "ri")
BASE = "ehcache-disk"
PKG = "io.cachet.benchmarks."

# The targets: Cachet normal against the faster (or, for throughput, the higher) of these two, same run.
PERSISTENT_BASES = ("ehcache-disk", "infinispan")
# Cachet with its heap tier against Ehcache with a heap tier of the same capacity (10,000 entries).
TIERED = ("cachet-heap", "ehcache-heap")
GROWTH_TARGET = 1.5
FILL_TARGET = 1.5

# (key, title, benchmark, extra params, higher-is-better, tiered target): every workload has its target
# (Cachet normal ≤ 1.0× the faster of Ehcache disk and Infinispan, or ≥ 1.0× for throughput); the hot get and the
# mixed workload also have the tiered one (Cachet heap against Ehcache heap, 1.0×).
WORKLOADS = [
    ("get100", "100-byte get hit (1,000 keys)", "SmallValueBenchmark.get", {}, False, True),
    ("put100", "100-byte put (1,000 keys)", "SmallValueBenchmark.put", {}, False, False),
    ("mixed", "90 % get / 10 % put, 100-byte values, 2 threads", "SmallValueBenchmark.mixed", {}, True, True),
    ("get64k", "64 KiB get hit (1,024 keys = 64 MiB)", "LargeValueBenchmark.get", {"size": "65536"}, False, False),
    ("put64k", "64 KiB put (1,024 keys = 64 MiB)", "LargeValueBenchmark.put", {"size": "65536"}, False, False),
    ("get1m", "1 MiB get hit (64 keys = 64 MiB)", "LargeValueBenchmark.get", {"size": "1048576"}, False, False),
    ("put1m", "1 MiB put (64 keys = 64 MiB)", "LargeValueBenchmark.put", {"size": "1048576"}, False, False),
    ("getall", "getAll of 100 entries (100-byte values)", "BulkBenchmark.getAll", {}, False, False),
    ("putall", "putAll of 100 entries (100-byte values)", "BulkBenchmark.putAll", {}, False, False),
    ("open", "Cold start: open manager + cache on a 10,000-entry store", "ColdStartBenchmark.open", {}, False, False),
    ("openread", "Cold start: open + read (verify) all 10,000 entries", "ColdStartBenchmark.openAndReadAll", {},
     False, False),
]


def fmt(x):
    if isinstance(x, str):
        try:
            x = float(x)
        except ValueError:
            return x
    if x is None or x != x:
        return "–"
    a = abs(x)
    if a >= 1000:
        return f"{x:,.0f}"
    if a >= 100:
        return f"{x:.0f}"
    if a >= 10:
        return f"{x:.1f}"
    if a >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def ratio_text(ratio):
    return f"{fmt(ratio)}{'×' if ratio is not None else ''}"


def verdict(ratio, target, higher=False):
    if ratio is None:
        return "not measured"
    met = ratio >= target if higher else ratio <= target
    return "**met**" if met else "**missed**"


class Results:
    """JMH rows by benchmark (without the package) and parameters; a lookup names only the parameters it fixes."""

    def __init__(self, rows):
        self.rows = []
        for r in rows:
            m = r["primaryMetric"]
            self.rows.append((r["benchmark"].replace(PKG, ""), r.get("params", {}),
                              (m["score"], m["scoreError"], m["scoreUnit"], r["threads"], r["mode"])))

    def get(self, bench, provider=None, **params):
        """(score, error, unit, threads, mode) of the row matching every given value, else None."""
        wanted = dict(params, provider=provider)
        for b, p, value in self.rows:
            if b == bench and all(v is None or p.get(k) == v for k, v in wanted.items()):
                return value
        return None

    def ratio(self, bench, provider, base, **params):
        a, b = self.get(bench, provider, **params), self.get(bench, base, **params)
        return a[0] / b[0] if a and b and b[0] else None


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


SHARED_STORE = "SharedStoreBenchmark."


SHARED_STORE_ROWS = (("100-byte get", "100", "cachetGet", "floorSelect", "primary-key SELECT", 1.5),
                     ("100-byte put", "100", "cachetPut", "floorUpsert", "upsert transaction", 2.0),
                     ("1 MiB get", "1048576", "cachetGet", "floorS3Get", "S3 GET", 1.5),
                     ("1 MiB put", "1048576", "cachetPut", "floorS3Put", "S3 PUT", 2.0))


def shared_store_rows(results):
    """(label, Cachet row, floor label, floor row, ratio, target) of each shared-store operation."""
    rows = []
    for label, size, op, floor_op, floor_label, target in SHARED_STORE_ROWS:
        cachet = results.get(SHARED_STORE + op, size=size)
        floor = results.get(SHARED_STORE + floor_op, size=size)
        rows.append((label, cachet, floor_label, floor, cachet[0] / floor[0] if cachet and floor else None, target))
    return rows


def shared_store_section(results, w):
    """The shared store (store=postgresql) beside its floors on the same servers; returns the target verdicts."""
    verdicts = []
    w("### The shared store (store=postgresql) against its floors")
    w("")
    w("`SharedStoreBenchmark`: Cachet on an embedded PostgreSQL (fsync off) and S3Proxy on loopback, 100-byte values "
      "in the row and 1 MiB values in S3 (64 keys), beside floors on the same servers in the same run: one "
      "primary-key `SELECT` round trip and one upsert transaction through the same JDBC driver, one S3 `GET` and "
      "`PUT` of the same size through the client Cachet builds.")
    w("")
    w("| operation | Cachet (us/op) | ± error | floor | floor (us/op) | ± error | ÷ floor |")
    w("| --- | ---: | ---: | --- | ---: | ---: | ---: |")
    for label, cachet, floor_label, floor, ratio, target in shared_store_rows(results):
        verdicts.append((f"shared store {label} ≤ {target:g}× its floor ({floor_label})", target, ratio))
        w(f"| {label} | {fmt(cachet[0]) if cachet else '–'} | {fmt(cachet[1]) if cachet else '–'} | {floor_label} | "
          f"{fmt(floor[0]) if floor else '–'} | {fmt(floor[1]) if floor else '–'} | "
          f"{fmt(ratio)}{'×' if ratio is not None else ''} |")
    w("")
    return verdicts


GROWTH = "GrowthBenchmark."
FILL = "FillBenchmark.fill"


def growth_ratio(results, op, provider):
    """Time at 1,000,000 entries ÷ time at 1,000, or None."""
    small = results.get(GROWTH + op, provider, entries="1000")
    large = results.get(GROWTH + op, provider, entries="1000000")
    return large[0] / small[0] if small and large and small[0] else None


def growth_section(results, w):
    """Get hit and put at 1,000 and 1,000,000 entries per provider; returns Cachet normal's (label, ratio)s."""
    w("### Cost growth: 1,000 against 1,000,000 entries")
    w("")
    w("`GrowthBenchmark`: a 100-byte get hit and put of a uniformly random key, on a store filled once per trial "
      "(`putAll` of 1,000, outside the timed part) with 1,000 or 1,000,000 entries. \"Growth\" is the time at "
      "1,000,000 ÷ the time at 1,000. The heap tiers (10,000 entries) hold the small store whole but only 1 % of "
      "the large one, so their growth shows what a working set larger than the tier costs. The heap caches "
      "(Caffeine, RI) are not run here.")
    w("")
    w("| provider | get at 1,000 (us/op) | get at 1,000,000 | get growth | put at 1,000 (us/op) | "
      "put at 1,000,000 | put growth |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    verdicts = []
    for p in PROVIDERS:
        cells = []
        for op in ("get", "put"):
            small = results.get(GROWTH + op, p, entries="1000")
            large = results.get(GROWTH + op, p, entries="1000000")
            ratio = growth_ratio(results, op, p)
            cells += [f"{fmt(small[0])} ± {fmt(small[1])}" if small else "–",
                      f"{fmt(large[0])} ± {fmt(large[1])}" if large else "–", ratio_text(ratio)]
            if p == "cachet-normal":
                verdicts.append((op, ratio))
        if any(c != "–" for c in cells):
            w(f"| {p} | {' | '.join(cells)} |")
    w("")
    return verdicts


def fill_section(results, w):
    """Fill time of 1,000,000 entries per provider; returns Cachet normal ÷ Ehcache disk."""
    w("### Fill of 1,000,000 entries")
    w("")
    w("`FillBenchmark`: an empty store filled with 1,000,000 entries of 100 bytes by `putAll` of 1,000, single shot "
      "per iteration (each on a new root; checked and removed outside the timed part).")
    w("")
    present = [p for p in PROVIDERS if results.get(FILL, p, entries="1000000")]
    if not present:
        w("Not run in this run.")
        w("")
        return None
    w("| provider | fill (s) | ± error | ÷ Ehcache disk | ÷ Infinispan | ÷ Ehcache heap |")
    w("| --- | ---: | ---: | ---: | ---: | ---: |")
    for p in PROVIDERS:
        r = results.get(FILL, p, entries="1000000")
        if r is None:
            w(f"| {p} | not run | | | | |")
            continue
        cells = [ratio_text(results.ratio(FILL, p, base, entries="1000000"))
                 for base in ("ehcache-disk", "infinispan", "ehcache-heap")]
        w(f"| {p} | {fmt(r[0])} | {fmt(r[1])} | {' | '.join(cells)} |")
    w("")
    return results.ratio(FILL, "cachet-normal", "ehcache-disk", entries="1000000")


def against_persistent(results, bench, size, higher):
    """Cachet normal ÷ each persistent baseline, and the ratio against the faster (throughput: the higher) of them."""
    ratios = {base: results.ratio(bench, "cachet-normal", base, size=size) for base in PERSISTENT_BASES}
    known = [r for r in ratios.values() if r is not None]
    worst = (min(known) if higher else max(known)) if len(known) == len(ratios) else None
    return ratios, worst


def durability_rows(results):
    """(label, Cachet full put row, floor row, ratio) for 100 bytes and 1 MiB."""
    rows = []
    for size, label, bench, bench_size in (("100", "100 bytes", "SmallValueBenchmark.put", None),
                                           ("1048576", "1 MiB", "LargeValueBenchmark.put", "1048576")):
        floor = results.get("DurabilityFloorBenchmark.durableWrite", size=size)
        full = results.get(bench, "cachet-full", size=bench_size)
        rows.append((label, full, floor, full[0] / floor[0] if floor and full else None))
    return rows


README_BEGIN = "<!-- performance table: written by benchmarks/report.py from one run of benchmarks/run.sh -->"
README_END = "<!-- end of the performance table written by benchmarks/report.py -->"
UNITS = {"us/op": "µs", "ms/op": "ms", "s/op": "s"}


def score_cell(row):
    return fmt(row[0]) if row else "–"


def readme_table(results, machine, target, heap_rows):
    """The README's performance table: Cachet against both persistent baselines and the heap tiers, with verdicts."""
    lines = []
    w = lines.append
    java = read(os.path.join(target, "java-version.txt")).splitlines()
    memory = next((line.split()[1] for line in read(os.path.join(target, "free.txt")).splitlines()
                   if line.startswith("Mem:")), "?")
    command = machine.get("command", "benchmarks/run.sh")
    w(f"Measured on {machine.get('started', '?')[:10]} at commit `{machine.get('commit', '?')}` on "
      f"{machine.get('cpu', '?')} (`nproc` = {machine.get('nproc', '?')}, {memory} of memory), "
      f"{java[0] if java else '?'}, in one run: `{command}`. Every provider is in the same JMH run, "
      "reached only through `javax.cache` with store-by-value (Integer keys, `byte[]` values): Cachet with its "
      "defaults (`durability=normal`, every entry signed, every read verified), Ehcache 3.10.8 with its persistent "
      "disk tier behind a heap tier of 10 entries, Infinispan 15.2 embedded with its file store behind 10 entries in "
      "memory. The ratio is Cachet ÷ the faster of the two (for throughput: ÷ the higher, and above 1 is better).")
    w("")
    w("| workload | Cachet | Ehcache 3 disk | Infinispan | ratio | target |")
    w("| --- | ---: | ---: | ---: | ---: | --- |")
    for key, title, bench, extra, higher, tiered in WORKLOADS:
        size = extra.get("size")
        rows = [results.get(bench, p, size=size) for p in ("cachet-normal", "ehcache-disk", "infinispan")]
        if not rows[0]:
            continue
        unit = UNITS.get(rows[0][2], rows[0][2])
        _, worst = against_persistent(results, bench, size, higher)
        goal = "≥ 1×" if higher else "≤ 1×"
        w(f"| {title}, {unit} | {' | '.join(score_cell(r) for r in rows)} | {ratio_text(worst)} | "
          f"{goal}: {verdict(worst, 1.0, higher).strip('*')} |")
    for op in ("get", "put"):
        growth = [growth_ratio(results, op, p) for p in ("cachet-normal", "ehcache-disk", "infinispan")]
        if results.get(GROWTH + op, "cachet-normal", entries="1000"):
            w(f"| 100-byte {op} at 1,000,000 entries ÷ at 1,000 | {' | '.join(ratio_text(g) for g in growth)} | | "
              f"≤ {GROWTH_TARGET:g}×: {verdict(growth[0], GROWTH_TARGET).strip('*')} |")
    fills = [results.get(FILL, p, entries="1000000") for p in ("cachet-normal", "ehcache-disk", "infinispan")]
    if fills[0]:
        ratio = results.ratio(FILL, "cachet-normal", "ehcache-disk", entries="1000000")
        w(f"| fill of 1,000,000 entries by `putAll` of 1,000 (s) | {' | '.join(score_cell(r) for r in fills)} | "
          f"{ratio_text(ratio)} | ≤ {FILL_TARGET:g}× Ehcache: {verdict(ratio, FILL_TARGET).strip('*')} |")
    heap = {row[0]: row for row in heap_rows if len(row) >= 4}
    if "cachet-normal" in heap and heap["cachet-normal"][3].isdigit():
        cells = [fmt(int(heap[p][3]) / (1 << 20)) if p in heap and heap[p][3].isdigit() else "–"
                 for p in ("cachet-normal", "ehcache-disk", "infinispan")]
        mib = int(heap["cachet-normal"][3]) / (1 << 20)
        w(f"| heap with {int(heap['cachet-normal'][1]):,} entries (MiB) | {' | '.join(cells)} | | "
          f"≤ 64 MiB: {verdict(mib, 64).strip('*')} |")
    w("")
    w("With heap tiers of the same capacity on both (Cachet `heapEntries=10000`, Ehcache 10,000 heap entries in front "
      "of its disk tier):")
    w("")
    w("| workload | Cachet heap tier | Ehcache heap tier | ratio | target |")
    w("| --- | ---: | ---: | ---: | --- |")
    for key, title, bench, extra, higher, tiered in WORKLOADS:
        if not tiered:
            continue
        rows = [results.get(bench, p) for p in TIERED]
        if not rows[0]:
            continue
        ratio = results.ratio(bench, *TIERED)
        goal = "≥ 1×" if higher else "≤ 1×"
        w(f"| {title}, {UNITS.get(rows[0][2], rows[0][2])} | {' | '.join(score_cell(r) for r in rows)} | "
          f"{ratio_text(ratio)} | {goal}: {verdict(ratio, 1.0, higher).strip('*')} |")
    w("")
    w("`durability=full` (every commit fsync'd) against its floor, one fsync'd SQLite commit (plus an fsync'd file "
      "publish for a value stored as a blob), measured in the same run:")
    w("")
    w("| put | Cachet `full` (µs) | floor (µs) | ratio | target |")
    w("| --- | ---: | ---: | ---: | --- |")
    for label, full, floor, ratio in durability_rows(results):
        w(f"| {label} | {score_cell(full)} | {score_cell(floor)} | {ratio_text(ratio)} | "
          f"≤ 1.2×: {verdict(ratio, 1.2).strip('*')} |")
    shared = [row for row in shared_store_rows(results) if row[1]]
    if shared:
        w("")
        w("The shared store (`store=postgresql`, an embedded PostgreSQL and S3Proxy on loopback; 1 MiB values in S3) "
          "against floors on the same servers, through the same clients, in the same run:")
        w("")
        w("| operation | Cachet (µs) | floor | floor (µs) | ratio | target |")
        w("| --- | ---: | --- | ---: | ---: | --- |")
        for label, cachet, floor_label, floor, ratio, target_ratio in shared:
            w(f"| {label} | {score_cell(cachet)} | {floor_label} | {score_cell(floor)} | {ratio_text(ratio)} | "
              f"≤ {target_ratio:g}×: {verdict(ratio, target_ratio).strip('*')} |")
    return lines


def rewrite_readme(path, table):
    """Replaces what lies between the README's markers with the table; fails if the markers are missing."""
    text = open(path, encoding="utf-8").read()
    pattern = re.compile(re.escape(README_BEGIN) + r".*?" + re.escape(README_END), re.S)
    if not pattern.search(text):
        sys.exit(f"{path} has no performance table markers ({README_BEGIN} ... {README_END})")
    block = "\n".join([README_BEGIN] + table + [README_END])
    with open(path, "w", encoding="utf-8") as f:
        f.write(pattern.sub(lambda _: block, text, count=1))


def main():
    target, out = sys.argv[1], sys.argv[2]
    rows = json.load(open(os.path.join(target, "jmh-result.json")))
    machine = dict(line.split("=", 1) for line in read(os.path.join(target, "machine.txt")).splitlines() if "=" in line)
    results = Results(rows)

    lines = []
    w = lines.append
    w("# Cachet benchmarks")
    w("")
    w("One run of `benchmarks/run.sh`: every provider in the same JMH run and tables, with ratios against Ehcache's")
    w("persistent disk tier, the performance targets marked met or missed, and (at the end) where the time goes where a")
    w("target is missed. Regenerate with the command below; `report.py` writes everything but the last section,")
    w("which it copies from `analysis.md`.")
    w("")
    w("## How it was made")
    w("")
    w("```")
    w(machine.get("command", "benchmarks/run.sh"))
    w("```")
    w("")
    w(f"Commit `{machine.get('commit', '?')}`. Started {machine.get('started', '?')}, finished {machine.get('finished', '?')}. "
      "All providers are in the same JMH run, each reached only through "
      "`Caching.getCachingProvider(className)` → `getCacheManager(uri, classLoader, properties)` → "
      "`createCache(name, new MutableConfiguration<>())` (store-by-value, `Object` types; Integer keys, `byte[]` values). "
      "Cachet runs with its defaults (entry signing on, every read verified) and `durability=normal` or `full`, and "
      "`cachet-heap` is `normal` with `heapEntries=10000` and `heapBytes=268435456`; "
      "Ehcache 3.10.8 runs a persistent disk tier behind a heap tier of 10 entries (`ehcache-disk`) or of 10,000 "
      "entries (`ehcache-heap`), from an XML config with a JCache default template; Infinispan 15.2 embedded "
      "(`infinispan`) runs its persistent file store (SoftIndexFileStore, every write through to it) behind at most "
      "10 entries in memory, as a read-through cache (its JCache `get` reads the store only then; "
      "`PersistenceCheck` proves before the run that gets of evicted keys and of a reopened store return their values); "
      "Caffeine's JCache 3.2.2 and the JSR-107 RI 1.1.1 are heap caches, shown as context only.")
    w("")
    w("## Machine")
    w("")
    w(f"- CPU: {machine.get('cpu', '?')}, `nproc` = {machine.get('nproc', '?')}")
    w("- `free -h`:")
    w("")
    w("```")
    w(read(os.path.join(target, "free.txt")))
    w("```")
    w("")
    w("- `java -version`:")
    w("")
    w("```")
    w(read(os.path.join(target, "java-version.txt")))
    w("```")
    w("")
    w("## Results")
    w("")
    w("Score ± error is JMH's 99.9 % confidence half-width; – means JMH gave none (too few iterations). "
      "Each \"÷\" column is the provider's score divided by that configuration's in this run: for times, below 1 "
      "is faster; for the throughput table, above 1 is faster.")
    w("")

    verdicts = []
    for key, title, bench, extra, higher, tiered in WORKLOADS:
        size = extra.get("size")
        present = [p for p in PROVIDERS if results.get(bench, p, size=size)]
        w(f"### {title}")
        w("")
        if not present:
            w("Not run in this run.")
            w("")
        else:
            unit = results.get(bench, present[0], size=size)[2]
            w(f"| provider | score ({unit}) | ± error | ÷ Ehcache disk | ÷ Infinispan | ÷ Ehcache heap |")
            w("| --- | ---: | ---: | ---: | ---: | ---: |")
            for p in PROVIDERS:
                r = results.get(bench, p, size=size)
                if r is None:
                    why = ("n/a: heap cache, nothing persists" if bench.startswith("ColdStart") and p in HEAP_PROVIDERS
                           else "not run")
                    w(f"| {p} | {why} | | | | |")
                    continue
                cells = [ratio_text(results.ratio(bench, p, base, size=size))
                         for base in ("ehcache-disk", "infinispan", "ehcache-heap")]
                w(f"| {p} | {fmt(r[0])} | {fmt(r[1])} | {' | '.join(cells)} |")
            w("")
        ratios, worst = against_persistent(results, bench, size, higher)
        verdicts.append((title, higher, ratios, worst, results.ratio(bench, *TIERED, size=size) if tiered else None,
                         tiered))

    growth_verdicts = growth_section(results, w)
    fill_verdict = fill_section(results, w)

    # Heap
    w("### Steady-state heap")
    w("")
    heap_rows = []
    heap_path = os.path.join(target, "heap.csv")
    if os.path.exists(heap_path):
        with open(heap_path) as f:
            heap_rows = [row for row in csv.reader(f) if row]
    heap_n = machine.get("heap_entries", "?")
    if not heap_rows:
        w("Not run in this run.")
    else:
        w(f"Used heap after GC with the filled cache open, minus used heap before the manager was opened "
          f"(fresh JVM per provider, `-Xmx4g`), for **{int(heap_n):,} entries** (Integer keys, 100-byte values, "
          "filled with `putAll` of 1,000).")
        w("")
        w("| provider | entries | fill time (s) | heap (MiB) |")
        w("| --- | ---: | ---: | ---: |")
        for row in heap_rows:
            p, n, fill, heap = (row + ["", "", "", ""])[:4]
            try:
                mib = fmt(int(heap) / (1 << 20))
            except ValueError:
                mib = heap
            w(f"| {p} | {int(n):,} | {fill or '–'} | {mib} |")
    w("")

    # Durability floor
    floor_ratios = []
    w("### `full` durability against its floor")
    w("")
    w("The floor is `DurabilityFloorBenchmark`: without Cachet, one `synchronous=FULL` WAL commit of a changing row, "
      "plus, above the inline threshold, an fsync'd blob publish (temp file written and fsync'd, renamed, directory "
      "fsync'd) and the delete of the blob it replaces.")
    w("")
    w("| value | floor (us/op) | ± error | Cachet `full` put (us/op) | ÷ floor |")
    w("| --- | ---: | ---: | ---: | ---: |")
    for label, full, floor, ratio in durability_rows(results):
        floor_ratios.append((label, ratio))
        w(f"| {label} | {fmt(floor[0]) if floor else '–'} | {fmt(floor[1]) if floor else '–'} | "
          f"{fmt(full[0]) if full else '–'} | {fmt(ratio)}{'×' if ratio is not None else ''} |")
    w("")

    shared_verdicts = shared_store_section(results, w)

    # Targets
    w("## The performance targets (same run)")
    w("")
    w("Cachet `normal` against the faster of Ehcache disk (10-entry heap) and Infinispan's file store (for "
      "throughput: the higher); `cachet-heap` against `ehcache-heap` (heap tiers of 10,000 entries on both).")
    w("")
    w("| target | measured | verdict |")
    w("| --- | ---: | --- |")
    for title, higher, ratios, worst, tiered_ratio, tiered in verdicts:
        goal = "throughput ≥ 1.0× the higher" if higher else "time ≤ 1.0× the faster"
        detail = ", ".join(f"{ratio_text(r)} {base}" for base, r in ratios.items())
        w(f"| {title}: Cachet {goal} of Ehcache disk and Infinispan | {ratio_text(worst)} ({detail}) | "
          f"{verdict(worst, 1.0, higher)} |")
        if tiered:
            goal = "throughput ≥ 1.0×" if higher else "time ≤ 1.0×"
            w(f"| {title}: Cachet heap tier {goal} Ehcache heap tier | {ratio_text(tiered_ratio)} | "
              f"{verdict(tiered_ratio, 1.0, higher)} |")
    for label, ratio in growth_verdicts:
        w(f"| Cachet `normal` {label} at 1,000,000 entries ≤ {GROWTH_TARGET:g}× at 1,000 | {ratio_text(ratio)} | "
          f"{verdict(ratio, GROWTH_TARGET)} |")
    w(f"| Cachet `normal` fill of 1,000,000 entries ≤ {FILL_TARGET:g}× Ehcache disk | {ratio_text(fill_verdict)} | "
      f"{verdict(fill_verdict, FILL_TARGET)} |")
    heap_cn = [r for r in heap_rows if r and r[0] == "cachet-normal"]
    if heap_cn and heap_cn[0][3].isdigit():
        mib = int(heap_cn[0][3]) / (1 << 20)
        n = int(heap_cn[0][1])
        if n >= 1_000_000:
            heap_verdict = verdict(mib, 64)
        else:
            heap_verdict = f"not measured at 1 M (this run: {n:,} entries)"
        w(f"| heap ≤ 64 MiB for 1,000,000 entries | {fmt(mib)} MiB at {n:,} | {heap_verdict} |")
    else:
        w("| heap ≤ 64 MiB for 1,000,000 entries | – | not measured |")
    for label, ratio in floor_ratios:
        w(f"| `full` put of {label} ≤ 1.2× its floor (fsync'd commit + fsync'd blob publish) | "
          f"{ratio_text(ratio)} | {verdict(ratio, 1.2)} |")
    for goal, target_ratio, ratio in shared_verdicts:
        w(f"| {goal} | {ratio_text(ratio)} | {verdict(ratio, target_ratio)} |")
    w("")
    analysis = read(os.path.join(os.path.dirname(os.path.abspath(__file__)), "analysis.md"))
    if analysis:
        w(analysis)
        w("")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    if len(sys.argv) > 3:
        rewrite_readme(sys.argv[3], readme_table(results, machine, target, heap_rows))


if __name__ == "__main__":
    main()
