#!/usr/bin/env python3
"""Generate a year of reviews for a library: cards/gen.md with N cards
(Q:/A: blocks) and reviews.log with the grades of a user who studies most
days, a seeded pseudo-random walk (the same seed gives the same files).

    gen-reviews.py LIBDIR [--cards N] [--days D] [--seed S] [--now ISO]
                   [--expect FILE]

--expect writes what `quire stats` must show of the heat map, computed
here independently of quire: the total, the active days, the busiest day,
and the seven rows of glyphs (TZ=UTC)."""
import argparse, datetime as dt, os, random, subprocess, sys

p = argparse.ArgumentParser()
p.add_argument("lib")
p.add_argument("--cards", type=int, default=300)
p.add_argument("--days", type=int, default=365)
p.add_argument("--seed", type=int, default=11)
p.add_argument("--now", default="2026-11-29T18:00:00Z")
p.add_argument("--quire", help="the quire binary, to read the cards' ids")
p.add_argument("--expect")
a = p.parse_args()

rng = random.Random(a.seed)
now = dt.datetime.strptime(a.now, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
os.makedirs(os.path.join(a.lib, "cards"), exist_ok=True)
with open(os.path.join(a.lib, "cards", "gen.md"), "w") as f:
    f.write("# Generated\n\n")
    for i in range(a.cards):
        f.write("Q: What is fact number %d?\nA: It is %d.\n\n" % (i, i * 7 + 3))
ids = []
if a.quire:
    out = subprocess.run([a.quire, "--dir", a.lib, "cards"], capture_output=True, text=True,
                         check=True).stdout.splitlines()[1:]
    ids = [l.split("\t")[0] for l in out]
else:
    ids = ["gen%04d" % i for i in range(a.cards)]

lines = []
per_day = {}
today = now.date()
for back in range(a.days, -1, -1):
    day = today - dt.timedelta(days=back)
    if rng.random() < 0.2:
        continue
    n = rng.randint(1, 60)
    for _ in range(n):
        secs = rng.randint(6 * 3600, 23 * 3600)
        t = dt.datetime.combine(day, dt.time(), dt.timezone.utc) + dt.timedelta(seconds=secs,
                microseconds=rng.randint(0, 999999))
        if t > now:
            continue
        r = rng.choices([1, 2, 3, 4], weights=[10, 15, 65, 10])[0]
        lines.append((t, rng.choice(ids), r, rng.randint(800, 20000)))
        per_day[day] = per_day.get(day, 0) + 1
lines.sort()
with open(os.path.join(a.lib, "reviews.log"), "w") as f:
    for t, card, r, ms in lines:
        f.write("%s\t%s\t%d\t%d\n" % (t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), card, r, ms))

if a.expect:
    # the heat map: weeks from Monday 52 weeks before this week's Monday
    start = today - dt.timedelta(days=today.weekday() + 52 * 7)
    days = (today - start).days
    counts = [per_day.get(start + dt.timedelta(days=d), 0) for d in range(days + 1)]
    mx = max(counts)
    glyph = "·░▒▓█"
    with open(a.expect, "w") as f:
        f.write("%d reviews on %d days (most in a day: %d)\n"
                % (sum(counts), sum(1 for c in counts if c), mx))
        for row in range(7):
            cells = []
            for w in range(53):
                d = w * 7 + row
                if d > days:
                    break
                c = counts[d]
                lvl = 0 if c == 0 else min(4, -(-c * 4 // mx))
                cells.append(glyph[lvl])
            f.write("".join(cells) + "\n")
