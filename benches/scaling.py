"""guide-lint check at 1x, 4x and 16x the generated bilingual corpus: time and memory per page.

For each scale the corpus (benches/corpus/, `--pages` bilingual pages times the scale, each page an
English file and its Danish translation) is written once under the work folder, then
`guide-lint check --no-cache` runs on it `--rounds` times, the scales alternating round by round.
Each run's CPU time (user + system) and peak resident memory come from the kernel (os.wait4's
rusage), its wall time from a monotonic clock; medians of CPU and wall time, the largest peak
memory.

Printed per scale: CPU and wall milliseconds per page and peak KiB per page, each also as a ratio
to the 1x run (flat is 1.00). Peak memory includes what every run holds whatever its size (the
binary, the language models, the thread pool); so the growth of memory from one scale to the next,
per added page, is printed too: it is what a page costs, and it should not grow with the scale.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def run(cmd, cwd):
    start = time.monotonic()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    if code < 0 or code > 2:
        sys.exit(f"{cmd[0]} failed with {code} in {cwd}:\n{err[-2000:]}")
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "rss": usage.ru_maxrss * 1024}


def corpus(work, target, pages):
    root = work / f"bilingual-{pages}"
    if not (root / "guide-lint.yml").exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        subprocess.run([str(target / "guide-lint-write-corpus"), str(root), str(pages)],
                       check=True, stdout=subprocess.DEVNULL)
    return root


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--target", type=Path, required=True)
    ap.add_argument("--pages", type=int, default=250)
    ap.add_argument("--scales", default="1,4,16")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    work = args.work.resolve()
    target = args.target.resolve()
    guide_lint = str(target / "guide-lint")
    scales = [int(s) for s in args.scales.split(",")]
    roots = {k: corpus(work, target, args.pages * k) for k in scales}
    results = {k: [] for k in scales}
    for r in range(args.rounds):
        order = scales[r % len(scales):] + scales[: r % len(scales)]
        for k in order:
            cmd = [guide_lint, "check", "--no-cache", "--output-format", "concise", "--exit-zero", "guides"]
            results[k].append(run(cmd, roots[k]))
    print(f"guide-lint: {subprocess.run([guide_lint, '--version'], capture_output=True, text=True).stdout.strip()}")
    print(f"{args.pages} bilingual pages ({2 * args.pages} files) at 1x; {args.rounds} rounds, alternating\n")
    print(f"{'scale':>5} {'pages':>7} {'cpu ms/page':>12} {'wall ms/page':>13} {'peak KiB/page':>14}"
          f" {'cpu':>6} {'wall':>6} {'peak':>6} {'added KiB/page':>15}")
    base = None
    prev = None
    for k in scales:
        pages = args.pages * k
        cpu = statistics.median(x["cpu"] for x in results[k]) / pages * 1e3
        wall = statistics.median(x["wall"] for x in results[k]) / pages * 1e3
        rss = max(x["rss"] for x in results[k])
        peak = rss / pages / 1024
        if base is None:
            base = (cpu, wall, peak)
        added = "" if prev is None else f"{(rss - prev[1]) / (pages - prev[0]) / 1024:15.1f}"
        print(f"{k:>4}x {pages:>7} {cpu:12.3f} {wall:13.3f} {peak:14.1f}"
              f" {cpu / base[0]:6.2f} {wall / base[1]:6.2f} {peak / base[2]:6.2f} {added}")
        prev = (pages, rss)


if __name__ == "__main__":
    main()
