"""Write tiny random-weight GGUF models for the engine tests.

usage: gen_tiny.py OUTDIR  -> prints one "NAME PATH" line per model written.
Weights are quantised with the gguf package's quants module where it can
(F32, F16, BF16, Q4_0, Q4_1, Q8_0); the K-quants, which it cannot quantise,
get random but valid blocks with small scales."""
import os
import sys

import numpy as np
import gguf
from gguf import GGMLQuantizationType as Q
from gguf import quants

TYPES = {"f32": Q.F32, "f16": Q.F16, "bf16": Q.BF16, "q4_0": Q.Q4_0, "q4_1": Q.Q4_1,
         "q8_0": Q.Q8_0, "q4_k": Q.Q4_K, "q6_k": Q.Q6_K}
E, FF, H, KV, V, L = 256, 512, 4, 2, 320, 2   # K-quants need rows of 256
D = E // H


def random_kquant(rng, qt, rows, cols):
    bs, bb = gguf.GGML_QUANT_SIZES[qt]
    nb = rows * cols // bs
    raw = rng.integers(0, 256, size=(nb, bb), dtype=np.uint8)
    d = (rng.uniform(0.5, 1.0, size=nb) * (1e-4 if qt == Q.Q4_K else 3e-5)).astype(np.float16)
    if qt == Q.Q4_K:
        raw[:, 0:2] = d.view(np.uint8).reshape(nb, 2)
        dmin = (rng.uniform(0.0, 1.0, size=nb) * 2e-4).astype(np.float16)
        raw[:, 2:4] = dmin.view(np.uint8).reshape(nb, 2)
    else:   # Q6_K: d is the last field
        raw[:, bb - 2:bb] = d.view(np.uint8).reshape(nb, 2)
    return raw.reshape(rows, cols // bs * bb)


def add_weight(w, rng, name, qt, rows, cols, scale):
    if qt in (Q.Q4_K, Q.Q6_K):
        w.add_tensor(name, random_kquant(rng, qt, rows, cols), raw_dtype=qt)
        return
    x = (rng.standard_normal((rows, cols)) * scale).astype(np.float32)
    if qt == Q.F32:
        w.add_tensor(name, x)
    elif qt == Q.F16:
        w.add_tensor(name, x.astype(np.float16))
    else:
        w.add_tensor(name, quants.quantize(x, qt), raw_dtype=qt)


def write(path, arch, qt, seed, tied=True, biases=False, rope_freqs=False, scale=None):
    rng = np.random.default_rng(seed)
    w = gguf.GGUFWriter(path, arch)
    w.add_name("tiny-%s" % arch)
    w.add_context_length(96)
    w.add_embedding_length(E)
    w.add_feed_forward_length(FF)
    w.add_block_count(L)
    w.add_head_count(H)
    w.add_head_count_kv(KV)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_freq_base(10000.0 if arch == "llama" else 1000000.0)
    w.add_rope_dimension_count(D)
    w.add_vocab_size(V)
    if scale:
        w.add_rope_scaling_type(gguf.RopeScalingType.LINEAR)
        w.add_rope_scaling_factor(scale)
    w.add_tokenizer_model("gpt2")
    w.add_token_list(["t%d" % i for i in range(V)])
    add_weight(w, rng, "token_embd.weight", qt, V, E, 1.0)
    w.add_tensor("output_norm.weight", (1 + 0.1 * rng.standard_normal(E)).astype(np.float32))
    if not tied:
        add_weight(w, rng, "output.weight", qt, V, E, 0.05)
    if rope_freqs:
        w.add_tensor("rope_freqs.weight", np.linspace(1.0, 8.0, D // 2).astype(np.float32))
    for i in range(L):
        p = "blk.%d." % i
        w.add_tensor(p + "attn_norm.weight", (1 + 0.1 * rng.standard_normal(E)).astype(np.float32))
        w.add_tensor(p + "ffn_norm.weight", (1 + 0.1 * rng.standard_normal(E)).astype(np.float32))
        add_weight(w, rng, p + "attn_q.weight", qt, H * D, E, 0.08)
        add_weight(w, rng, p + "attn_k.weight", qt, KV * D, E, 0.08)
        add_weight(w, rng, p + "attn_v.weight", qt, KV * D, E, 0.08)
        add_weight(w, rng, p + "attn_output.weight", qt, E, H * D, 0.05)
        add_weight(w, rng, p + "ffn_gate.weight", qt, FF, E, 0.06)
        add_weight(w, rng, p + "ffn_up.weight", qt, FF, E, 0.06)
        add_weight(w, rng, p + "ffn_down.weight", qt, E, FF, 0.04)
        if biases:
            w.add_tensor(p + "attn_q.bias", (0.1 * rng.standard_normal(H * D)).astype(np.float32))
            w.add_tensor(p + "attn_k.bias", (0.1 * rng.standard_normal(KV * D)).astype(np.float32))
            w.add_tensor(p + "attn_v.bias", (0.1 * rng.standard_normal(KV * D)).astype(np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    models = []
    for i, (name, qt) in enumerate(TYPES.items()):
        models.append(("llama-" + name, dict(arch="llama", qt=qt, seed=i,
                                               tied=name in ("q4_1", "q8_0"))))
    models.append(("qwen2-q8_0-untied", dict(arch="qwen2", qt=Q.Q8_0, seed=20, tied=False, biases=True)))
    models.append(("qwen2-f16", dict(arch="qwen2", qt=Q.F16, seed=21, biases=True)))
    models.append(("llama3-f32-ropefreqs", dict(arch="llama", qt=Q.F32, seed=22, tied=False, rope_freqs=True)))
    models.append(("llama-f32-linear", dict(arch="llama", qt=Q.F32, seed=23, scale=4.0)))
    for name, kw in models:
        path = os.path.join(out, "tiny-%s.gguf" % name)
        write(path, **kw)
        print(name, path)


if __name__ == "__main__":
    main()
