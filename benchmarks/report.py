#!/usr/bin/env python3
"""Writes RESULTS.md from run.sh's outputs: target/jmh-result.json, heap.csv, machine.txt, free.txt, java-version.txt.

Usage: report.py TARGET_DIR OUTPUT_MD
"""
import csv
import json
import os
import sys

PROVIDERS = ["cachet-normal", "cachet-full", "ehcache-disk", "caffeine", "ri"]
BASE = "ehcache-disk"
PKG = "io.cachet.benchmarks."

# (key, title, benchmark, extra params, target ratio for cachet-normal / ehcache-disk or None, higher-is-better)
WORKLOADS = [
    ("get100", "100-byte get hit (1,000 keys)", "SmallValueBenchmark.get", {}, 0.5, False),
    ("put100", "100-byte put (1,000 keys)", "SmallValueBenchmark.put", {}, 1.0, False),
    ("mixed", "90 % get / 10 % put, 100-byte values, 2 threads", "SmallValueBenchmark.mixed", {}, 2.0, True),
    ("get64k", "64 KiB get hit (1,024 keys = 64 MiB)", "LargeValueBenchmark.get", {"size": "65536"}, 1.0, False),
    ("put64k", "64 KiB put (1,024 keys = 64 MiB)", "LargeValueBenchmark.put", {"size": "65536"}, 1.0, False),
    ("get1m", "1 MiB get hit (64 keys = 64 MiB)", "LargeValueBenchmark.get", {"size": "1048576"}, 1.0, False),
    ("put1m", "1 MiB put (64 keys = 64 MiB)", "LargeValueBenchmark.put", {"size": "1048576"}, 1.0, False),
    ("getall", "getAll of 100 entries (100-byte values)", "BulkBenchmark.getAll", {}, 1.0, False),
    ("putall", "putAll of 100 entries (100-byte values)", "BulkBenchmark.putAll", {}, 1.0, False),
    ("open", "Cold start: open manager + cache on a 10,000-entry store", "ColdStartBenchmark.open", {}, 1.0, False),
    ("openread", "Cold start: open + read (verify) all 10,000 entries", "ColdStartBenchmark.openAndReadAll", {},
     1.0, False),
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


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


SHARED_STORE = "SharedStoreBenchmark."


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
    for label, size, op, floor_op, floor_label, target in (
            ("100-byte get", "100", "cachetGet", "floorSelect", "primary-key SELECT", 1.5),
            ("100-byte put", "100", "cachetPut", "floorUpsert", "upsert transaction", 2.0),
            ("1 MiB get", "1048576", "cachetGet", "floorS3Get", "S3 GET", 1.5),
            ("1 MiB put", "1048576", "cachetPut", "floorS3Put", "S3 PUT", 2.0)):
        cachet = results.get((SHARED_STORE + op, None, size))
        floor = results.get((SHARED_STORE + floor_op, None, size))
        ratio = cachet[0] / floor[0] if cachet and floor else None
        verdicts.append((f"shared store {label} ≤ {target:g}× its floor ({floor_label})", target, ratio))
        w(f"| {label} | {fmt(cachet[0]) if cachet else '–'} | {fmt(cachet[1]) if cachet else '–'} | {floor_label} | "
          f"{fmt(floor[0]) if floor else '–'} | {fmt(floor[1]) if floor else '–'} | "
          f"{fmt(ratio)}{'×' if ratio is not None else ''} |")
    w("")
    return verdicts


def main():
    target, out = sys.argv[1], sys.argv[2]
    rows = json.load(open(os.path.join(target, "jmh-result.json")))
    machine = dict(line.split("=", 1) for line in read(os.path.join(target, "machine.txt")).splitlines() if "=" in line)
    results = {}
    for r in rows:
        bench = r["benchmark"].replace(PKG, "")
        params = r.get("params", {})
        key = (bench, params.get("provider"), params.get("size"))
        m = r["primaryMetric"]
        results[key] = (m["score"], m["scoreError"], m["scoreUnit"], r["threads"], r["mode"])

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
      "Cachet runs with its defaults (entry signing on, every read verified) and `durability=normal` or `full`; "
      "Ehcache 3.10.8 with a heap tier of 10 entries and a persistent disk tier (XML config with a JCache default "
      "template); Caffeine's JCache 3.2.2 and the JSR-107 RI 1.1.1 are heap caches, shown as context only.")
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
      "\"÷ Ehcache\" is the provider's score divided by Ehcache disk's in this run: for times, below 1 is faster; "
      "for the throughput table, above 1 is faster.")
    w("")

    verdicts = []
    for key, title, bench, extra, target_ratio, higher in WORKLOADS:
        size = extra.get("size")
        present = [p for p in PROVIDERS if (bench, p, size) in results]
        w(f"### {title}")
        w("")
        if not present:
            w("Not run in this run.")
            w("")
            verdicts.append((title, target_ratio, higher, None))
            continue
        unit = results[(bench, present[0], size)][2]
        base = results.get((bench, BASE, size))
        w(f"| provider | score ({unit}) | ± error | ÷ Ehcache disk |")
        w("| --- | ---: | ---: | ---: |")
        for p in PROVIDERS:
            r = results.get((bench, p, size))
            if r is None:
                why = "n/a: heap cache, nothing persists" if bench.startswith("ColdStart") and p in ("caffeine", "ri") else "not run"
                w(f"| {p} | {why} | | |")
                continue
            ratio = r[0] / base[0] if base else None
            w(f"| {p} | {fmt(r[0])} | {fmt(r[1])} | {fmt(ratio)}{'×' if ratio is not None else ''} |")
        w("")
        cn = results.get((bench, "cachet-normal", size))
        verdicts.append((title, target_ratio, higher, cn[0] / base[0] if cn and base else None))

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
    for size, label, bench, bench_size in (("100", "100 bytes", "SmallValueBenchmark.put", None),
                                           ("1048576", "1 MiB", "LargeValueBenchmark.put", "1048576")):
        floor = results.get(("DurabilityFloorBenchmark.durableWrite", None, size))
        full = results.get((bench, "cachet-full", bench_size))
        ratio = full[0] / floor[0] if floor and full else None
        floor_ratios.append((label, ratio))
        w(f"| {label} | {fmt(floor[0]) if floor else '–'} | {fmt(floor[1]) if floor else '–'} | "
          f"{fmt(full[0]) if full else '–'} | {fmt(ratio)}{'×' if ratio is not None else ''} |")
    w("")

    shared_verdicts = shared_store_section(results, w)

    # Targets
    w("## The performance targets (Cachet `normal` ÷ Ehcache disk, same run)")
    w("")
    w("| target | measured | verdict |")
    w("| --- | ---: | --- |")
    for title, target_ratio, higher, ratio in verdicts:
        if higher:
            goal = f"throughput ≥ {target_ratio:g}× Ehcache"
            met = ratio is not None and ratio >= target_ratio
        else:
            goal = f"time ≤ {target_ratio:g}× Ehcache"
            met = ratio is not None and ratio <= target_ratio
        verdict = "not measured" if ratio is None else ("**met**" if met else "**missed**")
        w(f"| {title}: {goal} | {fmt(ratio)}{'×' if ratio is not None else ''} | {verdict} |")
    heap_cn = [r for r in heap_rows if r and r[0] == "cachet-normal"]
    if heap_cn and heap_cn[0][3].isdigit():
        mib = int(heap_cn[0][3]) / (1 << 20)
        n = int(heap_cn[0][1])
        if n >= 1_000_000:
            verdict = "**met**" if mib <= 64 else "**missed**"
        else:
            verdict = f"not measured at 1 M (this run: {n:,} entries)"
        w(f"| heap ≤ 64 MiB for 1,000,000 entries | {fmt(mib)} MiB at {n:,} | {verdict} |")
    else:
        w("| heap ≤ 64 MiB for 1,000,000 entries | – | not measured |")
    for label, ratio in floor_ratios:
        verdict = "not measured" if ratio is None else ("**met**" if ratio <= 1.2 else "**missed**")
        w(f"| `full` put of {label} ≤ 1.2× its floor (fsync'd commit + fsync'd blob publish) | "
          f"{fmt(ratio)}{'×' if ratio is not None else ''} | {verdict} |")
    for goal, target_ratio, ratio in shared_verdicts:
        verdict = "not measured" if ratio is None else ("**met**" if ratio <= target_ratio else "**missed**")
        w(f"| {goal} | {fmt(ratio)}{'×' if ratio is not None else ''} | {verdict} |")
    w("")
    analysis = read(os.path.join(os.path.dirname(os.path.abspath(__file__)), "analysis.md"))
    if analysis:
        w(analysis)
        w("")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
