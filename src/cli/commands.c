/* commands.c: the table of subcommands. */
#include "config.h"

#include <string.h>

#include "cli/cli.h"
#include "cli/private.h"
#include "util/i18n.h"

const struct cli_command cli_commands[] = {
	{"import", cmd_import, N_("[--as NAME] FILE..."),
	 N_("import Markdown reading lists into the library"),
	 N_("Copies each FILE into the library's lists/ directory and indexes its papers,\n"
	    "topics and knowledge sections. Importing a list again updates it; your own\n"
	    "status, notes and ratings are never overwritten. FILE must be a regular file\n"
	    "(a symbolic link to one will do) of text, at most 64 MiB; UTF-16 is converted\n"
	    "to UTF-8. The copy keeps the letters and digits of FILE's name (other\n"
	    "characters become '_'). --as NAME stores a single FILE under another name in\n"
	    "lists/ (no '/', no leading '.', no control characters).")},
	{"list", cmd_list, N_("[--topic T] [--tag TAG] [--unread|--reading|--read] [--format tsv|json]"),
	 N_("list papers"),
	 N_("Prints the papers in list order: TSV with a header line and the columns\n"
	    "key, arxiv, year, status, kind, topic, title; or a JSON array.\n"
	    "--tag TAG keeps the papers tagged TAG (see `quire tag`).\n"
	    "--topic T keeps the papers in topic T and its subtopics. T is a topic's name\n"
	    "without emoji, in any case, at any level: \"reasoning\" matches \"🧠 Reasoning\",\n"
	    "\"architectures\" matches \"Foundations > Architectures\". \"A > B\" matches a\n"
	    "level A directly followed by a level B, at any depth.")},
	{"show", cmd_show, N_("KEY"), N_("show one paper in full"),
	 N_("Prints a paper's fields, its topics, the comment imported with it and its note.\n"
	    "Every command that takes a KEY also takes an arXiv id (2106.09685v2,\n"
	    "hep-th/9901001, arXiv:ID, an arxiv.org abs or pdf URL) or a DOI (or doi.org URL).")},
	{"mark", cmd_mark, N_("KEY... read|reading|unread"), N_("set the reading status of papers"),
	 N_("Records the status in each paper's note (notes/KEY.md), written atomically,\n"
	    "and prints one line per paper once its note is safely on disk.")},
	{"note", cmd_note, N_("KEY [--append TEXT]"), N_("edit a paper's note, or append to it"),
	 N_("Opens notes/KEY.md in $VISUAL, else $EDITOR, else vi (a value such as \"code -w\"\n"
	    "is split into words; no shell runs it), creating it with front matter and the\n"
	    "title when missing. The note is indexed again when the editor exits; quire does\n"
	    "not rewrite it, except to record when you changed its status, tags or rating\n"
	    "there (the status also goes to the lists). --append TEXT adds TEXT as a\n"
	    "paragraph at the end of the note.\n"
	    "Changes other programs make to the note meanwhile are never overwritten.")},
	{"tag", cmd_tag, N_("KEY [+TAG|-TAG]..."), N_("add or remove a paper's tags"),
	 N_("+TAG (or TAG) adds a tag, -TAG removes one; then prints the paper's tags.\n"
	    "Tags are stored lower-case in the note's front matter (tags: [a, b]), blanks\n"
	    "as '-', without '#', commas, brackets or quotes, with the time of the change\n"
	    "(tags_changed). `quire list --tag TAG` lists the papers with a tag; tags are in\n"
	    "the full-text search.")},
	{"rate", cmd_rate, N_("KEY N"), N_("rate a paper from 1 to 5 (0 clears)"),
	 N_("Stores rating: N in the note's front matter, with the time of the change\n"
	    "(rating_changed), so that a sync keeps the later rating.")},
	{"search", cmd_search, N_("[--topic T] [--format tsv|json] QUERY..."),
	 N_("full-text search, best match first"),
	 N_("Searches titles, authors, topics, imported comments and notes. Words match\n"
	    "as prefixes; results are ranked with the title weighted highest. --topic T\n"
	    "and the output as for `quire list`.")},
	{"summarize", cmd_summarize, N_("[--model NAME|PATH] [--extractive] [--no-save] KEY|PATH|-"),
	 N_("summarise a paper, a PDF or a text file"),
	 N_("Streams a summary of a paper (KEY: its cached PDF, else its title, comment and\n"
	    "note), a PDF or text file (PATH, a regular file), or standard input (-) to\n"
	    "stdout; text input may hold up to 64 MB. Title, abstract, introduction and\n"
	    "conclusion come first; a long text is summarised chunk by chunk and the chunk\n"
	    "summaries combined. The model is --model, else\n"
	    "[llm] model in the config file, else the first model in the models directory.\n"
	    "Without any model the summary is extractive (the most central sentences) and\n"
	    "labelled so. For a KEY the summary is saved in its note, unless --no-save:\n"
	    "between <!-- quire:summary --> markers (model name, date) under \"## Summary\",\n"
	    "replacing quire's earlier summary and never the note's own text.")},
	{"model", cmd_model, N_("add [--sha256 HEX] [--name NAME] PATH|URL | list | default NAME"),
	 N_("manage the language models used for summaries"),
	 N_("add copies a GGUF model file or downloads it from URL into the models directory\n"
	    "($QUIRE_MODELS_DIR, else $XDG_DATA_HOME/quire/models), refusing it when it is\n"
	    "no GGUF model or --sha256 does not match, and printing its SHA-256 once added;\n"
	    "a download is given up after $QUIRE_NET_TIMEOUT (60) seconds without data.\n"
	    "list shows each model's size, architecture, weight types and context length;\n"
	    "* marks the default. default NAME checks that the model loads and sets\n"
	    "[llm] model in the config file ($XDG_CONFIG_HOME/quire/config).")},
	{"sync", cmd_sync, N_("[--init URL]"), N_("sync the library with a git remote"),
	 N_("Commits every change in the library directory with a message saying what\n"
	    "changed (notes, status changes, reviews), pulls with rebase from the remote and\n"
	    "pushes, with your own git, SSH keys and credentials (never a prompt; each git\n"
	    "run is given up after $QUIRE_SYNC_TIMEOUT seconds, 120). Notes merge field by\n"
	    "field (quire merge-note), reviews.log keeps both sides' lines; the index is\n"
	    "refreshed after a pull that changed anything. A network or authentication\n"
	    "failure changes nothing; a conflict in a note's text is undone and named, your\n"
	    "version kept. --init URL makes the library a repository with remote origin URL\n"
	    "(a remote with content is checked out into an empty library), then syncs.")},
	{"merge-note", cmd_merge_note, N_("BASE OURS THEIRS [NAME]"), N_("git's merge driver for notes and lists"),
	 N_("Merges three versions of a note (or list) into OURS: status and rating from\n"
	    "the side changed later (status_changed, rating_changed), tags as both sides'\n"
	    "additions minus their removals, other fields from the side that changed them,\n"
	    "and the text line by line where the sides changed different lines, else\n"
	    "three-way (lines both sides only appended are both kept). Exits 1 when the\n"
	    "text still has conflicts, marked as git marks them. `quire sync` registers it\n"
	    "in .git/config and .gitattributes (notes/*.md and lists/* merge=quire-note).")},
	{"help", cmd_help, N_("[COMMAND]"), N_("explain a command"),
	 N_("Without COMMAND, lists the commands. Every command's -h or --help prints\n"
	    "its help; -- ends a command's options.")},
	{NULL, NULL, NULL, NULL, NULL},
};

const struct cli_command *cli_command_find(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}
