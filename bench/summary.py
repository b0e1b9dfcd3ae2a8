"""Medians per engine and corpus size from raw.tsv, and boke's ratios to each peer."""

import csv
import statistics
import sys

raw_path, outputs_path = sys.argv[1:]
rows = [r for r in csv.DictReader(open(raw_path), delimiter="\t") if r["run"] != "0"]
outputs = {(r["engine"], r["posts"]): r for r in csv.DictReader(open(outputs_path), delimiter="\t")}

medians = {}
for row in rows:
    medians.setdefault((row["engine"], row["posts"]), []).append(row)
for key, runs in medians.items():
    medians[key] = {
        "runs": len(runs),
        "wall": statistics.median(float(r["wall_s"]) for r in runs),
        "cpu": statistics.median(float(r["user_s"]) + float(r["sys_s"]) for r in runs),
        "rss": statistics.median(float(r["maxrss_kb"]) for r in runs) / 1024,
    }

print("| engine | posts | runs | wall s | CPU s (user+sys) | peak RSS MiB | output files | output MiB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for (engine, posts), m in medians.items():
    out = outputs.get((engine.split("-")[0], posts), {"files": "", "MB": ""})
    print(
        f"| {engine} | {posts} | {m['runs']} | {m['wall']:.2f} | {m['cpu']:.2f} | {m['rss']:.0f} "
        f"| {out['files']} | {out['MB']} |"
    )

sizes = sorted({posts for _, posts in medians}, key=int)
ratios = []
# Rows timed on the real disk carry the prefix `disk:`; each place is compared within itself.
for place in ("", "disk:"):
    for posts in sizes:
        cold = medians.get((f"{place}boke-cold", posts))
        if not cold:
            continue
        for peer in ("hugo", "hexo"):
            other = medians.get((f"{place}{peer}", posts))
            if other:
                ratios.append(
                    f"| {place}{peer} | {posts} | {other['wall'] / cold['wall']:.1f}× | "
                    f"{other['cpu'] / cold['cpu']:.1f}× | {other['rss'] / cold['rss']:.1f}× |"
                )
        for kind in ("warm", "edit1"):
            rebuild = medians.get((f"{place}boke-{kind}", posts))
            if rebuild:
                ratios.append(
                    f"| {place}boke-{kind} vs {place}boke-cold | {posts} | "
                    f"{100 * rebuild['wall'] / cold['wall']:.1f}% | "
                    f"{100 * rebuild['cpu'] / cold['cpu']:.1f}% | {rebuild['rss'] / cold['rss']:.2f}× |"
                )
if ratios:
    print()
    print("How many times faster / smaller boke's cold build is than each peer (peer ÷ boke),")
    print("and boke's rebuilds as a share of its cold build:")
    print()
    print("| compared with | posts | wall | CPU | peak RSS |")
    print("|---|---:|---:|---:|---:|")
    print("\n".join(ratios))
