/* Pieces of Markdown notes that the replay driver's mutations insert
 * (included by tests/fuzz_replay.c for tests/tui/fuzz_mdrender.c). */
static const char *const tokens[] = {
	"# ", "\n## ", "\n###### ", "\n===\n", "\n---\n", "- ", "* ", "+ ", "1. ", "10) ",
	"- [ ] ", "- [x] ", "> ", ">> ", "  ", "    ", "\t", "```\n", "~~~", "`", "**", "*", "_",
	"__", "~~", "[", "]", "(", ")", "](http://x.org/a)", "<https://a.org/>", "![i](s)",
	"[r]: http://r\n", "|", "\n|---|:-:|--:|\n", "&amp;", "&#27;", "&#x9b;", "&#0;", "&#x1F600;",
	"\\", "\n", "\n\n", "  \n", "\033[31m", "\033]0;t\007", "\xC2\x9B", "\a", "\r", "\0",
	"<!-- ", " -->", "<b>", "<div>\n", "\xE6\xB7\xB1\xE5\xBA\xA6", "e\xCC\x81", "\xF0\x9F\xA7\xA0", "\xEF\xB8\x8F", "\xC3", "\xFF",
};
