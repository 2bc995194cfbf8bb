/* Unit tests for src/import: each form a reading list uses, and input that
 * must not crash, hang or blow up. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "import/import.h"

static struct import_result res;

/* Parse md into the global result (freed by the next call). */
static int parse_len(const char *md, size_t len)
{
	char *err = NULL;
	import_result_free(&res);
	int r = import_parse("forms.md", md, len, &res, &err);
	if (r < 0) {
		printf("# error: %s\n", err ? err : "(none)");
		free(err);
	}
	return r;
}

static int parse(const char *md)
{
	return parse_len(md, strlen(md));
}

static const struct paper *entry(size_t i)
{
	return i < res.n_entries ? &res.entries[i].paper : NULL;
}

static const char *title(size_t i)
{
	return entry(i) ? entry(i)->title : NULL;
}

static const char *arxiv(size_t i)
{
	return entry(i) ? entry(i)->arxiv : NULL;
}

static const char *topic(size_t i)
{
	return entry(i) && entry(i)->n_topics ? entry(i)->topics[0] : NULL;
}

static int status(size_t i)
{
	return entry(i) ? (int)entry(i)->status : -1;
}

static int kind(size_t i)
{
	return entry(i) ? (int)entry(i)->kind : -1;
}

static void test_bold_link_authors_year(void)
{
	parse("## Papers\n- **[LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685v2)** - "
	      "Edward J. Hu, Yelong Shen, et al. (2021)\n");
	is(res.n_entries, 1, "bold link bullet: one entry");
	is_str(title(0), "LoRA: Low-Rank Adaptation", "  title without **");
	is_str(arxiv(0), "2106.09685", "  arXiv id");
	is(entry(0)->arxiv_version, 2, "  version kept separately");
	is_str(entry(0)->key, "2106.09685", "  key is the arXiv id");
	is_str(entry(0)->authors, "Edward J. Hu, Yelong Shen, et al.", "  authors");
	is(entry(0)->year, 2021, "  year");
	is_str(entry(0)->url, "https://arxiv.org/abs/2106.09685v2", "  url as written");
	is_str(topic(0), "Papers", "  topic");
	ok(entry(0)->comment == NULL, "  no comment");
}

static void test_plain_link_year(void)
{
	parse("- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)(2017)\n"
	      "- [Stochastic Neighbor Embedding](https://proceedings.neurips.cc/paper/x.pdf)\n");
	is(res.n_entries, 2, "plain links: two entries");
	is(entry(0)->year, 2017, "  (2017) right after the link");
	is_str(title(1), "Stochastic Neighbor Embedding", "  link without year");
	is(entry(1)->year, 0, "  no year");
	is_str(entry(1)->key, "stochastic-neighbor-embedding", "  key is a slug of the title");
	ok(topic(0) == NULL, "  no heading: no topic");
}

static void test_tasks(void)
{
	parse("- [x] [olmo](https://arxiv.org/pdf/2501.00656)\n"
	      "- [ ] [yarn](https://arxiv.org/pdf/2309.00071)\n"
	      "- [X] vqvae\n"
	      "- [ ] grok 1\n"
	      "- [ ] \n"
	      "- [ ] some Flow-DPM math \xE2\x8F\xAB \xF0\x9F\x93\x85 2025-01-12\n");
	is(res.n_entries, 5, "task items: five entries (the empty task is none)");
	is(status(0), STATUS_READ, "  [x] is read");
	is(status(1), STATUS_UNREAD, "  [ ] is unread");
	is(status(2), STATUS_READ, "  [X] is read");
	is_str(title(2), "vqvae", "  task without link");
	is_str(title(3), "grok 1", "  title only");
	ok(entry(3)->url == NULL && entry(3)->arxiv == NULL, "  no url, no id");
	is_str(entry(3)->key, "grok-1", "  slug key");
	is_str(title(4), "some Flow-DPM math", "  Obsidian Tasks marks removed");
}

static void test_check_marks(void)
{
	static const char *const marks[] = {
		"\xE2\x9C\x94\xEF\xB8\x8F", "\xE2\x9C\x94", "\xE2\x9C\x93", "\xE2\x9C\x85",
		"\xE2\x98\x91",
	};
	for (size_t i = 0; i < ARRAY_SIZE(marks); i++) {
		char *md = xasprintf("- %s [Paper %zu](https://example.org/p%zu)\n", marks[i], i, i);
		parse(md);
		is(res.n_entries, 1, "check mark %zu: one entry", i);
		is(status(0), STATUS_READ, "  check mark %zu means read", i);
		char *want = xasprintf("Paper %zu", i);
		is_str(title(0), want, "  check mark not in the title");
		free(want);
		free(md);
	}
	parse("- \xE2\x9C\x94\xEF\xB8\x8F Adam (2014)\n- plain bullet\n");
	is(res.n_entries, 1, "a checked item without link is an entry, a plain bullet is not");
	is(entry(0)->year, 2014, "  its year");
	is_str(title(0), "Adam", "  its title");
}

static void test_to_read(void)
{
	parse("## Models\n\n"
	      "- [Mamba](https://arxiv.org/abs/2312.00752) (2023)\n\n*TO READ*\n\n"
	      "- \xE2\x9C\x94\xEF\xB8\x8F [Attention](https://arxiv.org/abs/1706.03762) (2017)\n\n"
	      "*TO READ* No list would be complete without it.\n\n"
	      "- [Layer Normalization](https://arxiv.org/pdf/1607.06450) *TO READ*\n");
	is(res.n_entries, 3, "TO READ: three entries");
	is(status(0), STATUS_UNREAD, "  TO READ blurb: unread");
	ok(entry(0)->comment == NULL, "  a bare TO READ is not kept as comment");
	is(status(1), STATUS_READ, "  check mark wins over TO READ");
	is_str(entry(1)->comment, "*TO READ* No list would be complete without it.",
	       "  a blurb with more text is kept verbatim");
	is(status(2), STATUS_UNREAD, "  TO READ on the line: unread");
	is_str(title(2), "Layer Normalization", "  marker not in the title");
}

static void test_blurb(void)
{
	parse("## Fundamentals\nIntro paragraph, not a blurb.\n\n"
	      "- [Neural Networks and Deep Learning](http://neuralnetworksanddeeplearning.com/) (2015)\n\n"
	      "I have been very vocal about my support for this text.\n\n"
	      "Second paragraph.\n\n"
	      "## Next\n\nNot a blurb either.\n");
	is(res.n_entries, 1, "blurb: one entry");
	is_str(entry(0)->comment, "I have been very vocal about my support for this text.\n\nSecond paragraph.",
	       "  paragraphs after the list are its comment");
	is(kind(0), KIND_BOOK, "  \"this text\" in the blurb: a book");
	is(res.n_sections, 0, "  no knowledge sections");
}

static void test_title_then_url(void)
{
	parse("Large Memory Layers with Product Keys\nhttps://arxiv.org/pdf/1907.05242\n"
	      "Location Verification for AI chips\nhttps://example.com/Location%2BVerification.pdf\n"
	      "https://arxiv.org/pdf/2412.15287\n"
	      "sana, again\n");
	is(res.n_entries, 3, "title line + URL line: three entries");
	is_str(title(0), "Large Memory Layers with Product Keys", "  title from the line above");
	is_str(arxiv(0), "1907.05242", "  id from the URL");
	is(res.entries[0].line, 1, "  line of the title");
	is_str(title(1), "Location Verification for AI chips", "  second pair");
	is(res.entries[1].line, 3, "  its line");
	is_str(title(2), "arXiv:2412.15287", "  a URL with no title line");
	parse("- [ ] PRIME\nPatchscope: A Unifying Framework\nhttps://arxiv.org/pdf/2401.06102\n");
	is(res.n_entries, 2, "pairs running on in a list item are entries too");
	is_str(title(1), "Patchscope: A Unifying Framework", "  their title");
	is(res.entries[1].line, 2, "  their line");
}

static void test_bare_arxiv(void)
{
	parse("- Some Paper arXiv:2106.09685v3\n- arXiv:hep-th/9901001\n"
	      "Another one, arXiv: 1412.6980\n");
	is(res.n_entries, 3, "bare arXiv ids: three entries");
	is_str(title(0), "Some Paper", "  title before the id");
	is(entry(0)->arxiv_version, 3, "  version");
	is_str(entry(0)->url, "https://arxiv.org/abs/2106.09685", "  url made from the id");
	is_str(arxiv(1), "hep-th/9901001", "  old-style id");
	is_str(entry(1)->key, "hep-th_9901001", "  old-style key");
	ok(key_is_safe(entry(1)->key), "  key is safe");
	is_str(title(1), "arXiv:hep-th/9901001", "  id as title when nothing else");
	is_str(arxiv(2), "1412.6980", "  in a paragraph line");
}

static void test_reference_links(void)
{
	parse("- [Adam][adam] (2014)\n- [Go][] (2017)\n\n"
	      "[adam]: https://arxiv.org/abs/1412.6980\n[Go]: https://www.nature.com/articles/nature24270\n");
	is(res.n_entries, 2, "reference-style links: two entries");
	is_str(arxiv(0), "1412.6980", "  resolved destination");
	is(entry(0)->year, 2014, "  year");
	is_str(entry(1)->url, "https://www.nature.com/articles/nature24270", "  collapsed reference");
	is(kind(1), KIND_PAPER, "  nature.com is a paper");
}

static void test_autolinks(void)
{
	parse("- <https://arxiv.org/abs/2303.18223>\n- OpenAI tokenizer: https://platform.openai.com/tokenizer\n"
	      "- www.example.org/paper\n");
	is(res.n_entries, 3, "autolinks: three entries");
	is_str(arxiv(0), "2303.18223", "  <URL> autolink");
	is_str(title(1), "OpenAI tokenizer", "  label before a bare URL");
	is_str(entry(1)->url, "https://platform.openai.com/tokenizer", "  its url");
	ok(entry(2)->url && strstr(entry(2)->url, "www.example.org/paper"), "  www autolink");
}

static void test_tables(void)
{
	parse("## Table\n\n| Paper | Authors | Year | Read |\n|---|---|---|---|\n"
	      "| [Deep Residual Learning](https://arxiv.org/abs/1512.03385) | He et al. | 2015 | \xE2\x9C\x85 |\n"
	      "| U-Net | Ronneberger | 2015 | arXiv:1505.04597 |\n"
	      "| No link here | Nobody | 2020 | |\n");
	is(res.n_entries, 2, "table: two rows with links or ids");
	is_str(title(0), "Deep Residual Learning", "  title column");
	is_str(entry(0)->authors, "He et al.", "  authors column");
	is(entry(0)->year, 2015, "  year column");
	is(status(0), STATUS_READ, "  status column with a check mark");
	is_str(arxiv(1), "1505.04597", "  arXiv id in a cell");
	is_str(title(1), "U-Net", "  title column without link");
	is(res.entries[1].line, 6, "  row line");
}

static void test_not_papers(void)
{
	parse("# My List\n\n## Contents\n- [Reasoning](#reasoning)\n- [Agents](#agents)\n\n"
	      "[![CI](https://img.shields.io/badge/x.svg)](https://github.com/a/b/actions)\n\n"
	      "## Reasoning\n"
	      "- [Tree of Thoughts](https://arxiv.org/abs/2305.10601) [code](https://github.com/princeton-nlp/tree-of-thought-llm)\n"
	      "- see [[famous architectures]]\n"
	      "- notes in [micrograd](micrograd.ipynb)\n\n"
	      "## License\nMIT, see [LICENSE](LICENSE).\n");
	is(res.n_entries, 1, "TOC, badges, wiki and relative links, repo links: one entry");
	is_str(arxiv(0), "2305.10601", "  the paper, not its code");
	is_str(topic(0), "Reasoning", "  topic");
	is(res.n_topics, 1, "  title, contents and license are not topics");
	is_str(res.n_topics ? res.topics[0] : NULL, "Reasoning", "  the topic");
	parse("## Tools\n- **[verl](https://github.com/volcengine/verl)** - RL for LLMs\n");
	is(res.n_entries, 1, "a repository alone under Tools is an entry");
	is(kind(0), KIND_TOOL, "  a tool");
	is_str(entry(0)->comment, "RL for LLMs", "  description as comment");
}

static void test_kinds(void)
{
	parse("- [Talk](https://www.youtube.com/watch?v=x)\n- [Post](https://medium.com/@a/b)\n"
	      "- [News](https://someone.substack.com/p/x)\n- [Awesome](https://github.com/a/awesome-x)\n"
	      "- [Little book of DL](https://fleuret.org/lbdl.pdf)\n"
	      "- [Intro class](https://deeplearning.cs.cmu.edu/course/)\n");
	is(kind(0), KIND_VIDEO, "YouTube: video");
	is(kind(1), KIND_BLOG, "Medium: blog");
	is(kind(2), KIND_BLOG, "Substack: blog");
	is(kind(3), KIND_OTHER, "awesome list repository: other");
	is(kind(4), KIND_BOOK, "\"book\" in the title: book");
	is(kind(5), KIND_COURSE, "course URL: course");
	parse("## \xF0\x9F\x8E\x93 Courses\n- [Anything](https://example.org/x)\n"
	      "## Books\n- [Sutton and Barto](http://incompleteideas.net/book/the-book-2nd.html)\n");
	is(kind(0), KIND_COURSE, "under a Courses heading (emoji stripped): course");
	is_str(topic(0), "\xF0\x9F\x8E\x93 Courses", "  topic keeps its emoji");
	is(kind(1), KIND_BOOK, "under Books: book");
}

static void test_topics(void)
{
	parse("# Collection\n\n## Papers and Blogs\n\n### \xF0\x9F\xA7\xA0 Reasoning\n- [A](https://arxiv.org/abs/2305.10601)\n"
	      "#### Sub\n- [B](https://arxiv.org/abs/2402.03300)\n"
	      "## Other\n- [C](https://arxiv.org/abs/1707.06347)\n");
	is(res.n_entries, 3, "topics: three entries");
	is_str(topic(0), "\xF0\x9F\xA7\xA0 Reasoning", "  title and grouping heading are not levels");
	is_str(topic(1), "\xF0\x9F\xA7\xA0 Reasoning > Sub", "  levels joined with TOPIC_SEP");
	is_str(topic(2), "Other", "  a later heading of the same level");
	is(res.n_topics, 3, "  three topic paths");
}

static void test_knowledge(void)
{
	parse("## \xF0\x9F\x93\x96 Knowledge\n### RLHF\nIntro text.\n#### Overview\n1. one\n2. two\n\n---\n"
	      "## Papers\n- [x] [P](https://arxiv.org/abs/2106.09685)\n\t- nested note\n\t- another\n"
	      "- what I learned:\n\t- a point\n"
	      "## Study\n* a note\n    * Q: why? A. because\n");
	is(res.n_sections, 5, "knowledge: five sections");
	if (res.n_sections == 5) {
		is_str(res.sections[0].title, "RLHF", "  heading under Knowledge");
		is_str(res.sections[0].topic, "\xF0\x9F\x93\x96 Knowledge", "  its topic");
		is_str(res.sections[0].body, "Intro text.", "  its body");
		is_str(res.sections[1].body, "1. one\n2. two", "  body without the rule");
		is_str(res.sections[1].source, "forms.md", "  source");
		is(res.sections[1].line, 4, "  line of the heading");
		is_str(res.sections[2].title, "P", "  notes under a paper");
		is_str(res.sections[2].body, "- nested note\n- another", "  dedented");
		is_str(res.sections[3].title, "what I learned", "  a bullet with nested notes");
		is_str(res.sections[4].title, "Study", "  a section of notes");
		ok(strstr(res.sections[4].body, "Q: why? A. because") != NULL, "  Q/A lines kept");
	}
	is_str(entry(0)->comment, "- nested note\n- another", "the notes are the paper's comment");
	is(res.n_entries, 1, "nested notes are not entries");
}

static void test_heading_entries(void)
{
	parse("# Models\n## Reasoning\n### Yao et al. ReAct (2023)\n* acting and reasoning\n"
	      "### [GraphRAG paper](https://arxiv.org/abs/2404.16130)\n* strong paper\n"
	      "## Building effective agents: https://www.anthropic.com/engineering/x\n# Other\n");
	is(res.n_entries, 3, "headings as entries: three");
	is_str(title(0), "ReAct", "  paper heading title");
	is_str(entry(0)->authors, "Yao et al.", "  et al. authors");
	is(entry(0)->year, 2023, "  year");
	is_str(topic(0), "Models > Reasoning", "  topic is the path above");
	is_str(entry(0)->comment, "* acting and reasoning", "  section text is the comment");
	is_str(arxiv(1), "2404.16130", "  link heading");
	is_str(title(2), "Building effective agents", "  label: URL heading");
	is_str(topic(2), "Models", "  its topic");
}

/* Digests: a paper heading whose links are a line of labels below it. A
 * heading over prose that starts with a label link is a topic, not a paper. */
static void test_heading_label_lines(void)
{
	parse("## Day 1\n### Genie: Generative Interactive Environments\n"
	      "[arXiv](https://arxiv.org/abs/2402.15391) | [PDF](https://arxiv.org/pdf/2402.15391)\n\n"
	      "**Authors:** Jake Bruce, Michael Dennis\n\n"
	      "## Ideas\n[paper](https://arxiv.org/abs/2106.09685) shows that a low rank is enough.\n");
	is(res.n_entries, 2, "label line under a heading: the heading's paper, and the prose link");
	is_str(title(0), "Genie: Generative Interactive Environments", "  title from the heading");
	is_str(arxiv(0), "2402.15391", "  link from the labels");
	is_str(entry(0)->authors, "Jake Bruce, Michael Dennis", "  authors line");
	is_str(topic(0), "Day 1", "  topic above the heading");
	is_str(arxiv(1), "2106.09685", "  the prose link is its own entry");
	is_str(topic(1), "Ideas", "  under the Ideas topic, which is no paper");
}

/* Fields of a paper under its heading (Notion pages, Zotero note exports);
 * a lone "Website: URL" under a title is no paper. */
static void test_field_blocks(void)
{
	parse("# Training Compute-Optimal Large Language Models\n\n"
	      "Authors: Jordan Hoffmann, Sebastian Borgeaud\nStatus: Done\nYear: 2022\n"
	      "URL: https://arxiv.org/abs/2203.15556\n");
	is(res.n_entries, 1, "Notion page: one entry");
	is_str(title(0), "Training Compute-Optimal Large Language Models", "  title from the page title");
	is_str(entry(0)->authors, "Jordan Hoffmann, Sebastian Borgeaud", "  Authors field");
	is(entry(0)->year, 2022, "  Year field");
	is(status(0), STATUS_READ, "  Status field");
	is_str(arxiv(0), "2203.15556", "  URL field");
	parse("# Awesome Things\n\nWebsite: https://awesome.example.org\n\n"
	      "## Papers\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n");
	bool title_entry = false;
	for (size_t i = 0; i < res.n_entries; i++)
		title_entry = title_entry || strcmp(title(i), "Awesome Things") == 0;
	ok(!title_entry, "a lone Website field does not make the title a paper");
	is_str(arxiv(res.n_entries - 1), "1706.03762", "  the list's paper");
}

/* A field label before a titled link is neither title nor authors; before
 * a URL it still is the title (seed 000's "Chip Huyen: https://..."). */
static void test_field_labels(void)
{
	parse("- Read: [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
	      "- **Required reading:** Caruana (1997). [Multitask Learning](https://doi.org/10.1023/A:1007379606734).\n"
	      "- Chip Huyen: https://huyenchip.com/2023/04/11/llm-engineering.html\n");
	is(res.n_entries, 3, "field labels: three entries");
	is_str(title(0), "Attention Is All You Need", "  label before a link: the link text");
	is_str(entry(0)->authors, NULL, "  the label is no author");
	is_str(title(1), "Multitask Learning", "  label, then authors and year");
	is_str(entry(1)->authors, "Caruana", "  the authors after the label");
	is(entry(1)->year, 1997, "  the year after the authors");
	is_str(title(2), "Chip Huyen", "  a label before a URL is the title");
}

/* Status words and marks after the title; what is not a status stays. */
static void test_status_after_title(void)
{
	parse("- [A Title](https://arxiv.org/abs/2106.09685) (read)\n"
	      "- [B Title](https://arxiv.org/abs/2106.09686) \xE2\x80\x94 done\n"
	      "- [C Title](https://arxiv.org/abs/2106.09687) \xE2\x9C\x93\n"
	      "- ~~[D Title](https://arxiv.org/abs/2106.09688)~~\n"
	      "- [E Title](https://arxiv.org/abs/2106.09689) (reading)\n"
	      "- [LLM.int8(): F Title](https://arxiv.org/abs/2106.09680) (already read by Ana)\n");
	is(res.n_entries, 6, "status after the title: six entries");
	is(status(0), STATUS_READ, "  (read)");
	is_str(title(0), "A Title", "  (read) not in the title");
	is(status(1), STATUS_READ, "  \xE2\x80\x94 done");
	is(status(2), STATUS_READ, "  check mark after the title");
	is(status(3), STATUS_READ, "  struck through");
	is(status(4), STATUS_READING, "  (reading)");
	is(status(5), STATUS_UNREAD, "  a longer parenthesis is no status");
	is_str(title(5), "LLM.int8(): F Title", "  () inside a title kept");
}

static void test_front_matter(void)
{
	parse("---\nlayout: post\ntitle: \"x\"\n---\n\n## A\n- [P](https://arxiv.org/abs/2106.09685)\n");
	is(res.n_entries, 1, "front matter skipped");
	is(res.n_topics, 1, "  no topic from it");
	is(res.entries[0].line, 7, "  lines count from the top of the file");
}

static void test_mojibake_list(void)
{
	parse("## A\n- \xE2\x80\x9A\xC3\xBA\xC3\xAE\xC3\x94\xE2\x88\x8F\xC3\xA8 [P](https://arxiv.org/abs/2106.09685)\n");
	ok(res.repaired_mojibake, "mojibake list repaired");
	is(status(0), STATUS_READ, "  its check mark counts");
	parse("## Caf\xC3\xA9\n- [P](https://arxiv.org/abs/2106.09685)\n");
	ok(!res.repaired_mojibake, "clean list untouched");
	is_str(topic(0), "Caf\xC3\xA9", "  é kept");
}

/* ---- bad input ---- */

static double seconds_since(struct timespec t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static void bad_input(const char *what, const char *data, size_t len)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int r = parse_len(data, len);
	double s = seconds_since(t0);
	ok(r == 0, "%s: imported (%zu entries, %.2f s)", what, res.n_entries, s);
	/* A guard against a hang or a quadratic blow-up (minutes to hours on
	 * these inputs), not a speed figure: the limit leaves room for
	 * sanitizers and a loaded machine. QUIRE_TIME_LIMIT: seconds allowed. */
	const char *lim = getenv("QUIRE_TIME_LIMIT");
	double limit = lim ? atof(lim) : 120.0;
	ok(s < limit, "  %s: no blow-up (%.2f s, limit %.0f s)", what, s, limit);
	for (size_t i = 0; i < res.n_entries; i++) {
		const struct paper *p = &res.entries[i].paper;
		if (!key_is_safe(p->key) || !p->title || memchr(p->title, '\n', strlen(p->title)) ||
		    !utf8_valid(p->title, strlen(p->title))) {
			ok(0, "  %s: entry %zu has a safe key and a one-line UTF-8 title", what, i);
			return;
		}
	}
	ok(1, "  %s: every key safe, every title one valid line", what);
}

static void test_bad_input(void)
{
	char *err = NULL;
	struct import_result r2;
	is(import_parse("empty.md", "", 0, &r2, &err), 0, "empty file");
	is(r2.n_entries + r2.n_sections + r2.n_topics, 0, "  nothing in it");
	import_result_free(&r2);
	is(import_parse("null.md", NULL, 0, &r2, &err), 0, "NULL text of length 0");
	import_result_free(&r2);

	size_t n = 1 << 20;
	char *data = xmalloc(n + 1);
	unsigned long x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		data[i] = (char)(x >> 56);
	}
	bad_input("1 MiB of binary garbage", data, n);

	memset(data, '[', n);
	bad_input("1 MiB of [", data, n);

	struct buf b = BUF_INIT;
	for (int i = 0; i < 10000; i++)
		buf_adds(&b, "- ");
	buf_adds(&b, "[deep](https://arxiv.org/abs/2106.09685)\n");
	bad_input("10,000 nested list levels on one line", b.data, b.len);
	buf_reset(&b);
	for (int i = 0; i < 10000; i++) {
		for (int k = 0; k < i % 200; k++)
			buf_adds(&b, "  ");
		buf_adds(&b, "- [x] item\n");
	}
	bad_input("10,000 items nesting and unnesting", b.data, b.len);
	buf_reset(&b);
	for (int i = 0; i < 10000; i++)
		buf_adds(&b, "> ");
	buf_adds(&b, "- [q](https://example.org)\n");
	bad_input("10,000 nested quotes", b.data, b.len);
	buf_reset(&b);
	for (int i = 0; i < 10000; i++)
		buf_adds(&b, "#### h\n- [ ] t\n\t- n\n");
	bad_input("10,000 headings and sections", b.data, b.len);

	/* md4c 0.4.8 is quadratic on these unless the importer avoids it */
	buf_reset(&b);
	for (int i = 0; i < 100000; i++)
		buf_printf(&b, "[a%d](http://x.org/%d)\n", i, i);
	bad_input("one paragraph of 100,000 link lines", b.data, b.len);
	is(res.n_entries, 100000, "  one entry per line");
	is(res.n_entries ? res.entries[99999].line : 0, 100000, "  line numbers stay right");
	buf_reset(&b);
	for (int i = 0; i < 100000; i++)
		buf_printf(&b, "http://x.org/%d ", i);
	bad_input("100,000 bare URLs on one line", b.data, b.len);
	buf_reset(&b);
	for (int i = 0; i < 100000; i++)
		buf_printf(&b, "[a%d] x\n", i);
	bad_input("100,000 lines of brackets", b.data, b.len);

	buf_reset(&b);
	buf_adds(&b, "- [a](https://arxiv.org/abs/2106.09685) - ");
	for (int i = 0; i < 2000000; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, " (2020)\n- ");
	for (int i = 0; i < 2000000; i++)
		buf_addc(&b, 'y');
	buf_adds(&b, "\n");
	bad_input("lines of 2 MB", b.data, b.len);
	ok(res.n_entries == 1 && res.entries[0].paper.authors &&
	   strlen(res.entries[0].paper.authors) <= 2003 && res.entries[0].paper.year == 2020,
	   "  long fields are cut, the year after them still read");

	buf_reset(&b);
	static const char with_nul[] = "- [x] a\0b [p](https://arxiv.org/abs/2106.09685)\n\0\0\0## \0\n";
	buf_add(&b, with_nul, sizeof(with_nul) - 1);
	bad_input("NUL bytes", b.data, b.len);
	ok(res.n_entries >= 1 && strstr(res.entries[0].paper.title, "\xEF\xBF\xBD"),
	   "  NUL shown as U+FFFD");

	buf_reset(&b);
	buf_adds(&b, "## caf\xE9 \xFF\xFE\n- [\xC0\xAF](https://arxiv.org/abs/2106.09685) \xED\xA0\x80\n");
	bad_input("invalid UTF-8", b.data, b.len);
	ok(res.n_topics == 1 && utf8_valid(res.topics[0], strlen(res.topics[0])),
	   "  topic is valid UTF-8");

	buf_reset(&b);
	buf_adds(&b, "## Caf\xE9\n- [R\xE9sum\xE9](https://example.org/x)\n");
	bad_input("a Windows-1252 file", b.data, b.len);
	is_str(res.n_topics ? res.topics[0] : NULL, "Caf\xC3\xA9", "  read as Windows-1252");

	buf_reset(&b);
	buf_adds(&b, "- [evil\033[31m](https://example.org/../../etc/passwd) \033]0;x\007\n"
		     "- [../../x](https://example.org/)\n");
	bad_input("escape sequences and path tricks", b.data, b.len);
	ok(res.n_entries == 2 && !strchr(res.entries[0].paper.title, '\033'), "  no ESC in titles");
	ok(res.n_entries == 2 && !strchr(res.entries[1].paper.key, '/'), "  no '/' in keys");

	buf_free(&b);
	free(data);
	is(import_parse("huge.md", "", (size_t)65 << 20, &r2, &err), -1, "over 64 MiB: an error");
	ok(err && strstr(err, "huge.md") != NULL, "  naming the list: %s", err ? err : "");
	free(err);
	import_result_free(&r2);
}

int main(void)
{
	test_bold_link_authors_year();
	test_plain_link_year();
	test_tasks();
	test_check_marks();
	test_to_read();
	test_blurb();
	test_title_then_url();
	test_bare_arxiv();
	test_reference_links();
	test_autolinks();
	test_tables();
	test_not_papers();
	test_kinds();
	test_topics();
	test_knowledge();
	test_heading_entries();
	test_heading_label_lines();
	test_status_after_title();
	test_field_blocks();
	test_field_labels();
	test_front_matter();
	test_mojibake_list();
	test_bad_input();
	import_result_free(&res);
	return done_testing();
}
