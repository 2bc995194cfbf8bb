#!/usr/bin/env python3
"""Score quire's summary strategies against the papers' abstracts.

For each PDF (the fixtures first, then the R packages' vignettes) the text
is taken with `quire text`, the abstract is found (the paragraphs after an
"Abstract" heading, up to "Keywords" or the next heading) and cut out, and
the rest is summarised with `quire summarize --strategy S --timings -`.
Scores: ROUGE-1/2/L F1 against the abstract (rouge_score, stemming),
faithfulness (quire's own figure, the share of the summary's content words,
numbers and names found in the text, printed by --timings), repetition (a
summary that repeats a sentence or a word 4-gram), seconds per paper.
"""
import argparse
import concurrent.futures
import datetime
import glob
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

from rouge_score import rouge_scorer

# what follows this line in the results file is kept across runs
NOTES = "<!-- notes: kept by bench/summary_eval.py -->"
STRATEGIES = ["lead3", "extractive", "mapreduce", "onepass", "hybrid"]


def paragraphs(text):
    out = []
    for p in re.split(r"\n\s*\n", text):
        p = " ".join(p.split())
        if p:
            out.append(p)
    return out


def heading(p):
    """The text of a Markdown heading paragraph, or None."""
    m = re.match(r"^#{1,6}\s+(.*)$", p)
    return m.group(1) if m else None


def cut_abstract(text):
    """(abstract, rest) or None when no abstract is found."""
    ps = paragraphs(text)
    start = None
    abstract = []
    for i, p in enumerate(ps[:40]):
        h = heading(p)
        if h is not None and re.fullmatch(r"(?i)abstract[.:]?", h.strip()):
            start = i
            break
        m = re.match(r"(?i)^(?:#+\s*)?abstract[.:]?\s+(\S.*)$", p)
        if m and len(m.group(1).split()) > 20:
            start = i
            abstract.append(m.group(1))
            break
    if start is None:
        # no heading: the long paragraph just before the introduction
        intro = next((i for i, p in enumerate(ps[:40]) if heading(p) is not None and
                      re.fullmatch(r"(?i)(1\.?\s+)?introduction", heading(p).strip())), None)
        if intro is None:
            return None
        for i in range(intro - 1, max(intro - 4, 0), -1):
            if (heading(ps[i]) is None and len(ps[i].split()) >= 60 and
                    not re.search(r"(\. ){4}|^\W", ps[i])):
                rest = ps[:i] + ps[i + 1:]
                rest = [heading(p) if heading(p) is not None else p for p in rest]
                return ps[i], "\n\n".join(rest)
        return None
    end = start + 1
    while end < len(ps):
        p = ps[end]
        if heading(p) is not None or re.match(r"(?i)^(keywords?|key words)\b", p):
            break
        if not abstract or len(" ".join(abstract).split()) < 400:
            abstract.append(p)
        end += 1
    if end < len(ps) and re.match(r"(?i)^(keywords?|key words)\b", ps[end]):
        end += 1
    words = len(" ".join(abstract).split())
    text = " ".join(abstract)
    # a table of contents or a preprint notice is not an abstract
    if words < 40 or words > 600 or re.search(r"(\. ){4}|^\W", text):
        return None
    rest = ps[:start] + ps[end:]
    # headings as summarize expects them: "1. Introduction", no '#'
    rest = [heading(p) if heading(p) is not None else p for p in rest]
    body = "\n\n".join(rest)
    if len(body.split()) < 800:
        return None
    return " ".join(abstract), body


def plain(summary):
    """The summary's sentences without labels and list marks; after a
    fallback only the summary that replaced the model's."""
    m = re.search(r"^Extractive summary \(the model.s summary used words not in the paper\):$",
                  summary, re.M)
    if m:
        summary = summary[m.end():]
    lines = []
    for line in summary.splitlines():
        line = line.strip()
        if not line or re.match(r"^(Extractive|Lead-3) summary \(.*\):$", line):
            continue
        line = re.sub(r"^(TL;DR:|[-*] )\s*", "", line)
        lines.append(line)
    return "\n".join(lines)


def repeats(summary):
    sents = [s.strip().lower() for s in re.split(r"(?<=[.!?])\s+|\n", summary) if len(s.strip()) > 10]
    if len(sents) != len(set(sents)):
        return True
    words = re.findall(r"\w+", summary.lower())
    grams = [tuple(words[i:i + 4]) for i in range(len(words) - 3)]
    return len(grams) != len(set(grams))


def run(quire, model, strategy, body, timeout):
    env = dict(os.environ, LC_ALL="C.UTF-8")
    t0 = time.monotonic()
    try:
        r = subprocess.run([quire, "summarize", "--no-save", "--timings", "--model", model,
                            "--strategy", strategy, "-"], input=body.encode(),
                           capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    secs = time.monotonic() - t0
    err = r.stderr.decode(errors="replace")
    if r.returncode != 0:
        sys.stderr.write(f"summary-eval: {strategy}: {err}")
        return None
    m = re.search(r"done after [0-9.]+ s; faithfulness ([0-9.]+)", err)
    first = re.search(r"first text after ([0-9.]+) s", err)
    raw = re.search(r"unfaithful; faithfulness ([0-9.]+)", err)
    return {
        "summary": r.stdout.decode(errors="replace"),
        "secs": secs,
        "first": float(first.group(1)) if first else secs,
        "faith": float(m.group(1)) if m else 0.0,
        "model_faith": float(raw.group(1)) if raw else None,
        "fallback": "faithfulness check" in err,
    }


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{platform.machine()}, {os.cpu_count()} CPUs ({cpu}), load average {os.getloadavg()[0]:.1f} when written"


def report(a, papers, strategies, res, timeouts, done):
    head = ("strategy     papers  timeouts  ROUGE-1  ROUGE-2  ROUGE-L  faithful  repeats  fallback"
            "  s/paper (median)  first text (median)")
    rows = [head]
    for s in strategies:
        ok = [r for r in res[s] if r]
        if not ok:
            rows.append(f"{s:<12} {0:>6}  {timeouts[s]:>8}")
            continue
        mean = lambda k: statistics.mean(r[k] for r in ok)
        rows.append(f"{s:<12} {len(ok):>6}  {timeouts[s]:>8}  {mean('rouge1'):7.3f}  {mean('rouge2'):7.3f}  "
                    f"{mean('rougeL'):7.3f}  {mean('faith'):8.3f}  {sum(r['repeat'] for r in ok) / len(ok):7.0%}  "
                    f"{sum(r['fallback'] for r in ok):>8}  {statistics.median(r['secs'] for r in ok):16.1f}"
                    f"  {statistics.median(r['first'] for r in ok):19.1f}")
    table = "\n".join(rows)
    print(table if done == len(papers) else f"after {done} of {len(papers)} papers:\n" + table, file=sys.stdout if done == len(papers) else sys.stderr)
    mf = {s: sorted(r["model_faith"] for r in res[s] if r and r["model_faith"] is not None)
          for s in strategies}
    faith_lines = [f"{s:<12} " + " ".join(f"{x:.2f}" for x in v) for s, v in mf.items() if v]
    if faith_lines:
        if done == len(papers):
            print("\nmodel faithfulness before the fallback, sorted:\n" + "\n".join(faith_lines))
    if a.out == "-":
        return
    notes = ""
    try:
        with open(a.out) as f:
            old = f.read()
        if NOTES in old:
            notes = old[old.index(NOTES):]
    except OSError:
        pass
    with open(a.out, "w") as f:
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        f.write(f"# Summary strategies against the papers' abstracts, {now}\n\n")
        f.write(f"    bench/summary-eval.sh BUILDDIR {os.path.basename(a.model)}\n\n")
        f.write(f"Machine: {machine()}. Model: {os.path.basename(a.model)}. "
                f"Summaries made {a.jobs} at a time.\n")
        f.write((f"(Partial: {done} of {len(papers)} papers done.) " if done < len(papers) else "") + f"{len(papers)} papers: " + ", ".join(p[0] for p in papers) + ".\n\n")
        f.write("Each paper's abstract is cut out of its text and every strategy summarises "
                "the rest; ROUGE F1 against the abstract (rouge_score, stemming), "
                "faithfulness = share of the summary's content words, numbers and names "
                "found in the text (quire's summary_faithfulness), repeats = share of "
                "summaries repeating a sentence or a word 4-gram, fallback = model "
                "summaries below the faithfulness threshold replaced by the extractive one "
                "(their scores are those of what the user sees), timeouts = summaries "
                f"not done within {a.timeout} s (left out of the means).\n\n")
        f.write("\n".join("    " + line for line in rows) + "\n")
        if faith_lines:
            f.write("\nThe model's faithfulness before the fallback, per paper, sorted:\n\n")
            f.write("\n".join("    " + line for line in faith_lines) + "\n")
        if notes:
            f.write("\n" + notes)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quire", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--papers", type=int, default=24)
    ap.add_argument("--out", default="-")
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=1, help="summaries made at once")
    ap.add_argument("--summaries", help="append every summary and its scores here (JSON lines)")
    ap.add_argument("--strategies", default=",".join(STRATEGIES))
    ap.add_argument("fixtures")
    ap.add_argument("sitelib")
    a = ap.parse_args()
    strategies = a.strategies.split(",")
    pdfs = sorted(glob.glob(os.path.join(a.fixtures, "*.pdf")))
    fixtures = len(pdfs)
    pdfs += sorted(glob.glob(os.path.join(a.sitelib, "*", "doc", "*.pdf")))
    papers, seen = [], set()
    for pdf in pdfs:
        if len(papers) >= fixtures + a.papers:
            break
        r = subprocess.run([a.quire, "text", "--width", "10000", pdf], capture_output=True)
        if r.returncode != 0:
            continue
        cut = cut_abstract(r.stdout.decode(errors="replace"))
        if not cut or cut[0][:80] in seen:
            continue
        seen.add(cut[0][:80])
        papers.append((os.path.relpath(pdf, a.sitelib) if pdf.startswith(a.sitelib)
                       else os.path.basename(pdf), cut[0], cut[1]))
    print(f"{len(papers)} papers ({fixtures} fixtures, {len(papers) - fixtures} collected)",
          file=sys.stderr)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    res = {s: [] for s in strategies}
    timeouts = {s: 0 for s in strategies}
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs)
    futs = [[pool.submit(run, a.quire, a.model, s, body, a.timeout) for s in strategies]
            for (name, abstract, body) in papers]
    for done, (name, abstract, body) in enumerate(papers, 1):
        for s, fut in zip(strategies, futs[done - 1]):
            r = fut.result()
            if r is not None and r.get("timeout"):
                res[s].append(None)
                timeouts[s] += 1
                print(f"{name}\t{s}\ttimed out after {a.timeout} s", file=sys.stderr)
                continue
            if r is None:
                res[s].append(None)
                print(f"{name}\t{s}\tfailed", file=sys.stderr)
                continue
            sc = scorer.score(abstract, plain(r["summary"]))
            r["repeat"] = repeats(plain(r["summary"]))
            r.update({k: sc[k].fmeasure for k in sc})
            r["repeat"] = repeats(plain(r["summary"]))
            r["paper"] = name
            r["scored"] = plain(r["summary"])
            res[s].append(r)
            if a.summaries:
                with open(a.summaries, "a") as f:
                    f.write(json.dumps({k: r[k] for k in ("paper", "summary", "scored", "rouge1",
                                                          "rouge2", "rougeL", "faith", "fallback",
                                                          "secs", "first")}
                                       | {"strategy": s}) + "\n")
            print(f"{name}\t{s}\tR1 {r['rouge1']:.3f} R2 {r['rouge2']:.3f} RL {r['rougeL']:.3f} "
                  f"faith {r['faith']:.2f} rep {int(r['repeat'])} {r['secs']:.1f}s", file=sys.stderr)
        report(a, papers, strategies, res, timeouts, done)


if __name__ == "__main__":
    main()
