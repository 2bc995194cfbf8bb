#!/usr/bin/env python3
"""Write a realistic large reading-list library for the benchmarks.

Usage: gen-library.py OUTDIR [--papers N] [--lists K] [--seed S]

Writes OUTDIR/list-1.md ... list-K.md in the style of the seed lists:
emoji `##` topics with `###` subtopics, `**[Title](https://arxiv.org/abs/ID)**
- Authors (Year)` bullets, `- [x]`/`- [ ]` task marks on some lists, blurbs
and nested notes under some papers, and a few non-arXiv links (blogs,
videos, code). Deterministic for a given seed. N papers in all (default
10,000), every one with a distinct title and arXiv id.
"""
import argparse
import os
import random

TOPICS = [
    ("🧠 Reasoning", ["Chain of Thought", "Reinforcement Learning", "Math", "Planning"]),
    ("🤖 Agent", ["Tool Use", "Web Agents", "Multi-Agent", "Memory"]),
    ("💬 Large Language Model", ["Architecture", "Training", "Alignment", "Inference", "Scaling"]),
    ("📊 Physiological Signals", ["ECG", "EEG", "PPG", "Wearables"]),
    ("🔬 Multimodal", ["Vision-Language", "Audio", "Video", "Diffusion"]),
    ("🧬 Biology", ["Protein Folding", "Genomics"]),
    ("🎮 Reinforcement Learning", ["Policy Gradient", "Offline RL", "World Models"]),
    ("📚 Knowledge", ["Retrieval", "Knowledge Graphs"]),
    ("深度学习 基础", ["优化", "正则化"]),
    ("🔒 Safety", ["Interpretability", "Robustness", "Red Teaming"]),
]

WORDS = ("attention transformer diffusion reasoning policy optimization language model "
         "scaling laws sparse mixture experts retrieval augmented generation contrastive "
         "self-supervised representation learning graph neural network reward preference "
         "alignment instruction tuning chain thought planning agent memory tool multimodal "
         "vision audio speech video benchmark evaluation efficient quantization distillation "
         "pruning low-rank adaptation latent flow matching consistency autoregressive "
         "tokenizer byte-level long-context positional rotary embedding kernel fusion "
         "electrocardiogram signal wearable sleep arrhythmia protein structure molecule "
         "causal inference uncertainty calibration robustness adversarial interpretability "
         "circuits probing emergent in-context few-shot zero-shot curriculum synthetic data "
         "world model offline online exploration value function actor critic").split()
CAPS = ["DeepSeek", "LLaMA", "GPT", "Mamba", "Qwen", "Gemini", "Mistral", "CLIP", "BERT",
        "T5", "PaLM", "Phi", "OLMo", "Sora", "Flux", "ViT", "DINO", "SAM"]
FIRST = ("Alec Noam Ashish Jakob Llion Aidan Lukasz Illia Yann Yoshua Geoffrey Ilya Oriol "
         "Shunyu Dian Jeffrey Zhihong Peiyi Qihao Runxin Timo Jane Edward Yelong Long Jeff "
         "Rafael Archit Soumanta Shirley Cameron Chelsea Percy Fei-Fei Andrej Jiaxin Mei "
         "Søren Zoë José François Łukasz Müller Ayşe").split()
LAST = ("Radford Shazeer Vaswani Uszkoreit Jones Gomez Kaiser Polosukhin LeCun Bengio Hinton "
        "Sutskever Vinyals Yao Yu Zhao Shao Wang Zhu Xu Schick Dwivedi-Yu Hu Shen Ouyang Wu "
        "Rafailov Sharma Das Li Wolfe Finn Liang Karpathy Zhang Chen Nielsen Brontë García "
        "Dupont Schmidt Öztürk 王 李 张").split()
BLURBS = [
    "Key idea: {w1} helps {w2} at scale.",
    "*TO READ* Recommended by the reading group.",
    "Good baseline for {w1}; compare with the {c} paper.",
    "Read the appendix on {w2} first.",
]


def title(rng, used):
    while True:
        n = rng.randint(4, 11)
        words = [rng.choice(WORDS) for _ in range(n)]
        if rng.random() < 0.4:
            words.insert(0, rng.choice(CAPS) + "-" + str(rng.randint(1, 9)) + ":")
        t = " ".join(words)
        t = t[0].upper() + t[1:]
        if t not in used:
            used.add(t)
            return t


def authors(rng):
    n = rng.choice([1, 2, 3, 3, 4, 5, 8])
    names = [rng.choice(FIRST) + " " + rng.choice(LAST) for _ in range(n)]
    s = ", ".join(names)
    if n >= 5 and rng.random() < 0.5:
        s = ", ".join(names[:4]) + ", et al."
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--papers", type=int, default=10000)
    ap.add_argument("--lists", type=int, default=4)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    used = set()
    per_list = [a.papers // a.lists + (1 if i < a.papers % a.lists else 0) for i in range(a.lists)]
    serial = 0
    for li, count in enumerate(per_list):
        tasks = li % 2 == 1  # every other list uses - [x] / - [ ] task marks
        lines = [f"# 📚 Research Papers Collection {li + 1}", "",
                 "A curated collection of research papers I'm reading, have read, or plan to read.", ""]
        # spread the papers over the subtopics of this list's share of topics
        slots = [(t, s) for t, subs in TOPICS for s in subs]
        rng.shuffle(slots)
        slots = sorted(slots[: max(8, len(slots) * 3 // 4)], key=lambda x: [t for t, _ in TOPICS].index(x[0]))
        shares = [count // len(slots) + (1 if i < count % len(slots) else 0) for i in range(len(slots))]
        current = None
        for (topic, sub), k in zip(slots, shares):
            if topic != current:
                lines += ["", f"## {topic}"]
                current = topic
            lines += ["", f"### {sub}"]
            for _ in range(k):
                serial += 1
                year = rng.randint(2015, 2025)  # five-digit arXiv numbers
                yy = year % 100
                ident = f"{yy:02d}{rng.randint(1, 12):02d}.{serial:05d}"
                t = title(rng, used)
                r = rng.random()
                if r < 0.9:
                    url = f"https://arxiv.org/abs/{ident}"
                elif r < 0.95:
                    url = f"https://medium.com/blog/{serial}-" + t.lower().replace(" ", "-")[:40]
                else:
                    url = f"https://github.com/example/repo-{serial}"
                mark = ""
                if tasks:
                    mark = "[x] " if rng.random() < 0.3 else "[ ] "
                lines.append(f"- {mark}**[{t}]({url})** - {authors(rng)} ({year})")
                if rng.random() < 0.15:
                    b = rng.choice(BLURBS).format(w1=rng.choice(WORDS), w2=rng.choice(WORDS), c=rng.choice(CAPS))
                    lines.append(f"\t- {b}")
                    if rng.random() < 0.3:
                        lines.append(f"\t- {rng.choice(WORDS)} vs {rng.choice(WORDS)}: see section {rng.randint(2, 6)}")
        with open(os.path.join(a.outdir, f"list-{li + 1}.md"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    print(f"{serial} papers in {a.lists} lists under {a.outdir}")


if __name__ == "__main__":
    main()
