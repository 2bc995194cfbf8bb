"""Independent reference forward pass for the engine tests: numpy over the
gguf package's reader and dequantisation, float64 throughout, no quantised
activations; keys and values are rounded to half precision when cached,
the one rounding of the engine the reference shares. Supports the llama and qwen2 architectures as quire does."""
import numpy as np
import gguf
from gguf import quants


def half(a):
    """Round to IEEE half precision (nearest even) and back."""
    return a.astype(np.float16).astype(np.float64)


def field(r, key, default=None):
    f = r.fields.get(key)
    if f is None:
        return default
    t = f.types[0]
    if t == gguf.GGUFValueType.STRING:
        return bytes(f.parts[f.data[0]]).decode("utf-8")
    if t == gguf.GGUFValueType.ARRAY:
        return [f.parts[i] for i in f.data]
    return f.parts[f.data[0]][0].item()


class Model:
    def __init__(self, path, quant_act=False):
        """quant_act: round matmul inputs to 8 bits per 32-block (for quantised
        weights) as the engine does, to tell its rounding from real errors."""
        r = gguf.GGUFReader(path)
        self.quant_act = quant_act
        self.types = {t.name: t.tensor_type for t in r.tensors}
        self.arch = arch = field(r, "general.architecture")
        a = arch + "."
        self.n_embd = field(r, a + "embedding_length")
        self.n_layer = field(r, a + "block_count")
        self.n_head = field(r, a + "attention.head_count")
        self.n_head_kv = field(r, a + "attention.head_count_kv", self.n_head)
        self.head_dim = field(r, a + "attention.key_length", self.n_embd // self.n_head)
        self.n_rot = field(r, a + "rope.dimension_count", self.head_dim)
        self.eps = field(r, a + "attention.layer_norm_rms_epsilon", 1e-5)
        self.base = field(r, a + "rope.freq_base", 10000.0)
        scale = 1.0
        if field(r, a + "rope.scaling.type", "linear") == "linear":
            scale = field(r, a + "rope.scaling.factor", 1.0) or 1.0
        self.neox = arch == "qwen2"
        self.t = {}
        for t in r.tensors:
            w = quants.dequantize(t.data, t.tensor_type)
            self.t[t.name] = np.asarray(w, dtype=np.float64).reshape(
                [int(x) for x in reversed(t.shape.tolist())] if len(t.shape) > 1 else -1)
        if "output.weight" not in self.t:
            self.t["output.weight"] = self.t["token_embd.weight"]
        half = self.n_rot // 2
        inv = self.base ** (-2.0 * np.arange(half) / self.n_rot)
        if "rope_freqs.weight" in self.t:
            inv = inv / self.t["rope_freqs.weight"]
        self.inv_freq = inv / scale
        self.reset()

    def reset(self):
        self.kc = [np.zeros((0, self.n_head_kv, self.head_dim)) for _ in range(self.n_layer)]
        self.vc = [np.zeros((0, self.n_head_kv, self.head_dim)) for _ in range(self.n_layer)]
        self.pos = 0

    def mm(self, x, name):
        w = self.t[name]
        tt = self.types.get(name, self.types.get("token_embd.weight"))
        if self.quant_act and tt not in (gguf.GGMLQuantizationType.F32,
                                         gguf.GGMLQuantizationType.F16,
                                         gguf.GGMLQuantizationType.BF16):
            bs = 256 if tt in (gguf.GGMLQuantizationType.Q4_K, gguf.GGMLQuantizationType.Q6_K) else 32
            shp = x.shape
            # in float32, as the engine computes it
            xb = x.reshape(-1, bs).astype(np.float32)
            d = np.abs(xb).max(axis=1, keepdims=True) / np.float32(127)
            idv = np.where(d == 0, np.float32(0), np.float32(1) / np.where(d == 0, 1, d))
            x = (np.rint(xb * idv).astype(np.float64) * d).reshape(shp)
        return x @ w.T

    def norm(self, x, w):
        return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + self.eps) * w

    def rope(self, x, pos):
        # x: (T, H, D); rotate the first n_rot dims of each head
        ang = np.outer(pos, self.inv_freq)[:, None, :]
        c, s = np.cos(ang), np.sin(ang)
        y = x.copy()
        h = self.n_rot // 2
        if self.neox:
            a, b = x[..., :h], x[..., h:2 * h]
            y[..., :h], y[..., h:2 * h] = a * c - b * s, a * s + b * c
        else:
            a, b = x[..., 0:2 * h:2], x[..., 1:2 * h:2]
            y[..., 0:2 * h:2], y[..., 1:2 * h:2] = a * c - b * s, a * s + b * c
        return y

    def eval(self, ids):
        """Append ids; return the logits after the last one."""
        T = len(ids)
        g = self.t.get
        x = self.t["token_embd.weight"][np.asarray(ids)]
        pos = np.arange(self.pos, self.pos + T)
        H, KV, D = self.n_head, self.n_head_kv, self.head_dim
        for i in range(self.n_layer):
            p = "blk.%d." % i
            h = self.norm(x, g(p + "attn_norm.weight"))
            q = self.mm(h, p + "attn_q.weight")
            k = self.mm(h, p + "attn_k.weight")
            v = self.mm(h, p + "attn_v.weight")
            if p + "attn_q.bias" in self.t:
                q = q + g(p + "attn_q.bias")
                k = k + g(p + "attn_k.bias")
                v = v + g(p + "attn_v.bias")
            q = self.rope(q.reshape(T, H, D), pos)
            k = self.rope(k.reshape(T, KV, D), pos)
            # the engine keeps its KV cache in half precision, as llama.cpp does
            self.kc[i] = np.concatenate([self.kc[i], half(k)])
            self.vc[i] = np.concatenate([self.vc[i], half(v.reshape(T, KV, D))])
            K, V = self.kc[i], self.vc[i]
            rep = H // KV
            out = np.zeros((T, H, D))
            for hh in range(H):
                s = q[:, hh, :] @ K[:, hh // rep, :].T / np.sqrt(D)
                mask = np.arange(K.shape[0])[None, :] > pos[:, None]
                s[mask] = -np.inf
                s = np.exp(s - s.max(axis=1, keepdims=True))
                s /= s.sum(axis=1, keepdims=True)
                out[:, hh, :] = s @ V[:, hh // rep, :]
            x = x + self.mm(out.reshape(T, H * D), p + "attn_output.weight")
            h = self.norm(x, g(p + "ffn_norm.weight"))
            a = self.mm(h, p + "ffn_gate.weight")
            b = self.mm(h, p + "ffn_up.weight")
            x = x + self.mm(a / (1 + np.exp(-a)) * b, p + "ffn_down.weight")
        self.pos += T
        h = self.norm(x[-1], self.t["output_norm.weight"])
        return self.mm(h, "output.weight")

    def greedy(self, ids, n, margins=None):
        """n greedy tokens after ids; margins, if a list, gets each step's
        (best logit - second best, second best token)."""
        logits = self.eval(ids)
        out = []
        for _ in range(n):
            top2 = np.argsort(logits)[-2:]
            nxt = int(top2[1])
            if margins is not None:
                margins.append((float(logits[top2[1]] - logits[top2[0]]), int(top2[0])))
            out.append(nxt)
            logits = self.eval([nxt])
        return out
