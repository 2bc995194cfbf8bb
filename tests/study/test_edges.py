"""Edge cases of the FSRS-6 scheduler, `quire srs replay` against the
formulas of docs/fsrs6.md transcribed here by hand (math.exp, Python's
datetime and round()), independently of quire's C code; where py-fsrs (the
reference scheduler, tests/requirements.txt) is installed, against it too.
Some expected values are also written out literally, worked by hand in the
comments. Prints TAP."""
import csv
import io
import math
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone

QUIRE = os.environ["QUIRE_BIN"]
n = 0
failed = 0


def ok(cond, msg):
    global n, failed
    n += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, msg))
    if not cond:
        failed += 1
    sys.stdout.flush()
    return cond


W = [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722,
     0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425,
     0.0912, 0.0658, 0.1542]
MIN = timedelta(minutes=1)


class Model:
    """The scheduler as fsrs6.md states it."""

    def __init__(self, w=W, retention=0.9, learning=(MIN, 10 * MIN),
                 relearning=(10 * MIN,), max_ivl=36500):
        self.w, self.r, self.learning, self.relearning = w, retention, learning, relearning
        self.max_ivl = max_ivl
        self.decay = -w[20]
        self.factor = 0.9 ** (1 / self.decay) - 1

    def interval(self, s):
        ivl = s / self.factor * (self.r ** (1 / self.decay) - 1)
        return min(max(round(ivl), 1), self.max_ivl)  # round: half to even

    def d0(self, g):
        return self.w[4] - math.exp(self.w[5] * (g - 1)) + 1

    def review(self, card, g, t):
        w = self.w
        clamp = lambda d: min(max(d, 1.0), 10.0)
        if card is None:
            state, step, s, d = 1, 0, max(w[g - 1], 0.001), clamp(self.d0(g))
        else:
            state, step, s, d, last = card[:5]
            days = (t - last).days
            if days < 1:
                inc = math.exp(w[17] * (g - 3 + w[18])) * s ** -w[19]
                if g >= 3:  # Good and Easy never lower S (Hard may)
                    inc = max(inc, 1.0)
                s = s * inc
            else:
                r = (1 + self.factor * days / s) ** self.decay
                if g == 1:
                    s = min(w[11] * d ** -w[12] * ((s + 1) ** w[13] - 1) * math.exp((1 - r) * w[14]),
                            s / math.exp(w[17] * w[18]))
                else:
                    s = s * (1 + math.exp(w[8]) * (11 - d) * s ** -w[9] * (math.exp((1 - r) * w[10]) - 1)
                             * (w[15] if g == 2 else 1) * (w[16] if g == 4 else 1))
            s = max(s, 0.001)
            d = clamp(w[7] * self.d0(4) + (1 - w[7]) * (d + (10 - d) * (-w[6] * (g - 3)) / 9))
        delay = None
        if state in (1, 3):
            steps = self.learning if state == 1 else self.relearning
            if not steps or (step >= len(steps) and g >= 2):
                state, step = 2, None
            elif g == 1:
                step, delay = 0, steps[0]
            elif g == 2:
                delay = (steps[0] * 1.5 if len(steps) == 1 else (steps[0] + steps[1]) / 2) if step == 0 else steps[step]
            elif g == 3 and step + 1 < len(steps):
                step += 1
                delay = steps[step]
            else:
                state, step = 2, None
        elif g == 1 and self.relearning:
            state, step, delay = 3, 0, self.relearning[0]
        if delay is None:
            delay = timedelta(days=self.interval(s))
        return (state, step, s, d, t, t + delay)


def parse(t):
    return datetime.fromisoformat(t.replace("Z", "+00:00"))


def run_quire(rows, config=None):
    """Replay rows [(card, rating, time)] with quire; returns (rows, stderr)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "log.csv")
        with open(path, "w") as f:
            f.write("card_id,review_rating,review_time,review_duration\n")
            for c, g, t in rows:
                f.write("%s,%d,%s,1000\n" % (c, g, t))
        env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(tmp, "cfg"), HOME=tmp)
        if config:
            os.makedirs(os.path.join(tmp, "cfg", "quire"))
            with open(os.path.join(tmp, "cfg", "quire", "config"), "w") as f:
                f.write(config)
        p = subprocess.run([QUIRE, "srs", "replay", path], capture_output=True, text=True, env=env)
        return list(csv.reader(io.StringIO(p.stdout)))[1:], p.stderr + ("" if p.returncode == 0 else "exit %d" % p.returncode)


def expected(model, rows):
    cards, out = {}, []
    for c, g, t in rows:
        dt = parse(t)
        card = model.review(cards.get(c), g, dt)
        cards[c] = card
        state, step, s, d, last, due = card
        out.append([c, str(g), dt.isoformat(), str(state), "" if step is None else str(step), s, d, due.isoformat()])
    return out


def reference(rows, model):
    """The same rows through py-fsrs, when it is installed."""
    try:
        import fsrs
    except ImportError:
        return None
    sch = fsrs.Scheduler(parameters=model.w, desired_retention=model.r,
                         learning_steps=model.learning, relearning_steps=model.relearning,
                         maximum_interval=model.max_ivl, enable_fuzzing=False)
    cards, out = {}, []
    for c, g, t in rows:
        dt = parse(t)
        card, _ = sch.review_card(cards.get(c) or fsrs.Card(card_id=1), fsrs.Rating(g), dt)
        cards[c] = card
        out.append([c, str(g), dt.isoformat(), str(int(card.state)), "" if card.step is None else str(card.step),
                    card.stability, card.difficulty, card.due.isoformat()])
    return out


def same(got, want):
    """Rows equal: strings exactly, stability and difficulty within 1e-9."""
    if len(got) != len(want):
        return "%d rows, want %d" % (len(got), len(want))
    for i, (g, w) in enumerate(zip(got, want)):
        for k in range(8):
            if k in (5, 6):
                if abs(float(g[k]) - w[k]) > 1e-9 * abs(w[k]):
                    return "row %d column %d: %s, want %.17g" % (i + 1, k + 1, g[k], w[k])
            elif g[k] != w[k]:
                return "row %d column %d: %s, want %s" % (i + 1, k + 1, g[k], w[k])
    return None


def case(name, rows, model=Model(), config=None):
    got, err = run_quire(rows, config)
    ok(err == "", "%s: replay runs cleanly %s" % (name, err.strip()))
    diff = same(got, expected(model, rows))
    ok(diff is None, "%s: matches the formulas %s" % (name, diff or ""))
    ref = reference(rows, model)
    if ref is not None:
        diff = same(got, ref)
        ok(diff is None, "%s: matches py-fsrs %s" % (name, diff or ""))
    return got


# Hard on a new card: S = w[1] = 1.2931, D = w[4] - e^(w[5]) + 1
# = 6.4133 - 2.30107.. + 1 = 5.11222..; with two learning steps, due in
# (1 + 10) / 2 = 5.5 minutes; the step stays 0.
got = case("Hard on a new card", [("1", 2, "2024-01-01T00:00:00+00:00")])
ok(got and got[0][3:5] == ["1", "0"] and got[0][5] == "1.2931"
   and abs(float(got[0][6]) - (6.4133 - math.exp(0.8334) + 1)) < 1e-9
   and got[0][7] == "2024-01-01T00:05:30+00:00", "Hard on a new card: S 1.2931, due in 5m30s")

# Same-day reviews, seconds apart, and a gap of 23:59:59.999999 (0 days):
# short-term stability every time; then one whole day: long-term.
got = case("same-day reviews", [
    ("2", 3, "2024-01-01T08:00:00+00:00"),
    ("2", 3, "2024-01-01T08:00:02+00:00"),   # 2 s later: step 1 -> Review
    ("2", 1, "2024-01-01T08:00:05+00:00"),   # Review, same day: Again, short-term
    ("2", 3, "2024-01-01T08:00:07+00:00"),   # Relearning, same day
    ("2", 2, "2024-01-02T08:00:06.999999+00:00"),  # 23:59:59.999999 later: 0 days
    ("2", 4, "2024-01-03T08:00:06.999999+00:00"),  # 1 whole day: long-term
])
# Hard the same day lowers S: inc = e^(w17 (-1 + w18)) S^-w19 = 0.61 S^-0.0658
# < 1, and only Good and Easy clamp it to 1 (fsrs6.md; so did py-fsrs up to
# 6.3.0, while 6.3.2 clamps Hard too).
ok(len(got) == 6 and float(got[4][5]) < float(got[3][5]), "same-day Hard lowers the stability")

# A 100-year gap (36,525 days): R = (1 + F * 36525 / S)^-0.1542 is tiny,
# the recall stability grows a lot and the interval is clamped.
got = case("100-year gap", [
    ("3", 3, "2024-01-01T00:00:00+00:00"),
    ("3", 3, "2024-01-01T00:10:00+00:00"),
    ("3", 3, "2124-01-01T00:10:00+00:00"),
    ("3", 1, "2224-01-01T00:10:00+00:00"),
    ("3", 3, "2224-01-01T00:20:00+00:00"),
])

# The maximum interval: Easy at every due date until the interval reaches
# 36,500 days; the due is then exactly 36,500 days on.
rows, t, m, card = [], parse("2024-01-01T00:00:00+00:00"), Model(), None
for i in range(12):
    rows.append(("4", 4, t.isoformat()))
    card = m.review(card, 4, t)
    t = card[5]
got = case("maximum interval", rows)
ok(got and parse(got[-1][7]) - parse(got[-1][2]) == timedelta(days=36500),
   "maximum interval: the last Easy is due in exactly 36500 days (%s)" % (got[-1][7] if got else ""))

# Again in relearning: Review (Easy, 8 days), Again (-> Relearning step 0,
# 10 min), Again again in relearning (short-term with G = 1: S shrinks;
# step 0, 10 min), Hard (one relearning step: 1.5 x 10 = 15 min), Good (->
# Review).
got = case("Again in relearning", [
    ("5", 4, "2024-01-01T00:00:00+00:00"),
    ("5", 1, "2024-01-09T00:00:00+00:00"),
    ("5", 1, "2024-01-09T00:10:00+00:00"),
    ("5", 2, "2024-01-09T00:20:00+00:00"),
    ("5", 3, "2024-01-09T00:35:00+00:00"),
])
ok(got and [r[3:5] for r in got] == [["2", ""], ["3", "0"], ["3", "0"], ["3", "0"], ["2", ""]]
   and float(got[2][5]) < float(got[1][5])
   and [r[7][11:19] for r in got[1:4]] == ["00:10:00", "00:20:00", "00:35:00"],
   "Again in relearning: states, steps, S shrinking, 10, 10 and 15 minute steps")

# Half-to-even interval rounding: with retention 0.9 the interval is S
# itself (S / F * (0.9^(1/D) - 1) = S; 2.5, 3.5 and 4.5 come out exactly),
# so initial stabilities of 4.5 (Hard), 2.5 (Good) and 3.5 (Easy) and no
# learning steps give 4, 2 and 4 days (half up would give 5, 3, 4).
w = list(W)
w[1], w[2], w[3] = 4.5, 2.5, 3.5
cfg = "[srs]\nparameters = %s\nlearning_steps =\n" % ", ".join(repr(x) for x in w)
got = case("half-to-even rounding", [
    ("6", 2, "2024-01-01T00:00:00+00:00"),
    ("7", 3, "2024-01-01T00:00:00+00:00"),
    ("8", 4, "2024-01-01T00:00:00+00:00"),
], Model(w=w, learning=()), cfg)
ok([r[7] for r in got] == ["2024-01-05T00:00:00+00:00", "2024-01-03T00:00:00+00:00",
                           "2024-01-05T00:00:00+00:00"], "4.5 -> 4 days, 2.5 -> 2, 3.5 -> 4")

# Times beyond 2038 (and 2100, no leap year): Good on a new card at
# 2100-02-28T23:55 is due 10 minutes later, on 2100-03-01; on 2400-02-29
# (a leap day) Easy is due round(8.2956) = 8 days later, 2400-03-08.
got = case("beyond 2038", [
    ("9", 3, "2100-02-28T23:55:00+00:00"),
    ("9", 3, "2100-03-01T00:05:00+00:00"),
    ("10", 4, "2400-02-29T12:00:00+00:00"),
    ("10", 3, "2400-03-08T12:00:00+00:00"),
])
ok(got and got[0][7] == "2100-03-01T00:05:00+00:00" and got[2][7] == "2400-03-08T12:00:00+00:00",
   "beyond 2038: 2100-03-01T00:05, 2400-03-08")

# Microsecond timestamps: the due keeps them (00:10:00.000001); 2024-01-02
# 00:00:00.000000 is 23:59:59.999999 after the first review (0 days), and
# 2024-01-03 00:00:00.000001 is one day and a microsecond after the second.
got = case("microseconds", [
    ("11", 3, "2024-01-01T00:00:00.000001+00:00"),
    ("11", 3, "2024-01-02T00:00:00+00:00"),
    ("11", 3, "2024-01-03T00:00:00.000001+00:00"),
    ("11", 1, "2024-01-03T00:00:00.500000+00:00"),
])
ok(got and got[0][7] == "2024-01-01T00:10:00.000001+00:00"
   and got[3][7] == "2024-01-03T00:10:00.500000+00:00", "microseconds kept in due times")

print("1..%d" % n)
sys.exit(1 if failed else 0)
