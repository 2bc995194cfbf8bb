/* The four real reading lists in tests/data/seeds: exact counts and a table
 * of entries checked by hand against the files (not copied from output). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "import/import.h"

#define U STATUS_UNREAD
#define R STATUS_READ

struct want {
	int line;
	const char *key, *arxiv;
	int version;
	const char *title, *authors;
	int year;
	enum paper_kind kind;
	enum paper_status status;
	const char *topic;      /* NULL: no topic */
};

struct counts {
	size_t entries, sections, topics;
	size_t kinds[KIND_COUNT];
	size_t read, unread;
	bool mojibake;
};

static struct import_result res;
static const char *seed_name;

static int load(const char *file)
{
	char *rel = xasprintf("seeds/%s", file);
	char *path = test_data(rel);
	free(rel);
	size_t len;
	char *err = NULL;
	char *text = file_read_all(path, &len, &err);
	seed_name = file;
	import_result_free(&res);
	if (!text) {
		ok(0, "read %s: %s", path, err);
		free(err);
		free(path);
		return -1;
	}
	int r = import_parse(path, text, len, &res, &err);
	ok(r == 0, "%s imports", file);
	free(err);
	free(text);
	free(path);
	return r;
}

static void check_counts(const struct counts *c)
{
	is(res.n_entries, c->entries, "%s: entries", seed_name);
	is(res.n_sections, c->sections, "%s: knowledge sections", seed_name);
	is(res.n_topics, c->topics, "%s: topics", seed_name);
	size_t kinds[KIND_COUNT] = {0}, read = 0, unread = 0;
	for (size_t i = 0; i < res.n_entries; i++) {
		kinds[res.entries[i].paper.kind]++;
		read += res.entries[i].paper.status == STATUS_READ;
		unread += res.entries[i].paper.status == STATUS_UNREAD;
	}
	for (int k = 0; k < KIND_COUNT; k++)
		is(kinds[k], c->kinds[k], "%s: %s entries", seed_name, paper_kind_name((enum paper_kind)k));
	is(read, c->read, "%s: read", seed_name);
	is(unread, c->unread, "%s: unread", seed_name);
	is(res.repaired_mojibake, c->mojibake, "%s: mojibake repaired or not", seed_name);
	bool safe = true;
	for (size_t i = 0; i < res.n_entries; i++)
		safe = safe && key_is_safe(res.entries[i].paper.key);
	ok(safe, "%s: every key is safe", seed_name);
}

static const struct paper *find(int line, const char *key)
{
	for (size_t i = 0; i < res.n_entries; i++)
		if (res.entries[i].line == line && strcmp(res.entries[i].paper.key, key) == 0)
			return &res.entries[i].paper;
	return NULL;
}

static void check_table(const struct want *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct paper *p = find(w[i].line, w[i].key);
		if (!ok(p != NULL, "%s:%d: entry %s", seed_name, w[i].line, w[i].key))
			continue;
		is_str(p->arxiv, w[i].arxiv, "  arxiv");
		is(p->arxiv_version, w[i].version, "  version");
		is_str(p->title, w[i].title, "  title");
		is_str(p->authors, w[i].authors, "  authors");
		is(p->year, w[i].year, "  year");
		is_str(paper_kind_name(p->kind), paper_kind_name(w[i].kind), "  kind");
		is_str(paper_status_name(p->status), paper_status_name(w[i].status), "  status");
		is_str(p->n_topics ? p->topics[0] : NULL, w[i].topic, "  topic");
	}
}

static const char *comment_of(int line, const char *key)
{
	const struct paper *p = find(line, key);
	return p ? p->comment : NULL;
}

static bool starts(const char *s, const char *prefix)
{
	return s && str_starts_with(s, prefix);
}

/* ---- 000: GitHub README ---- */

static void test_seed_000(void)
{
	static const char *const reason = "\xF0\x9F\xA7\xA0 Reasoning";
	static const char *const physio = "\xF0\x9F\x93\x8A Physiological Signals";
	static const struct want w[] = {
		{ 24, "comfyai", NULL, 0, "ComfyAI", NULL, 0, KIND_TOOL, U, "Tools" },
		{ 25, "verl", NULL, 0, "verl", NULL, 0, KIND_TOOL, U, "Tools" },
		{ 28, "braindecode", NULL, 0, "Braindecode", NULL, 0, KIND_TOOL, U, "Tools" },
		{ 34, "1707.06347", "1707.06347", 0, "Proximal Policy Optimization Algorithms",
		  "John Schulman, Filip Wolski, Prafulla Dhariwal, Alec Radford, Oleg Klimov", 2017,
		  KIND_PAPER, U, reason },
		{ 36, "understanding-the-math-behind-grpo-deepseek-r1-zero", NULL, 0,
		  "Understanding the Math Behind GRPO \xE2\x80\x94 DeepSeek-R1-Zero", "Soumanta Das, Yugen.ai",
		  2025, KIND_BLOG, U, reason },
		{ 38, "mixture-of-experts-moe-llms", NULL, 0, "Mixture-of-Experts (MoE) LLMs",
		  "Cameron R. Wolfe", 2025, KIND_BLOG, U, reason },
		{ 40, "2402.03300", "2402.03300", 0,
		  "DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models",
		  "Zhihong Shao, Peiyi Wang, Qihao Zhu, Runxin Xu, et al.", 2024, KIND_PAPER, U, reason },
		{ 43, "2509.23368", "2509.23368", 0,
		  "MedCritical: Enhancing Medical Reasoning in Small Language Models via Self-Collaborative Correction",
		  NULL, 2025, KIND_PAPER, U, reason },
		{ 46, "2508.20148", "2508.20148", 0, "The Anatomy of a Personal Health Agent",
		  "A. Ali Heydari, Ken Gu, Vidya Srinivas, Hong Yu, et al.", 2025, KIND_PAPER, U,
		  "\xF0\x9F\xA4\x96 Agent" },
		{ 50, "1802.05365", "1802.05365", 0, "Deep contextualized word representations (ELMo)",
		  "Matthew E. Peters, Mark Neumann, Mohit Iyyer, Matt Gardner, Christopher Clark, Kenton Lee, Luke Zettlemoyer",
		  2018, KIND_PAPER, U, "\xF0\x9F\x92\xAC Large Language Model" },
		{ 52, "2407.21783", "2407.21783", 0, "The Llama 3 Herd of Models", "Meta AI", 2024,
		  KIND_PAPER, U, "\xF0\x9F\x92\xAC Large Language Model" },
		{ 56, "encase-an-ensemble-classifier-for-ecg-classification-using-exper", NULL, 0,
		  "ENCASE: an ENsemble ClASsifiEr for ECG Classification Using Expert Features and Deep Neural Networks",
		  "Shenda Hong, Meng Wu, Yuxi Zhou, Qingyun Wang, Junyuan Shang, Hongyan Li, Junqing Xie",
		  2017, KIND_PAPER, U, physio },
		{ 59, "doi-10.1371_journal.pdig.0001037", NULL, 0,
		  "A lightweight deep neural network for personalized detecting ventricular arrhythmias from a single-lead ECG device",
		  "Zhejun Sun, Wenrui Zhang, Yuxi Zhou, Shijia Geng, et al.", 2025, KIND_PAPER, U, physio },
		{ 63, "2505.18847", "2505.18847", 0,
		  "Signal, Image, or Symbolic: Exploring the Best Input Representation for Electrocardiogram-Language Models Through a Unified Framework",
		  "William Han, Chaojing Duan, Zhepeng Cen, Yihang Yao, Xiaoyu Song, Atharva Mhaskar, Dylan Leong, Michael A. Rosenberg, Emerson Liu, Ding Zhao",
		  2025, KIND_PAPER, U, physio },
		{ 71, "2102.12092", "2102.12092", 0, "Zero-Shot Text-to-Image Generation (DALL-E)",
		  "Aditya Ramesh, Mikhail Pavlov, Gabriel Goh, Scott Gray, Chelsea Voss, Alec Radford, Mark Chen, Ilya Sutskever",
		  2021, KIND_PAPER, U, "\xF0\x9F\x94\xAC Multimodal" },
		{ 76, "2502.13923", "2502.13923", 0, "Qwen2.5-VL Technical Report", "Qwen Team, Alibaba", 2025,
		  KIND_PAPER, U, "\xF0\x9F\x94\xAC Multimodal" },
		{ 252, "introduction-to-deep-learning", NULL, 0, "Introduction to Deep Learning", NULL, 0,
		  KIND_COURSE, U, "Courses" },
		{ 255, "multimodal-machine-learning", NULL, 0, "Multimodal Machine Learning", NULL, 0,
		  KIND_COURSE, U, "Courses" },
	};
	static const struct counts c = {
		.entries = 46, .sections = 13, .topics = 21,
		.kinds = { [KIND_PAPER] = 31, [KIND_BLOG] = 4, [KIND_COURSE] = 6, [KIND_TOOL] = 5 },
		.read = 0, .unread = 46,
	};
	if (load("000_9c76cc561a9edaa1.txt") < 0)
		return;
	check_counts(&c);
	check_table(w, ARRAY_SIZE(w));
	is_str(comment_of(24, "comfyai"), "Collection of LLM techniques and workflows", "tool description is its comment");
	is_str(comment_of(252, "introduction-to-deep-learning"), "CMU 11-785, Fall 2025", "course description");
	is_str(comment_of(255, "multimodal-machine-learning"), "CMU 11-777", "secondary YouTube link dropped from it");
	is_str(res.topics[0], "Tools", "first topic");
	is_str(res.topics[1], reason, "no \"Papers and Blogs\" level");
	is_str(res.topics[20], "Courses", "last topic (no License)");
	const char *kb = "\xF0\x9F\x93\x96 AI/ML Knowledge";
	const char *rlhf = "\xF0\x9F\xA4\x96 Reinforcement Learning from Human Feedback (RLHF)";
	char *kb_rlhf = xasprintf("%s%s%s", kb, TOPIC_SEP, rlhf);
	is(res.sections[0].line, 82, "section 0 line");
	is_str(res.sections[0].topic, kb, "section 0 topic");
	is_str(res.sections[0].title, rlhf, "section 0 title");
	ok(starts(res.sections[0].body, "**Reinforcement Learning from Human Feedback (RLHF)** aligns"),
	   "section 0 body");
	is_str(res.sections[1].title, "\xF0\x9F\xA7\xAD Overview", "section 1 title");
	is_str(res.sections[1].topic, kb_rlhf, "section 1 topic");
	ok(starts(res.sections[1].body, "RLHF consists of three major stages:"), "section 1 body");
	is_str(res.sections[12].title, "\xF0\x9F\x93\x9A References", "section 12 title");
	ok(str_ends_with(res.sections[12].body, "Hugging Face TRL \xE2\x80\x94 PPO for RLHF"),
	   "section 12 body ends before the rule and Courses");
	is_str(res.sections[12].source, "000_9c76cc561a9edaa1.txt", "section source");
	free(kb_rlhf);
}

/* ---- 001: Jekyll post, mojibake, check marks, blurbs ---- */

static void test_seed_001(void)
{
	static const char *const seminal = "Seminal Architectures";
	static const char *const theory = "Training Theory and Improvements";
	static const char *const train = "How do I train my model?";
	static const struct want w[] = {
		{ 15, "neural-networks-and-deep-learning", NULL, 0, "Neural Networks and Deep Learning",
		  NULL, 2015, KIND_BOOK, R, "Fundamentals" },
		{ 19, "reinforcement-learning-an-introduction", NULL, 0,
		  "Reinforcement Learning: An Introduction", NULL, 2019, KIND_BOOK, R, "Fundamentals" },
		{ 26, "1312.6114", "1312.6114", 0, "Auto-Encoding Variational Bayes", NULL, 2013,
		  KIND_PAPER, R, seminal },
		{ 30, "1706.03762", "1706.03762", 0, "Attention Is All You Need", NULL, 2017,
		  KIND_PAPER, R, seminal },
		{ 38, "2312.00752", "2312.00752", 0,
		  "Mamba: Linear-Time Sequence Modeling with Selective State Spaces", NULL, 2023,
		  KIND_PAPER, U, seminal },
		{ 49, "2201.11903", "2201.11903", 0,
		  "Chain-of-Thought Prompting Elicits Reasoning in Large Language Models", NULL, 2022,
		  KIND_PAPER, R, "Language Modeling" },
		{ 53, "2504.02732", "2504.02732", 0, "Why do LLMs attend to the first token?", NULL, 0,
		  KIND_PAPER, R, "Language Modeling" },
		{ 61, "2205.14135", "2205.14135", 0,
		  "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness", NULL, 2022,
		  KIND_PAPER, U, "Language Modeling" },
		{ 68, "the-bitter-lesson", NULL, 0, "The Bitter Lesson", NULL, 2019, KIND_PAPER, R, theory },
		{ 84, "2505.24832", "2505.24832", 0, "How much do language models memorize?", NULL, 2025,
		  KIND_PAPER, R, theory },
		{ 92, "2402.17764", "2402.17764", 0,
		  "The Era of 1-bit LLMs: All Large Language Models are in 1.58 Bits", NULL, 0,
		  KIND_PAPER, U, theory },
		{ 103, "1711.05101", "1711.05101", 0, "Decoupled Weight Decay Regularization", NULL, 0,
		  KIND_PAPER, U, train },
		{ 127, "2106.09685", "2106.09685", 0, "LoRA: Low-Rank Adaptation of Large Language Models",
		  NULL, 2021, KIND_PAPER, U, train },
		{ 153, "mastering-the-game-of-go-without-human-knowledge", NULL, 0,
		  "Mastering the game of Go without human knowledge", NULL, 2017, KIND_PAPER, R,
		  "Specific Models" },
		{ 165, "2411.04732", "2411.04732", 0, "Convolutional Differentiable Logic Gate Networks",
		  NULL, 2024, KIND_PAPER, R, "Alternative Architectures" },
		{ 172, "doi-10.1007_s11023_012_9281_3", NULL, 0,
		  "The Superintelligent Will: Motivation and Instrumental Rationality in Advanced Artificial Agents",
		  NULL, 2012, KIND_PAPER, R, "Safety & the Future" },
		{ 176, "ai-2027", NULL, 0, "AI 2027", NULL, 2025, KIND_PAPER, U, "Safety & the Future" },
		{ 205, "epoch-ai", NULL, 0, "Epoch AI", NULL, 0, KIND_BLOG, U, "Other resources" },
		{ 209, "transformer-math-101", NULL, 0, "Transformer Math 101", NULL, 0, KIND_BLOG, R,
		  "Other resources" },
	};
	static const struct counts c = {
		.entries = 42, .sections = 0, .topics = 12,
		.kinds = { [KIND_PAPER] = 38, [KIND_BOOK] = 2, [KIND_BLOG] = 2 },
		.read = 22, .unread = 20, .mojibake = true,
	};
	if (load("001_a2d8f757cd1b6bfa.txt") < 0)
		return;
	check_counts(&c);
	check_table(w, ARRAY_SIZE(w));
	ok(starts(comment_of(15, "neural-networks-and-deep-learning"),
		  "I have been very vocal about my support for this text."), "blurb is the comment");
	ok(starts(comment_of(30, "1706.03762"), "*TO READ* No list would be complete"),
	   "blurb with a stale TO READ kept verbatim");
	ok(comment_of(38, "2312.00752") == NULL, "a lone TO READ is no comment");
	ok(starts(comment_of(165, "2411.04732"), "This pair of papers"), "blurb after a two-item list");
	ok(comment_of(164, "2210.08277") == NULL, "  belongs to the last item only");
	is_str(comment_of(205, "epoch-ai"), "*TO WRITE*", "TO WRITE is just a comment");
	bool clean = true;
	for (size_t i = 0; i < res.n_entries; i++) {
		const struct paper *p = &res.entries[i].paper;
		clean = clean && !strstr(p->title, "\xE2\x80\x9A\xC3\xBA") &&
			(!p->comment || !strstr(p->comment, "\xC3\x94\xE2\x88\x8F"));
	}
	ok(clean, "no mojibake left in titles and comments");
	is_str(res.topics[0], "Fundamentals", "first topic (front matter skipped)");
	is_str(res.topics[11], "Other resources", "last topic");
}

/* ---- 002: study notes ---- */

static void test_seed_002(void)
{
	static const char *const b3 = "Models > Series > Neural Network, 3Blue1Brown";
	static const char *const reasoning = "Models > Reasoning";
	static const char *const instruct =
		"Models > Post-training > Training language models to follow instructions with human feedback (openai, 2022)";
	static const struct want w[] = {
		{ 3, "intro-to-large-language-models-andrej-karpathy", NULL, 0,
		  "Intro to Large Language Models, Andrej Karpathy", NULL, 0, KIND_VIDEO, U, "Models > Series" },
		{ 49, "chapter-1-neural-network-multilayer-perceptron", NULL, 0,
		  "Chapter 1. neural network (multilayer perceptron)", NULL, 0, KIND_VIDEO, U, b3 },
		{ 95, "chapter-6-attention-in-transformers", NULL, 0, "Chapter 6. Attention in transformers",
		  NULL, 0, KIND_VIDEO, U, b3 },
		{ 113, "the-spelled-out-intro-to-neural-networks-and-backpropagation-bui", NULL, 0,
		  "The spelled-out intro to neural networks and backpropagation: building micrograd", NULL, 0,
		  KIND_VIDEO, U, "Models > Series > Neural Networks: Zero to Hero" },
		{ 268, "chain-of-thought-prompting-elicits-reasoning-in-large-language-m", NULL, 0,
		  "Chain-of-Thought Prompting Elicits Reasoning in Large Language Models", "Wei et al.", 2022,
		  KIND_PAPER, U, reasoning },
		{ 274, "react", NULL, 0, "ReAct", "Yao et al.", 2023, KIND_PAPER, U, reasoning },
		{ 285, "tree-of-thought", NULL, 0, "Tree of Thought", "Yao et al.", 2023, KIND_PAPER, U, reasoning },
		{ 293, "training-language-models-to-follow-instructions-with-human-feedb", NULL, 0,
		  "Training language models to follow instructions with human feedback", "openai", 2022,
		  KIND_PAPER, U, "Models > Post-training" },
		{ 306, "chip-huyen", NULL, 0, "Chip Huyen", NULL, 0, KIND_BLOG, U, instruct },
		{ 309, "yannic-kilcher", NULL, 0, "Yannic Kilcher", NULL, 0, KIND_VIDEO, U, instruct },
		{ 377, "prompt-engineer-guide", NULL, 0, "Prompt Engineer Guide", NULL, 0, KIND_OTHER, U,
		  "Prompt Engineering" },
		{ 740, "2312.05934", "2312.05934", 0, "finetuning or retrieval", NULL, 0, KIND_PAPER, U,
		  "Applications > AI Engineering, Chip Huyen > Chapter 7, Finetuning > RAG & Finetuning" },
		{ 790, "flow-engineering", NULL, 0, "Flow Engineering", NULL, 0, KIND_VIDEO, U, "Applications" },
		{ 814, "orchestrating-agents-openai-swarm", NULL, 0, "orchestrating agents (openai swarm)",
		  NULL, 0, KIND_PAPER, U, "Applications > Agents" },
		{ 841, "2404.16130", "2404.16130", 0, "GraphRAG paper", NULL, 0, KIND_PAPER, U,
		  "Applications > RAG" },
		{ 873, "https-www-valentinog-com-blog-caging-the-agent", NULL, 0,
		  "https://www.valentinog.com/blog/caging-the-agent/", NULL, 0, KIND_BLOG, U,
		  "Applications > Code Execution" },
		{ 900, "understand-reasoning-llms", NULL, 0, "Understand Reasoning LLMs", NULL, 0, KIND_BLOG,
		  U, "Talks" },
		{ 909, "building-effective-agents", NULL, 0, "Building effective agents", NULL, 0, KIND_PAPER,
		  U, "Talks" },
		{ 925, "background", NULL, 0, "background", NULL, 0, KIND_PAPER, U,
		  "Talks > Tracing the thoughts of LLMs paper club" },
	};
	static const struct counts c = {
		.entries = 37, .sections = 49, .topics = 92,
		.kinds = { [KIND_PAPER] = 17, [KIND_VIDEO] = 11, [KIND_BLOG] = 8, [KIND_OTHER] = 1 },
		.read = 0, .unread = 37,
	};
	if (load("002_dddfcf9a940ea554.txt") < 0)
		return;
	check_counts(&c);
	check_table(w, ARRAY_SIZE(w));
	is(res.sections[0].line, 3, "first section line");
	is_str(res.sections[0].topic, "Models > Series", "  topic");
	is_str(res.sections[0].title, "Intro to Large Language Models, Andrej Karpathy", "  title");
	ok(starts(res.sections[0].body, "* LLM in practice consists of two files"), "  body");
	ok(starts(comment_of(3, "intro-to-large-language-models-andrej-karpathy"),
		  "* LLM in practice consists of two files"), "a video heading's notes are its comment");
	bool qa1 = false, qa2 = false;
	for (size_t i = 0; i < res.n_sections; i++) {
		if (strcmp(res.sections[i].title, "inference process") == 0)
			qa1 = strstr(res.sections[i].body, "Q: do model take tensors or input IDs as input?") != NULL;
		if (strcmp(res.sections[i].title, "Agent") == 0)
			qa2 = strstr(res.sections[i].body, "Q: chat GPT is a general purpose agent") != NULL;
	}
	ok(qa1, "Q:/A. line in the \"inference process\" section");
	ok(qa2, "Q: line in the \"Agent\" section");
	is(res.sections[48].line, 910, "last section line");
	is_str(res.sections[48].title, "Visual Autoregressive (VAR) Modeling NeurIPS 2024 paper club", "  title");
}

/* ---- 004: Obsidian note ---- */

static void test_seed_004(void)
{
	static const char *const sys = "sys/inference optimization";
	static const struct want w[] = {
		{ 1, "2412.15287", "2412.15287", 0, "arXiv:2412.15287", NULL, 0, KIND_PAPER, U, NULL },
		{ 6, "prime", NULL, 0, "prime", NULL, 0, KIND_PAPER, U, NULL },
		{ 11, "nvidia-cosmos-2", NULL, 0, "Nvidia Cosmos 2", NULL, 0, KIND_PAPER, R, NULL },
		{ 22, "2501.00656", "2501.00656", 0, "olmo", NULL, 0, KIND_PAPER, R, NULL },
		{ 25, "ditto", NULL, 0, "ditto", NULL, 0, KIND_PAPER, R, NULL },
		{ 27, "2411.19842", "2411.19842", 0, "Stable Diffusion audio codec", NULL, 0, KIND_PAPER, U, NULL },
		{ 35, "grok-1", NULL, 0, "grok 1", NULL, 0, KIND_PAPER, U, NULL },
		{ 37, "1907.05242", "1907.05242", 0, "Large Memory Layers with Product Keys", NULL, 0,
		  KIND_PAPER, U, NULL },
		{ 43, "location-verification-for-ai-chips", NULL, 0, "Location Verification for AI chips",
		  NULL, 0, KIND_PAPER, U, NULL },
		{ 47, "2406.04313", "2406.04313", 0,
		  "Improving Alignment and Robustness with Circuit Breakers (s/o rowan for coauthoring)", NULL,
		  0, KIND_PAPER, U, NULL },
		{ 53, "binlear-mlps-for-interp", NULL, 0, "Binlear MLPs for Interp", NULL, 0, KIND_PAPER, U, NULL },
		{ 59, "0905.3587", "0905.3587", 0,
		  "Prediction, Retrodiction, and The Amount of Information Stored in the Present", NULL, 0,
		  KIND_PAPER, U, NULL },
		{ 62, "sasha-rush-awesome-outdated", NULL, 0, "sasha rush awesome (outdated?)", NULL, 0,
		  KIND_OTHER, U, NULL },
		{ 87, "ray-python-dist-package", NULL, 0, "ray python dist package", NULL, 0, KIND_TOOL, U, sys },
		{ 93, "streamingllm-linformer", NULL, 0, "streamingllm, linformer", NULL, 0, KIND_PAPER, R, sys },
		{ 108, "the-logit-lens-blogpost", NULL, 0, "the logit lens (blogpost)", NULL, 0, KIND_BLOG, U,
		  "interp" },
		{ 133, "2410.07149", "2410.07149", 0, "arXiv:2410.07149", NULL, 0, KIND_PAPER, R, "interp" },
		{ 159, "pi-s-new-paper-read", NULL, 0, "pi's new paper (read ?" "?)", NULL, 0, KIND_PAPER, R,
		  "robotics/rl" },
		{ 160, "2410.11758", "2410.11758", 1, "action latents", NULL, 0, KIND_PAPER, R, "robotics/rl" },
		{ 166, "figure-out-diffusion-normalizing-flow-flow-forcing-fr", NULL, 0,
		  "figure out diffusion/normalizing flow/flow forcing, fr", NULL, 0, KIND_PAPER, U, "diffusion" },
		{ 170, "2206.00364", "2206.00364", 0, "william brandon", NULL, 0, KIND_PAPER, U, "diffusion" },
		{ 225, "2408.08152", "2408.08152", 0, "deepseek prover", NULL, 0, KIND_PAPER, U, "miscell" },
		{ 226, "little-book-of-dl", NULL, 0, "little book of dl", NULL, 0, KIND_BOOK, U, "miscell" },
	};
	static const struct counts c = {
		.entries = 86, .sections = 18, .topics = 9,
		.kinds = { [KIND_PAPER] = 75, [KIND_TOOL] = 2, [KIND_BLOG] = 2, [KIND_OTHER] = 6,
			   [KIND_BOOK] = 1 },
		.read = 18, .unread = 68,
	};
	if (load("004_42f50f61320b0ea8.txt") < 0)
		return;
	check_counts(&c);
	check_table(w, ARRAY_SIZE(w));
	const struct paper *p = find(35, "grok-1");
	ok(p && !p->url && !p->arxiv, "grok 1 has no link");
	p = find(166, "figure-out-diffusion-normalizing-flow-flow-forcing-fr");
	is_str(p ? p->url : NULL, "https://boyuan.space/diffusion-forcing/", "a task's link after prose");
	ok(starts(comment_of(11, "nvidia-cosmos-2"), "- AE:\n- start with Haar 3D wavelet"),
	   "nested notes are the comment, dedented");
	ok(starts(comment_of(27, "2411.19842"), "(400-700 bps!!)\n\n- patch ViT style"),
	   "tail description, then notes");
	ok(strstr(comment_of(197, "2410.10629"), "- [ ] some Flow-DPM math") != NULL,
	   "a nested task stays in the notes");
	is(res.sections[0].line, 11, "first section: notes of Nvidia Cosmos 2");
	is_str(res.sections[0].title, "Nvidia Cosmos 2", "  title");
	ok(res.sections[0].topic == NULL, "  no topic");
	is(res.sections[4].line, 75, "the \"what i learned\" bullet");
	is_str(res.sections[4].title, "what i learned from william brandon", "  title");
	is_str(res.sections[4].topic, sys, "  topic");
	ok(starts(res.sections[4].body, "- nvidia gpus have two caches, L2 and L1"), "  body");
	is_str(res.sections[17].title, "BERT and original transformers", "last section");
}

int main(void)
{
	test_seed_000();
	test_seed_001();
	test_seed_002();
	test_seed_004();
	import_result_free(&res);
	return done_testing();
}
