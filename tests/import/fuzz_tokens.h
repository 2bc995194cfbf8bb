/* Pieces of Markdown reading lists that the replay driver's
 * mutations insert (included by tests/fuzz_replay.c). */
static const char *const tokens[] = {
	"- [ ] ", "- [x] ", "[", "]", "(", ")", "](https://arxiv.org/abs/2106.09685v2)",
	"https://arxiv.org/pdf/", "arXiv:", "hep-th/9901001", "**", "*TO READ*", "\n#", "\n## ",
	"\n---\n", "|", "\n|---|---|\n", "`", "```\n", "\t", "    ", "> ", "[[", "]]", "<", ">",
	"\xE2\x9C\x94\xEF\xB8\x8F", "\xE2\x80\x9A\xC3\xBA\xC3\xAE", "\xC3", "\xF0\x9F", "\0",
	"\n", "\n\n", " (2021)", " - A, B (1999)", "![b](https://img.shields.io/x)", "[r]: http://x\n",
	"&amp;", "\\", "1.", "10.1000/x",
};
