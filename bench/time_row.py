"""One row of raw.tsv from a GNU `time -v` report: engine, posts, run, wall, user, sys, peak RSS."""

import re
import sys

report, engine, posts, run, status = sys.argv[1:]
text = open(report, encoding="utf-8", errors="replace").read()


def field(label):
    match = re.search(re.escape(label) + r":\s*([0-9.:]+)", text)
    return match.group(1) if match else "nan"


wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
seconds = float("nan")
if wall != "nan":
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
print(
    f"{engine}\t{posts}\t{run}\t{seconds:.3f}\t{field('User time (seconds)')}\t"
    f"{field('System time (seconds)')}\t{field('Maximum resident set size (kbytes)')}\t{status}"
)
