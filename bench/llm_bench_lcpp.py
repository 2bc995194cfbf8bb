"""llama.cpp side of bench/llm-bench.sh, through llama-cpp-python: evaluate
the same prompt ids as one batch, then generate greedily, and print
"prompt_tps gen_tps first_tokens...".

usage: llm_bench_lcpp.py MODEL THREADS N_GEN ID...

With LCPP_NO_EXTRA_BUFTS=1 llama.cpp keeps the weights as the file has
them: a build for a CPU with AMX puts them in AMX buffers, whose tile
instructions die with SIGILL where the VM does not grant the AMX state;
this also turns off llama.cpp's repacking of the weights for the CPU."""
import os
import sys
import time

import llama_cpp.llama_cpp as llama_cpp
import numpy as np
from llama_cpp import Llama

if os.environ.get("LCPP_NO_EXTRA_BUFTS"):
    _default_params = llama_cpp.llama_model_default_params

    def _params():
        p = _default_params()
        p.use_extra_bufts = False
        return p

    llama_cpp.llama_model_default_params = _params


def main():
    model, threads, n_gen = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    ids = [int(x) for x in sys.argv[4:]]
    llm = Llama(model_path=model, n_threads=threads, n_threads_batch=threads,
                n_ctx=len(ids) + n_gen + 8, n_batch=512, n_ubatch=512, verbose=False)
    llm.eval(ids[:4])          # warm up: page in the weights
    llm.reset()
    t0 = time.perf_counter()
    llm.eval(ids)
    t1 = time.perf_counter()
    out = []
    nv = llm.n_vocab()
    for _ in range(n_gen):
        # only the last position has logits (logits_all is off)
        logits = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(nv,))
        nxt = int(np.argmax(logits))
        out.append(nxt)
        llm.eval([nxt])
    t2 = time.perf_counter()
    print("%.1f %.1f %s" % (len(ids) / (t1 - t0), n_gen / (t2 - t1), " ".join(map(str, out[:16]))))


if __name__ == "__main__":
    main()
