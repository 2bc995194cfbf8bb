"""Engine vs the numpy reference (llm_ref.py) on the real SmolLM2-135M
model ($QUIRE_TEST_MODEL, from scripts/fetch-model.sh): logits after a
64-token chat prompt, and the first 32 greedily decoded tokens. Prints TAP.

Tolerance: SmolLM2 has outlier activations of a few hundred in some
channels, so rounding matmul inputs to 8 bits per block (as the engine and
llama.cpp do) moves logits by up to ~1 out of a range of ~30 (the reference
itself moves as much when it applies the same rounding). The test asks for
max |diff| <= 6% of max |logit|, correlation >= 0.995, the same top token,
and the same 32 greedy tokens (up to a near-tie, see below).

Long context: the story repeated to a 1,214-token prompt (19 attention
chunks). Asked to describe it, the model recites it: "The" and then the
story's own tokens from " quick" on, which llm_ref.py gives too (checked
once: its greedy tokens are exactly these 32, at margins of 1.2 logits or
more for the first 22, too slow to run here: ~100 s). The test asks for
those first 22, and for bit-identical logits with 1 and 2 threads and with
the prompt fed in pieces of 100 tokens (other token blocks and chunk
edges)."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

# "<|im_start|>user\nPlease describe this story in one short sentence . The
# quick brown fox jumps over the lazy dog ...<|im_end|>\n<|im_start|>assistant\n"
PROMPT = [1, 4093, 198, 10180, 5125, 451, 1977, 281, 582, 1890, 6330, 1673, 378, 2365,
          6354, 16438, 27003, 690, 260, 23790, 2767, 979, 260, 13497, 27593, 429, 260,
          5700, 282, 650, 2291, 2141, 260, 4626, 3297, 3039, 563, 260, 986, 4339, 338,
          523, 1690, 3318, 284, 260, 746, 338, 1251, 325, 2294, 1092, 260, 5806, 8227,
          335, 260, 3705, 2, 198, 1, 520, 9531, 198]

model = os.environ.get("QUIRE_TEST_MODEL", "")
if not model or not os.path.exists(model):
    print("1..0 # SKIP QUIRE_TEST_MODEL not set or missing (scripts/fetch-model.sh)")
    sys.exit(0)
try:
    import numpy as np
    import gguf  # noqa: F401
except ImportError as e:
    print("1..0 # SKIP python packages missing (%s): pip install -r tests/requirements.txt" % e)
    sys.exit(0)
import llm_ref  # noqa: E402

BUILD = os.environ.get("QUIRE_BUILDDIR", ".")
FWD = os.path.join(BUILD, "tests", "llm", "llm_forward")
out = os.path.join(os.environ.get("TMPDIR", "/tmp"), "quire-smollm2-logits.%d" % os.getpid())
p = subprocess.run([FWD, "--info", "-g", "32", "-o", out, model] + [str(i) for i in PROMPT],
                   capture_output=True, text=True)
n = 0


def ok(cond, msg):
    global n
    n += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, msg))
    return cond


if not ok(p.returncode == 0, "engine runs: %s" % p.stderr.strip()):
    print("1..%d" % n)
    sys.exit(0)
lines = p.stdout.split("\n")
print("# " + lines[0])
gen = [int(x) for x in lines[1].split()]
got = np.fromfile(out, dtype=np.float32)
os.unlink(out)
m = llm_ref.Model(model)
ref = m.eval(PROMPT)
err = float(np.abs(got - ref).max() / np.abs(ref).max())
corr = float(np.corrcoef(got, ref)[0, 1])
ok(len(PROMPT) == 64 and err <= 0.06, "64-token prompt: max |diff| / max |logit| = %.3f <= 0.06" % err)
ok(corr >= 0.995, "logit correlation %.5f >= 0.995" % corr)
ok(int(np.argmax(got)) == int(np.argmax(ref)), "same top token %d" % int(np.argmax(ref)))
m.reset()
margins = []
rgen = m.greedy(PROMPT, 32, margins)
# The engine multiplies 8-bit activations, the reference floats, so their
# logits differ by up to err_abs (measured above). Where the reference's
# two best tokens are closer than that, either is a right greedy choice,
# and the texts part from there on; everywhere else the tokens must agree.
err_abs = float(np.abs(got - ref).max())
same = next((i for i in range(32) if gen[i] != rgen[i]), 32)
if same == 32:
    ok(True, "32 greedy tokens agree")
else:
    gap, second = margins[same]
    ok(same >= 16 and gap < err_abs and gen[same] == second,
       "32 greedy tokens agree up to a near-tie: the first %d agree, then the engine takes "
       "the reference's second choice %d, %.3f behind (< logit error %.3f)"
       % (same, second, gap, err_abs))
    print("#  engine    %s\n#  reference %s" % (gen, rgen))

STORY = PROMPT[12:58]   # " The quick brown fox ... fields"
LONG = PROMPT[:12] + STORY * 26 + PROMPT[58:]


def long_prompt():
    runs = []
    for extra in (["-t", "2"], ["-t", "1", "-b", "100"]):
        p = subprocess.run([FWD, "-g", "22", "-o", out] + extra + [model] + [str(i) for i in LONG],
                           capture_output=True, text=True)
        runs.append((p.returncode, p.stderr.strip(), p.stdout.split(),
                     np.fromfile(out, dtype=np.float32) if p.returncode == 0 else None))
        os.unlink(out) if os.path.exists(out) else None
    errs = "; ".join(r[1] for r in runs if r[0] != 0)
    if not ok(not errs, "long prompt runs" + (": " + errs if errs else "")):
        return
    gen = [int(x) for x in runs[0][2]]
    want = [504] + STORY[1:22]   # "The", then " quick brown fox ..."
    ok(len(LONG) == 1214 and gen == want,
       "%d-token prompt: the 22 greedy tokens recite the story" % len(LONG))
    if gen != want:
        print("#  engine %s\n#  want   %s" % (gen, want))
    ok(np.array_equal(runs[0][3], runs[1][3]) and runs[0][2] == runs[1][2],
       "long prompt: 2 threads == 1 thread fed in pieces of 100, bit for bit")


# Under the sanitizers (QUIRE_SLOW_TESTS=0) a 1,214-token prompt takes many
# minutes; the attention itself is checked there by test_attention.
if os.environ.get("QUIRE_SLOW_TESTS", "1") == "0":
    n += 1
    print("ok %d - long prompt # SKIP QUIRE_SLOW_TESTS=0" % n)
else:
    long_prompt()
print("1..%d" % n)
