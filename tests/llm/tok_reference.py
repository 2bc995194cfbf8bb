#!/usr/bin/env python3
"""Reference token ids for quire's tokenizer tests.

  tok_reference.py gguf MODEL.gguf OUTDIR   byte-level BPE from a GGUF, encoded
                                            by Hugging Face `tokenizers`: 32
                                            chosen and 300 random strings, in
                                            OUTDIR/native (the model's own
                                            pre-tokenizer) and OUTDIR/qwen2,
                                            OUTDIR/llama-bpe, OUTDIR/default
                                            (other rules, same vocabulary)
  tok_reference.py spm OUTDIR               a tiny SentencePiece BPE model
                                            trained here, encoded by
                                            `sentencepiece` itself

Writes (OUTDIR or its subfolders) vocab.txt (the vocabulary as test_tokenizer_tool reads it),
cases.txt (one test string per line, hex) and expected.txt
(the reference ids of each case, one line each).  Exits 77 when a needed
package is missing so the caller can skip."""
import os
import sys

BPE_CASES = [
    "Hello world",
    "Hello, world! How's it going? I'm fine; they'll say we've done it, I'd guess.",
    "SHOUTING IT'S DONE, WE'LL SEE",
    "numbers: 3.14159 and 1234567890, 1,000,000 and 42nd",
    "   leading spaces and trailing   ",
    "tabs\tand\nnewlines\n\n\nand\r\nCRLF \n \n",
    "multiple    spaces\t\t mixed  \t tabs",
    "caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00fcber Stra\u00dfe \u0141\u00f3d\u017a",
    "emoji: \U0001f600\U0001f680 \U0001f468\u200d\U0001f469\u200d\U0001f467 \u2764\ufe0f \U0001f9e0x",
    "\u65e5\u672c\u8a9e\u306e\u6587\u7ae0\u3068\u4e2d\u6587\u53e5\u5b50\u3002\ud55c\uad6d\uc5b4 \ubb38\uc7a5",
    "\u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439, \u043c\u0438\u0440! \u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u05e2\u05d1\u05e8\u05d9\u05ea",
    "def f(x):\n    return x ** 2 + 1  # square\n\nif __name__ == '__main__':\n    print(f(3))\n",
    "int main(void) { for (int i = 0; i < 10; i++) printf(\"%d\\n\", i); }",
    "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n",
    "text<|endoftext|>more<|im_end|><|im_start|>",
    "<|im_start|<|im_end>| not quite special",
    "math: \u2200x\u2208\u211d, x\u00b2 \u2265 0; \u222b\u2080\u00b9 f(x) dx \u2248 \u03c0/4 \u00bd \u2153 \u2167",
    "URLs https://example.org/path?q=1&r=2#frag and e-mail a.b@c.de",
    "snake_case camelCase PascalCase kebab-case SCREAMING_CASE",
    "'quoted' \"double\" `back` \u00abguillemets\u00bb \u201ccurly\u201d",
    "a",
    " ",
    "\n",
    "",
    "\u00a0non-breaking\u00a0space and \u3000ideographic\u2003em",
    "The 2023 paper (Smith et al., 2021) reports 95.3% accuracy on 10k samples.",
    "!!!???...,,,;;;:::---___===+++***",
    "x" * 300,
    "1" * 50 + " " + "ab1cd22ef333",
    "zero\u200bwidth joiner\u200d and soft\u00adhyphen and combining e\u0301",
    "mixed\u0009whitespace\u000b\u000c\u0085end",
    "   \n\n   indented\n\t\tcode",
]

SPM_CASES = [
    "Hello world",
    "the quick brown fox jumps over the lazy dog",
    "  two leading spaces",
    "trailing spaces  ",
    "numbers 12345 and 3.14",
    "unseen characters: \u00e9\u00e8 \u65e5\u672c \U0001f600",
    "a",
    "reading papers about models and tokenizers",
    "multiple   spaces   inside",
    "newline\ninside",
]


def need(mod):
    try:
        return __import__(mod)
    except ImportError:
        print("missing python package: %s" % mod, file=sys.stderr)
        sys.exit(77)


def hexs(b):
    return b.hex() if b else "-"


def write_vocab(path, model, pre, tokens, scores, types, merges, ids):
    with open(path, "w") as f:
        f.write("model %s\npre %s\n" % (model, pre))
        for k in ("bos", "eos", "eot", "pad", "unk"):
            f.write("%s %d\n" % (k, ids.get(k, -1)))
        f.write("add_bos %d\nadd_eos 0\nspace_prefix %d\n"
                % (ids.get("add_bos", 0), ids.get("space_prefix", 0)))
        f.write("tokens %d\n" % len(tokens))
        for t, s, ty in zip(tokens, scores, types):
            f.write("%d %r %s\n" % (ty, float(s), hexs(t.encode("utf-8", "surrogatepass")
                                                      if isinstance(t, str) else t)))
        f.write("merges %d\n" % len(merges))
        for m in merges:
            f.write("%s\n" % hexs(m.encode("utf-8")))


def write_cases(outdir, cases, expected):
    with open(os.path.join(outdir, "cases.txt"), "w") as f:
        for c in cases:
            f.write(hexs(c.encode("utf-8")) + "\n")
    with open(os.path.join(outdir, "expected.txt"), "w") as f:
        for ids in expected:
            f.write(" ".join(str(i) for i in ids) + "\n")


LLAMA3_RE = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
             r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
QWEN2_RE = LLAMA3_RE.replace(r"\p{N}{1,3}", r"\p{N}")


def random_cases(n, seed):
    """Random strings over the character classes the pre-tokenizers care
    about: letters of several scripts, digits, spaces, newlines, quotes and
    contractions, punctuation, emoji, combining marks."""
    import random
    rnd = random.Random(seed)
    pools = [
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "0123456789", "\u0660\u0661\u00bd\u2167\u00b2",
        "      ", "\n\n\r\t\u00a0\u3000\u2003\u000b",
        "'", "'s 't 're 've 'm 'll 'd 'S 'RE",
        ".,;:!?-_()[]{}<>/\\|@#$%^&*+=~`\"",
        "\u00e9\u00fc\u00df\u0142\u017c\u00f1\u00e7",
        "\u65e5\u672c\u8a9e\u4e2d\u6587\ud55c\uad6d\u3042\u30a2",
        "\u0417\u0434\u0440\u0430\u03b1\u03b2\u05d0\u0627\u0928\u0e01",
        "\U0001f600\U0001f680\u2764\ufe0f\u200d\U0001f9e0",
        "\u0301\u0308\u200b\u00ad",
    ]
    out = []
    for _ in range(n):
        k = rnd.randint(1, 60)
        out.append("".join(rnd.choice(rnd.choice(pools)) for _ in range(k)))
    return out


def hf_tokenizer(pre, tokens, types, merges):
    """Hugging Face `tokenizers` pipeline of the pre-tokenizer family."""
    from tokenizers import Tokenizer, models, pre_tokenizers, decoders, AddedToken, Regex
    vocab = {t: i for i, t in reversed(list(enumerate(tokens)))}
    pairs = [tuple(m.split(" ", 1)) for m in merges]
    bpe = models.BPE(vocab=vocab, merges=pairs, ignore_merges=(pre == "llama-bpe"))
    tk = Tokenizer(bpe)
    byte_level = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    if pre == "smollm":
        tk.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Digits(individual_digits=True),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
    elif pre in ("llama-bpe", "qwen2"):
        rx = LLAMA3_RE if pre == "llama-bpe" else QWEN2_RE
        tk.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(rx), behavior="isolated"), byte_level])
    else:
        tk.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tk.decoder = decoders.ByteLevel()
    tk.add_special_tokens([AddedToken(t, special=True, normalized=False)
                           for t, ty in zip(tokens, types) if ty == 3])
    tk.add_tokens([AddedToken(t, special=False, normalized=False)
                   for t, ty in zip(tokens, types) if ty == 4])
    return tk


def gguf_reference(model_path, outdir):
    """OUTDIR/native with the model's own pre-tokenizer, and OUTDIR/qwen2,
    OUTDIR/llama-bpe, OUTDIR/default with other rules on its vocabulary."""
    gguf = need("gguf")
    need("tokenizers")
    r = gguf.GGUFReader(model_path)

    def field(name, default=None):
        f = r.fields.get(name)
        return default if f is None else f.contents()

    tokens = field("tokenizer.ggml.tokens")
    types = field("tokenizer.ggml.token_type")
    merges = field("tokenizer.ggml.merges", [])
    scores = field("tokenizer.ggml.scores") or [0.0] * len(tokens)
    model = field("tokenizer.ggml.model")
    if model != "gpt2":
        print("%s: model %s is not byte-level BPE" % (model_path, model), file=sys.stderr)
        sys.exit(77)
    ids = {
        "bos": field("tokenizer.ggml.bos_token_id", -1),
        "eos": field("tokenizer.ggml.eos_token_id", -1),
        "eot": field("tokenizer.ggml.eot_token_id", -1),
        "pad": field("tokenizer.ggml.padding_token_id", -1),
        "unk": field("tokenizer.ggml.unknown_token_id", -1),
        "add_bos": int(bool(field("tokenizer.ggml.add_bos_token", False))),
    }
    cases = BPE_CASES + random_cases(300, 1)
    native = field("tokenizer.ggml.pre", "default")
    for label, pre in (("native", native), ("qwen2", "qwen2"), ("llama-bpe", "llama-bpe"),
                       ("default", "default")):
        d = os.path.join(outdir, label)
        os.makedirs(d, exist_ok=True)
        write_vocab(os.path.join(d, "vocab.txt"), model, pre, tokens, scores, types,
                    merges, ids)
        tk = hf_tokenizer(pre, tokens, types, merges)
        expected = [tk.encode(c, add_special_tokens=False).ids for c in cases]
        write_cases(d, cases, expected)


def spm_training_text():
    words = ("the of and to in a is that for it as was with be by on not he this are "
             "or his from at which but have an they you were her she there been one all "
             "we their has would when if so no will more about up out them some could "
             "paper model token reading study note summary science data result method "
             "language learning transformer attention layer network review figure table").split()
    lines, x = [], 12345
    for _ in range(3000):
        n = 5 + x % 9
        line = []
        for _ in range(n):
            x = (x * 1103515245 + 12345) % (1 << 31)
            line.append(words[(x >> 8) % len(words)])
        lines.append(" ".join(line) + (" %d." % (x % 1000) if x % 3 == 0 else "."))
    return lines


def spm_reference(outdir):
    spm = need("sentencepiece")
    import io
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(spm_training_text()), model_writer=model,
        vocab_size=400, model_type="bpe", byte_fallback=True,
        normalization_rule_name="identity", remove_extra_whitespaces=False,
        add_dummy_prefix=True, character_coverage=1.0, minloglevel=2)
    sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
    n = sp.get_piece_size()
    tokens, scores, types = [], [], []
    for i in range(n):
        tokens.append(sp.id_to_piece(i))
        scores.append(sp.get_score(i))
        ty = 1
        if sp.is_unknown(i):
            ty = 2
        elif sp.is_control(i):
            ty = 3
        elif sp.is_unused(i):
            ty = 5
        elif sp.is_byte(i):
            ty = 6
        types.append(ty)
    ids = {"bos": sp.bos_id(), "eos": sp.eos_id(), "unk": sp.unk_id(), "add_bos": 0,
           "space_prefix": 1}
    write_vocab(os.path.join(outdir, "vocab.txt"), "llama", "default", tokens, scores,
                types, [], ids)
    cases = SPM_CASES + random_cases(200, 2)
    expected = [sp.encode(c) for c in cases]
    write_cases(outdir, cases, expected)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "gguf":
        gguf_reference(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "spm":
        spm_reference(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
