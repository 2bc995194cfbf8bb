/* Unit tests of the Markdown renderer of the detail pane (mdrender.c):
 * each construct and its styles, wrapping by display cells, widths 1 to
 * 10, odd and malformed Markdown, control characters and escape sequences,
 * and notes as large as the library reads. */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "tui/private.h"

/* The lines of text rendered at width, joined with '\n'. */
static char *render(const char *md, int width)
{
	struct lines l = {0};
	struct buf b = BUF_INIT;
	mdrender_lines(md, width, &l);
	for (size_t i = 0; i < l.n; i++)
		buf_printf(&b, "%s%s", i ? "\n" : "", l.v[i].text);
	lines_free(&l);
	return buf_detach(&b);
}

/* The style of the first byte of the first occurrence of what in the
 * rendered lines (-1 when it is not there). */
static int style_of(const struct lines *l, const char *what)
{
	for (size_t i = 0; i < l->n; i++) {
		const char *p = strstr(l->v[i].text, what);
		if (!p)
			continue;
		size_t off = (size_t)(p - l->v[i].text);
		for (size_t s = 0; s < l->v[i].n_spans; s++)
			if (l->v[i].spans[s].off <= off && off < l->v[i].spans[s].off + l->v[i].spans[s].len)
				return (int)l->v[i].spans[s].style;
		return 0;
	}
	return -1;
}

/* Is every span inside its line, sorted and disjoint, with a style? */
static bool spans_sane(const struct lines *l)
{
	for (size_t i = 0; i < l->n; i++) {
		size_t len = strlen(l->v[i].text), end = 0;
		for (size_t s = 0; s < l->v[i].n_spans; s++) {
			const struct text_span *sp = &l->v[i].spans[s];
			if (sp->off < end || sp->off + sp->len > len || !sp->len || !sp->style)
				return false;
			end = sp->off + sp->len;
		}
	}
	return true;
}

/* Widest line in cells; *bad counts lines wider than width that are not
 * one character wider than the width alone, or hold invalid UTF-8, a
 * control character, or start with a combining mark. */
static int check_lines(const struct lines *l, int width, int *bad)
{
	int widest = 0;
	for (size_t i = 0; i < l->n; i++) {
		const char *t = l->v[i].text;
		size_t len = strlen(t);
		int w = (int)utf8_width(t);
		if (w > widest)
			widest = w;
		uint32_t cp = 0;
		size_t first = len ? utf8_decode(t, len, &cp) : 0;
		int before = *bad;
		if (w > width && first != len)
			(*bad)++;
		else if (!utf8_valid(t, len))
			(*bad)++;
		else if (len && cp >= 0x300 && cp <= 0x36f)
			(*bad)++;
		else
			for (size_t k = 0; k < len;) {
				k += utf8_decode(t + k, len - k, &cp);
				if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
					(*bad)++;
					break;
				}
			}
		if (*bad != before)
			printf("# width %d: bad line \"%s\"\n", width, t);
	}
	return widest;
}

static void test_headings_emphasis(void)
{
	const char *md = "# Title\n\n## Sub *part*\n\n###### Six\n\nSetext\n======\n";
	char *got = render(md, 40);
	is_str(got, "# Title\n\n## Sub part\n\n###### Six\n\n# Setext", "headings keep their level");
	free(got);
	struct lines l = {0};
	mdrender_lines(md, 40, &l);
	is(style_of(&l, "Title"), STYLE_BOLD | STYLE_UNDERLINE, "a level-1 heading: bold, underlined");
	is(style_of(&l, "# T"), STYLE_BOLD, "its marker bold");
	is(style_of(&l, "Sub"), STYLE_BOLD, "level 2: bold");
	is(style_of(&l, "part"), STYLE_BOLD | STYLE_ITALIC, "emphasis inside a heading");
	ok(spans_sane(&l), "heading spans sane");
	lines_free(&l);

	md = "Plain *em* _em2_ **strong** __strong2__ ***both*** `co de` ~~gone~~ end";
	got = render(md, 80);
	is_str(got, "Plain em em2 strong strong2 both co de gone end", "markers gone from the text");
	free(got);
	mdrender_lines(md, 80, &l);
	is(style_of(&l, "Plain"), 0, "plain text has no style");
	is(style_of(&l, "em "), STYLE_ITALIC, "*em* italic");
	is(style_of(&l, "em2"), STYLE_ITALIC, "_em_ italic");
	is(style_of(&l, "strong "), STYLE_BOLD, "**strong** bold");
	is(style_of(&l, "strong2"), STYLE_BOLD, "__strong__ bold");
	is(style_of(&l, "both"), STYLE_BOLD | STYLE_ITALIC, "***both***");
	is(style_of(&l, "co de"), STYLE_CODE, "inline code");
	is(style_of(&l, "gone"), STYLE_STRIKE, "strike-through");
	is(style_of(&l, " end"), 0, "plain after the spans");
	ok(spans_sane(&l), "emphasis spans sane");
	lines_free(&l);
}

static void test_lists(void)
{
	char *got = render("- one\n- two words that wrap\n  - nested item here again\n    1. deep\n- three\n", 20);
	is_str(got,
	       "• one\n"
	       "• two words that\n"
	       "  wrap\n"
	       "  ◦ nested item here\n"
	       "    again\n"
	       "    1. deep\n"
	       "• three",
	       "bullets, nesting and hanging indents");
	free(got);
	got = render("9. nine\n10. ten is a longer item\n", 15);
	is_str(got, "9. nine\n10. ten is a\n    longer item", "numbers; the indent follows the marker");
	free(got);
	got = render("3) three\n4) four\n", 20);
	is_str(got, "3) three\n4) four", "the start number and ')' kept");
	free(got);
	got = render("- [ ] open task\n- [x] done\n- [X] done too\n1. [ ] numbered\n", 30);
	is_str(got, "[ ] open task\n[x] done\n[x] done too\n\n1. [ ] numbered", "task items");
	free(got);
	got = render("Before\n\n- a\n\n- b\n\n  second para\n\nAfter\n", 30);
	is_str(got, "Before\n\n• a\n\n• b\n\n  second para\n\nAfter", "a loose list keeps its gaps");
	free(got);
	got = render("-\n- b\n", 20);
	is_str(got, "•\n• b", "an empty item shows its marker");
	free(got);
	got = render("- - - a\n", 20);
	is_str(got, "• ◦ ▪ a", "items opening with lists");
	free(got);
	got = render("- item\n\n  ```\n  code\n  ```\n", 20);
	is_str(got, "• item\n\n    code", "a code block inside an item is indented with it");
	free(got);
}

static void test_quotes_code_rules(void)
{
	char *got = render("> quoted text that wraps\n> here\n>\n> > nested\n\nafter\n", 16);
	is_str(got,
	       "│ quoted text\n"
	       "│ that wraps\n"
	       "│ here\n"
	       "│\n"
	       "│ │ nested\n"
	       "\n"
	       "after",
	       "quotes: a bar on every line, nested, wrapped");
	free(got);
	struct lines l = {0};
	mdrender_lines("> *q*\n", 10, &l);
	is(style_of(&l, "│"), STYLE_DIM, "the bar is dim");
	is(style_of(&l, "q"), STYLE_ITALIC, "styles inside the quote");
	lines_free(&l);

	const char *md = "```c\nint x;\n\tif (x) return 1234567890;\n\nend\n```\n";
	got = render(md, 20);
	is_str(got, "  int x;\n      if (x) return…\n\n  end",
	       "code: not wrapped, cut with a marker, tabs to stops, blank lines kept");
	free(got);
	mdrender_lines(md, 20, &l);
	is(style_of(&l, "int"), STYLE_CODE, "code in the code style");
	is(style_of(&l, "…"), STYLE_CODE | STYLE_DIM, "the cut marker dim");
	lines_free(&l);
	got = render("    indented code\n", 40);
	is_str(got, "  indented code", "indented code blocks too");
	free(got);
	got = render("```\nunclosed fence\n", 40);
	is_str(got, "  unclosed fence", "an unclosed fence runs to the end");
	free(got);

	got = render("a\n\n---\n\nb\n", 10);
	is_str(got, "a\n\n──────────\n\nb", "a rule across the width");
	free(got);
	got = render("> ***\n", 6);
	is_str(got, "│ ────", "a rule inside a quote");
	free(got);
}

static void test_links_tables(void)
{
	const char *md = "See [the paper](https://arxiv.org/abs/2106.09685) and <https://x.org/> "
	                 "or ![fig](img.png) or [ref].\n\n[ref]: https://r.org/";
	char *got = render(md, 200);
	is_str(got,
	       "See the paper (https://arxiv.org/abs/2106.09685) and https://x.org/ or fig (img.png) "
	       "or ref (https://r.org/).",
	       "links and images followed by where they point, autolinks once");
	free(got);
	struct lines l = {0};
	mdrender_lines(md, 200, &l);
	is(style_of(&l, "the paper"), 0, "link text plain");
	is(style_of(&l, " (https://arxiv"), STYLE_DIM, "its destination dim");
	lines_free(&l);
	got = render("[x](http://a.org/&amp;b&#x3C;)\n", 80);
	is_str(got, "x (http://a.org/&b<)", "entities in a destination decoded");
	free(got);

	md = "| Name | N |\n|:--|--:|\n| a | 1 |\n| **long** name | 123 |\n";
	got = render(md, 40);
	is_str(got,
	       "Name      │   N\n"
	       "──────────┼────\n"
	       "a         │   1\n"
	       "long name │ 123",
	       "a table in columns, right alignment kept");
	free(got);
	mdrender_lines(md, 40, &l);
	is(style_of(&l, "Name"), STYLE_BOLD, "the head bold");
	is(style_of(&l, "long"), STYLE_BOLD, "strong in a cell");
	is(style_of(&l, "│   1"), STYLE_DIM, "separators dim");
	lines_free(&l);
	got = render(md, 12);
	is_str(got, "Name │ N\na │ 1\nlong name │\n123", "too wide: cells joined, rows wrapped");
	free(got);
	got = render("| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |\n", 40);
	is_str(got, "a │ b │ c\n──┼───┼──\n1 │   │\n1 │ 2 │ 3", "ragged rows");
	free(got);
}

static void test_breaks_entities(void)
{
	char *got = render("one\\\ntwo  \nthree\nfour\n", 40);
	is_str(got, "one\ntwo\nthree four", "hard breaks break, soft breaks are spaces");
	free(got);
	got = render("&amp; &lt; &#233; &#x1F600; &#0; &#xD800; &nosuch;", 40);
	is_str(got, "& < é 😀 \xEF\xBF\xBD \xEF\xBF\xBD &nosuch;", "entities");
	free(got);
	got = render("", 10);
	is_str(got, "", "an empty note: no lines");
	free(got);
	got = render("  \n\n\t\n", 10);
	is_str(got, "", "only blanks: no lines");
	free(got);
	got = render("\n\n\nText\n\n\n", 10);
	is_str(got, "Text", "no blank lines around the note");
	free(got);
}

static void test_html(void)
{
	/* quire's summary block (src/lib/note_section.c) */
	char *got = render("## Summary\n\n<!-- quire:summary model=m date=d -->\nShort.\n"
	                   "<!-- /quire:summary -->\n\nAfter.\n",
	                   40);
	is_str(got, "## Summary\n\nShort.\n\nAfter.", "HTML comments (summary markers) hidden");
	free(got);
	got = render("a <b>b</b> <!-- x --> c <!-- two\nlines --> d\n", 40);
	is_str(got, "a <b>b</b>  c  d", "inline: tags shown as written, comments left out");
	free(got);
	got = render("<div>\nin <i>block</i>\n</div>\n\nnext\n", 40);
	is_str(got, "<div>\nin <i>block</i>\n</div>\n\nnext", "an HTML block shown line by line");
	free(got);
	got = render("<!-- never closed\n\nstill a comment\n", 40);
	is_str(got, "", "an unclosed comment hides the rest, as a browser does");
	free(got);
}

static void test_widths(void)
{
	const char *para = "alpha beta 深度学习模型 e\xCC\x81te 🧠x "
	                   "averyveryverylongwordthatneverfits end";
	char *words = str_squeeze(para);
	struct buf want = BUF_INIT;
	for (const char *p = words; *p; p++)
		if (*p != ' ')
			buf_addc(&want, *p);
	const char *doc = "# Heading words\n\n- item *one* two\n  - nested `code` here\n\n"
	                  "> quote 深度学习\n> > deeper\n\n```\ncode 深度学习 line\n```\n\n"
	                  "| a | b |\n|---|---|\n| 深度 | x |\n\n---\n\n1. [x] done e\xCC\x81\xCC\x81\n";
	int bad_text = 0, bad_doc = 0, lost = 0, widest = 0;
	for (int w = 1; w <= 10; w++) {
		struct lines l = {0};
		mdrender_lines(para, w, &l);
		check_lines(&l, w, &bad_text);
		struct buf got = BUF_INIT;
		for (size_t i = 0; i < l.n; i++)
			for (const char *p = l.v[i].text; *p; p++)
				if (*p != ' ')
					buf_addc(&got, *p);
		if (strcmp(buf_str(&got), buf_str(&want)) != 0) {
			printf("# width %d lost text: %s\n", w, buf_str(&got));
			lost++;
		}
		buf_free(&got);
		lines_free(&l);
		mdrender_lines(doc, w, &l);
		int wd = check_lines(&l, w, &bad_doc);
		if (wd - w > widest)
			widest = wd - w;
		if (!spans_sane(&l))
			bad_doc++;
		lines_free(&l);
	}
	is(bad_text, 0, "widths 1-10: a paragraph's lines fit (a wide character alone excepted)");
	is(lost, 0, "widths 1-10: no character lost or split from its marks");
	is(bad_doc, 0, "widths 1-10: every construct fits, prefixes cut when too wide");
	ok(widest <= 1, "widths 1-10: nothing wider than the width but by one wide character");
	free(words);
	buf_free(&want);

	char *got = render("深度学习模型", 5);
	is_str(got, "深度\n学习\n模型", "wide characters never split across lines");
	free(got);
	got = render("e\xCC\x81" "e\xCC\x81" "e\xCC\x81", 2);
	is_str(got, "e\xCC\x81" "e\xCC\x81\n" "e\xCC\x81", "combining marks stay with their letter");
	free(got);
	got = render("> > > > > deep quote\n", 6);
	is_str(got, "│ │dee\n│ │p\n│ │quo\n│ │te", "prefixes wider than the width cut to half of it");
	free(got);
}

static void test_sanitising(void)
{
	const char *md = "# \033[31mRed\033[0m title\n\n"
	                 "Bell\a here, \033]0;window title\007 gone, C1 \xC2\x9B""31m csi, "
	                 "&#27;[2J entity, &#x9b;1m, [l](http://x/\033[1m\x7f) bad\xFF utf8\n\n"
	                 "```\ncode \033[32mgreen\033[0m\r\n```\n";
	struct lines l = {0};
	mdrender_lines(md, 30, &l);
	int bad = 0;
	check_lines(&l, 30, &bad);
	is(bad, 0, "no control character in any line");
	struct buf all = BUF_INIT;
	for (size_t i = 0; i < l.n; i++)
		buf_printf(&all, "%s\n", l.v[i].text);
	ok(!strchr(buf_str(&all), '\033'), "no escape reaches the lines");
	ok(strstr(buf_str(&all), "# Red title"), "the text around escapes stays");
	ok(strstr(buf_str(&all), "code green"), "code blocks are sanitised too");
	ok(strstr(buf_str(&all), "\xEF\xBF\xBD"), "invalid UTF-8 shown as U+FFFD");
	ok(!strstr(buf_str(&all), "window title"), "an OSC sequence is dropped whole");
	buf_free(&all);
	lines_free(&l);
}

static void test_malformed(void)
{
	static const char *const odd[] = {
	        "**unclosed", "[link](", "[a][b]", "<", "|", "| a |\n|", "|---|\n| x |", "***",
	        "* * *", "- \n-\n-", "1.\n2.", "> \n>", "```", "~~~\n", "    ", "#", "######## 8",
	        "[![img](a)](b)", "*a **b* c**", "`unterminated", "\\", "&#", "&#x;", "&#99999999;",
	        "- [ ]", "- [x]", "<https://a b>", "[](x)", "![](x)", "\t- tab\n\t\t- tabs",
	};
	int bad = 0;
	for (size_t i = 0; i < ARRAY_SIZE(odd); i++)
		for (int w = 1; w <= 12; w += 11) {
			struct lines l = {0};
			mdrender_lines(odd[i], w, &l);
			check_lines(&l, w, &bad);
			if (!spans_sane(&l))
				bad++;
			lines_free(&l);
		}
	is(bad, 0, "odd and malformed Markdown renders without bad lines");
	/* deep nesting: 2000 quotes, 500 nested lists */
	struct buf deep = BUF_INIT;
	for (int i = 0; i < 2000; i++)
		buf_adds(&deep, "> ");
	buf_adds(&deep, "bottom\n\n");
	for (int i = 0; i < 500; i++) {
		for (int k = 0; k < i; k++)
			buf_adds(&deep, "  ");
		buf_adds(&deep, "- x\n");
	}
	struct lines l = {0};
	mdrender_lines(buf_str(&deep), 40, &l);
	bad = 0;
	int widest = check_lines(&l, 40, &bad);
	ok(l.n > 0 && bad == 0 && widest <= 40, "deep nesting stays within the width (%zu lines)",
	   l.n);
	lines_free(&l);
	buf_free(&deep);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_huge(void)
{
	/* as large as the library reads a note (16 MiB): cut, and said so */
	size_t size = (size_t)16 << 20;
	struct buf b = BUF_INIT;
	while (b.len < size)
		buf_adds(&b, "Some *words* of a [long](http://x) note, `code`.\n\n- item\n> q\n\n");
	struct lines l = {0};
	double t0 = now();
	mdrender_lines(buf_str(&b), 60, &l);
	double secs = now() - t0;
	ok(l.n > 1000 && l.n <= MDRENDER_MAX_LINES + 2, "a 16 MiB note: lines bounded (%zu)", l.n);
	ok(l.n && strstr(l.v[l.n - 1].text, "n opens"), "its last line says the note goes on");
	ok(secs < 10, "rendered in %.2f s", secs);
	lines_free(&l);
	/* many short lines under the byte bound: the line bound */
	buf_reset(&b);
	while (b.len < MDRENDER_MAX_BYTES - 16)
		buf_adds(&b, "a\n\n");
	mdrender_lines(buf_str(&b), 60, &l);
	is(l.n, MDRENDER_MAX_LINES + 2, "the line bound, then a blank and the notice");
	is(style_of(&l, "n opens"), STYLE_DIM, "the notice is dim");
	lines_free(&l);
	/* one huge paragraph full of brackets (md4c's slow case) */
	buf_reset(&b);
	while (b.len < MDRENDER_MAX_BYTES)
		buf_adds(&b, "[a](b [c] *d _e ` <f\n");
	t0 = now();
	mdrender_lines(buf_str(&b), 60, &l);
	secs = now() - t0;
	ok(l.n > 0 && secs < 10, "a 1 MiB paragraph of brackets in %.2f s", secs);
	lines_free(&l);
	/* a long paragraph 20,000 quotes deep: prefixes cost no more per line */
	buf_reset(&b);
	for (int i = 0; i < 20000; i++)
		buf_adds(&b, "> ");
	while (b.len < MDRENDER_MAX_BYTES - 8)
		buf_adds(&b, "word ");
	t0 = now();
	mdrender_lines(buf_str(&b), 40, &l);
	secs = now() - t0;
	ok(l.n > 1000 && secs < 10, "a paragraph 20,000 quotes deep in %.2f s (%zu lines)", secs, l.n);
	lines_free(&l);
	buf_free(&b);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_headings_emphasis();
	test_lists();
	test_quotes_code_rules();
	test_links_tables();
	test_breaks_entities();
	test_html();
	test_widths();
	test_sanitising();
	test_malformed();
	test_huge();
	return done_testing();
}
