"""guide-lint check beside rumdl check --no-cache on the same corpora, alternating.

Each round runs, in turn, `guide-lint check`, `rumdl check --no-cache` and the parse floor
(benches/tools/parse_floor.rs: read every file and parse it with comrak, with guide-lint's options) on
one corpus; the order rotates from round to round so that neither tool always runs on a warm or a
cold page cache. Each run's CPU time (user + system) and peak resident memory come from the
kernel (os.wait4's rusage), its wall time from a monotonic clock. The medians over the rounds are
printed, then the ratios that matter: guide-lint's CPU and wall time over rumdl's, guide-lint's
CPU time over the floor's, and guide-lint's peak memory over rumdl's.

Besides `check --no-cache --output-format concise` (the cold check), each round also runs
`guide-lint check` as a user first types it: human output, with the cache on and emptied before
the run (outside its timing), so that the run also writes the cache; and a warm re-run (the
cache filled once before the rounds, nothing changed; rumdl's own warm re-run beside it, and each
tool's `--version`, the cost of starting the process that any run pays), and a run after one page
is edited: on a copy of the corpus, one page (a Danish one on the bilingual corpus) gains or loses
a line before each such run (outside its timing), the cache kept from the run before. rumdl runs
after the same edit with its own cache on, for comparison.

Corpora:
- bilingual: the check benchmark's generated corpus (benches/corpus/, 1,000 bilingual pages by
  default, GUIDE_LINT_BENCH_PAGES to change), with its guide-lint.yml;
- registry: every Markdown file of the crates under ~/.cargo/registry/src/ (READMEs, docs,
  changelogs: real Markdown written by others), copied with their folders, checked without any
  configuration.
- wikijs: the registry's pages shaped as a Wiki.js wiki's pages with their history, the shape
  of real Wiki.js documentation: each page as Wiki.js's git storage writes it (its header:
  title, description, published, date, tags, editor, dateCreated, each `key: value` unquoted;
  the title is the page's first heading in plain words), twice: the current version and an
  earlier one that lacks the page's last paragraph. Checked without any configuration; every
  page is read as a Wiki.js page by its header.

With `--times N`, each corpus is taken N times: the registry's and the Wiki.js-shaped pages
copied into N folders (`1/` to `N/`, the files copied, not linked), the bilingual corpus
generated with N times as many pages; this is how the ratios are read at the size of a large
wiki (`--times 8`). `--corpus NAME` (repeatable) runs only the corpora named.

With `--pgo-target DIR` (the folder `scripts/pgo-build.sh --bench-tools` builds into,
target/pgo/release), the rounds also run that folder's profile-guided build of the cold check
and of the parse floor, and print its ratios beside the plain build's.

Peak memory is the kernel's high-water mark for the process, which Linux carries across the
fork and exec from this script: a peak below the script's own resident size (about 17 MiB, as the
floor's and a warm run's are) prints as that size. The ratios compare peaks above it.

Output of both tools goes to /dev/null; their exit codes (1 when they find something) are
ignored, but a crash (exit code above 2 or a signal) stops the script.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def run(cmd, cwd, before=None):
    if before:
        before()
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
    return {
        "cpu": usage.ru_utime + usage.ru_stime,
        "wall": wall,
        "rss": usage.ru_maxrss * 1024,  # Linux reports KiB
    }


def bilingual(work, target, pages):
    root = work / f"bilingual-{pages}"
    if not (root / "guide-lint.yml").exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        subprocess.run([str(target / "guide-lint-write-corpus"), str(root), str(pages)],
                       check=True, stdout=subprocess.DEVNULL)
    return root, root / "guides"


def registry(work):
    root = work / "registry"
    src = Path.home() / ".cargo" / "registry" / "src"
    if not root.exists():
        tmp = work / "registry.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        for path in sorted(src.glob("*/*/**/*.md")):
            if not path.is_file():
                continue
            rel = path.relative_to(src)
            dest = tmp / Path(*rel.parts[1:])
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
        tmp.rename(root)
    return root, root


def wikijs(work, registry_root):
    root = work / "wikijs"
    if not root.exists():
        tmp = work / "wikijs.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        for path in sorted(registry_root.rglob("*.md")):
            if not path.is_file():
                continue
            text = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
            if text.startswith("---\n"):
                continue  # a page with its own header: Wiki.js would replace it
            rel = path.relative_to(registry_root)
            heading = re.search(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", text, re.M)
            # Written as Wiki.js writes it (`title: {title}`, unquoted): a title of plain words.
            title = re.sub(r"[^\w ,.()&'/+-]", "", heading.group(1) if heading else rel.stem)
            title = " ".join(title.split())[:120].lstrip("-,.()&'/+ ") or rel.stem
            earlier = text.rstrip("\n").rsplit("\n\n", 1)[0] + "\n"
            for version, body in (("current", text), ("history", earlier)):
                dest = tmp / version / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                header = (f"---\ntitle: {title}\ndescription: \npublished: true\n"
                          f"date: 2026-11-0{1 if version == 'history' else 2}T10:00:00.000Z\ntags: \n"
                          "editor: markdown\ndateCreated: 2026-10-01T09:00:00.000Z\n---\n\n")
                dest.write_text(header + body, encoding="utf-8")
        tmp.rename(root)
    return root, root


def toggle(page):
    """Adds a line to `page`, or takes back the line added last time."""
    text = page.read_text(encoding="utf-8")
    line = "\nOne more line, added for the benchmark.\n"
    page.write_text(text[: -len(line)] if text.endswith(line) else text + line, encoding="utf-8")


def times(work, name, corpus, n):
    """`corpus` (its folder and its pages' folder) copied into `n` folders, `1/` to `n/`."""
    cwd, pages_dir = corpus
    if n == 1:
        return corpus
    root = work / f"{name}-x{n}"
    if not root.exists():
        tmp = work / f"{name}-x{n}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        for i in range(1, n + 1):
            shutil.copytree(pages_dir, tmp / str(i))
        tmp.rename(root)
    return root, root


def corpus_size(path):
    files = [p for p in path.rglob("*.md") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--rumdl", required=True)
    ap.add_argument("--target", type=Path, required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--pgo-target", type=Path, help="a profile-guided build's folder (scripts/pgo-build.sh)")
    ap.add_argument("--times", type=int, default=1, help="take each corpus this many times (default 1)")
    ap.add_argument("--corpus", action="append", choices=["bilingual", "registry", "wikijs"],
                    help="run only this corpus (repeatable; default all three)")
    args = ap.parse_args()
    work = args.work.resolve()
    target = args.target.resolve()
    guide_lint = str(target / "guide-lint")
    floor = str(target / "guide-lint-parse-floor")
    pages = int(os.environ.get("GUIDE_LINT_BENCH_PAGES", "1000"))
    help_text = subprocess.run([guide_lint, "check", "--help"], capture_output=True, text=True).stdout
    cold = ["--no-cache"] if "--no-cache" in help_text else []

    if args.pgo_target:
        missing = [b for b in ("guide-lint", "guide-lint-parse-floor") if not (args.pgo_target / b).is_file()]
        if missing:
            sys.exit(f"{args.pgo_target} has no {', '.join(missing)}: build it with scripts/pgo-build.sh --bench-tools")

    if args.times < 1:
        sys.exit("--times takes a whole number of at least 1")
    wanted = args.corpus or ["bilingual", "registry", "wikijs"]
    corpora = {}
    if "bilingual" in wanted:
        corpora["bilingual"] = bilingual(work, target, pages * args.times)
    if "registry" in wanted or "wikijs" in wanted:
        reg = registry(work)
        if "registry" in wanted:
            corpora["registry"] = times(work, "registry", reg, args.times)
        if "wikijs" in wanted:
            corpora["wikijs"] = times(work, "wikijs", wikijs(work, reg[0]), args.times)
    print(f"guide-lint: {subprocess.run([guide_lint, '--version'], capture_output=True, text=True).stdout.strip()}")
    if args.pgo_target:
        pgo_version = subprocess.run([str(args.pgo_target / "guide-lint"), "--version"], capture_output=True,
                                     text=True).stdout.strip()
        print(f"profile-guided: {pgo_version} ({args.pgo_target})")
    print(f"rumdl:      {subprocess.run([args.rumdl, '--version'], capture_output=True, text=True).stdout.strip()}")
    print(f"rounds:     {args.rounds}, alternating; medians shown")
    print(f"corpora:    {', '.join(corpora)}, each taken {args.times} time(s)\n")
    # guide-lint's cache records a page's size and time only once the page is more than three
    # seconds old (docs/cache.md), so a corpus just written would have its pages read and hashed
    # again by each warm run until one run records them: a cost a user's pages, written before
    # the runs, do not have. The rounds start once every page is older than that.
    newest = max((p.stat().st_mtime for _, d in corpora.values() for p in d.rglob("*.md")), default=0)
    time.sleep(max(0.0, newest + 4 - time.time()))
    for corpus, (cwd, pages_dir) in corpora.items():
        name = corpus if args.times == 1 else f"{corpus}-x{args.times}"
        files, size = corpus_size(pages_dir)
        tools = {
            "guide-lint": [guide_lint, "check", *cold, "--output-format", "concise", "--exit-zero", str(pages_dir)],
            "rumdl": [args.rumdl, "check", "--no-cache", str(pages_dir)],
            "floor": [floor, str(pages_dir)],
        }
        if args.pgo_target:
            pgo = args.pgo_target.resolve()
            tools["pgo"] = [str(pgo / "guide-lint"), *tools["guide-lint"][1:]]
            tools["pgo-floor"] = [str(pgo / "guide-lint-parse-floor"), str(pages_dir)]
        before = {}
        cwds = {}
        if cold:
            # The first run as a user types it: human output, the cache on and empty (emptied
            # before each such run, outside its timing), so it also writes the cache.
            first_cache = work / f"cache-first-{name}"
            tools["first"] = [guide_lint, "check", "--cache-dir", str(first_cache), str(pages_dir)]
            before["first"] = lambda d=first_cache: shutil.rmtree(d, ignore_errors=True)
            # A warm re-run: the cache filled by one run before the rounds, nothing changed since.
            cache = work / f"cache-{name}"
            shutil.rmtree(cache, ignore_errors=True)
            warm = [guide_lint, "check", "--cache-dir", str(cache), "--output-format", "concise", "--exit-zero",
                    str(pages_dir)]
            run(warm, cwd)
            tools["warm"] = warm
            # rumdl's own warm re-run, its cache filled the same way.
            rumdl_cache = work / f"cache-rumdl-{name}"
            shutil.rmtree(rumdl_cache, ignore_errors=True)
            rumdl_warm = [args.rumdl, "check", "--cache-dir", str(rumdl_cache), str(pages_dir)]
            run(rumdl_warm, cwd)
            tools["rumdl-warm"] = rumdl_warm
            # What any run of each tool costs before it reads a page: starting the process.
            tools["start"] = [guide_lint, "--version"]
            tools["rumdl-start"] = [args.rumdl, "--version"]
            # After one page is edited: a copy of the corpus for each tool, one page changed
            # before each run.
            for t, cmd in (("edited", [guide_lint, "check", "--output-format", "concise", "--exit-zero"]),
                           ("rumdl-edited", [args.rumdl, "check"])):
                edit_root = work / f"{t}-{name}"
                shutil.rmtree(edit_root, ignore_errors=True)
                shutil.copytree(cwd, edit_root, ignore=shutil.ignore_patterns(".guide-lint-cache", ".rumdl_cache"))
                edit_pages = edit_root / pages_dir.relative_to(cwd)
                candidates = sorted(p for p in edit_pages.rglob("*.md") if p.is_file())
                page = next((p for p in candidates if "da" in p.relative_to(edit_pages).parts), candidates[0])
                edit_cache = work / f"cache-{t}-{name}"
                shutil.rmtree(edit_cache, ignore_errors=True)
                tools[t] = [*cmd, "--cache-dir", str(edit_cache), str(edit_pages)]
                run(tools[t], edit_root)
                before[t] = lambda page=page: toggle(page)
                cwds[t] = edit_root
        results = {t: [] for t in tools}
        order = list(tools)
        for r in range(args.rounds):
            for tool in order[r % len(order):] + order[: r % len(order)]:
                results[tool].append(run(tools[tool], cwds.get(tool, cwd), before.get(tool)))
        med = {t: {k: statistics.median(x[k] for x in rs) for k in ("cpu", "wall")} for t, rs in results.items()}
        peak = {t: max(x["rss"] for x in rs) for t, rs in results.items()}
        print(f"{name}: {files} files, {size / 1e6:.1f} MB")
        for t in tools:
            print(f"  {t:<10} cpu {med[t]['cpu']:7.3f} s  wall {med[t]['wall']:7.3f} s  peak {peak[t] / 2**20:7.1f} MiB")
        gl, rd, fl = med["guide-lint"], med["rumdl"], med["floor"]

        def versus(label, a, b):
            """CPU, wall and peak-memory ratios of tool `a` over tool `b`."""
            print(f"  {label}: cpu {med[a]['cpu'] / med[b]['cpu']:.3f}, wall {med[a]['wall'] / med[b]['wall']:.3f}, "
                  f"peak memory {peak[a] / peak[b]:.2f}")

        versus("guide-lint / rumdl", "guide-lint", "rumdl")
        print(f"  guide-lint / floor: cpu {gl['cpu'] / fl['cpu']:.2f}")
        if "pgo" in med:
            versus("profile-guided build / rumdl", "pgo", "rumdl")
            pg, pf = med["pgo"], med["pgo-floor"]
            print(f"  profile-guided build / its floor: cpu {pg['cpu'] / pf['cpu']:.2f}; "
                  f"/ the plain build: cpu {pg['cpu'] / gl['cpu']:.3f}")
        if "first" in med:
            versus("first run as typed (human output, cache written) / rumdl", "first", "rumdl")
        if "warm" in med:
            wm, st = med["warm"], med["start"]
            print(f"  warm / cold guide-lint: cpu {wm['cpu'] / gl['cpu']:.3f}, wall {wm['wall'] / gl['wall']:.3f} "
                  f"(the process's start alone, `--version`: cpu {st['cpu'] / gl['cpu']:.3f})")
            rw, rs = med["rumdl-warm"], med["rumdl-start"]
            print(f"  rumdl's own warm / its cold: cpu {rw['cpu'] / rd['cpu']:.3f}, wall {rw['wall'] / rd['wall']:.3f} "
                  f"(its start: cpu {rs['cpu'] / rd['cpu']:.3f}); guide-lint warm / rumdl warm: "
                  f"cpu {wm['cpu'] / rw['cpu']:.3f}")
        if "edited" in med:
            versus("after one page is edited / cold guide-lint", "edited", "guide-lint")
            em, re_ = med["edited"], med["rumdl-edited"]
            print(f"  after one page is edited, guide-lint / rumdl (cache on): cpu {em['cpu'] / re_['cpu']:.3f}, "
                  f"peak memory {peak['edited'] / peak['rumdl-edited']:.2f}")
        print()


if __name__ == "__main__":
    main()
