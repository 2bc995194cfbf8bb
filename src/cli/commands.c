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
	{"list", cmd_list, N_("[--topic T] [--unread|--reading|--read] [--format tsv|json]"),
	 N_("list papers"),
	 N_("Prints the papers in list order: TSV with a header line and the columns\n"
	    "key, arxiv, year, status, kind, topic, title; or a JSON array.\n"
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
	{"srs", cmd_srs, N_("replay [FILE] | params"),
	 N_("spaced-repetition scheduling (FSRS-6)"),
	 N_("replay grades every review of a log in order with the FSRS-6 scheduler and\n"
	    "prints one CSV row per review: card_id, review_rating, review_time, state\n"
	    "(1 learning, 2 review, 3 relearning), step (empty in review), stability,\n"
	    "difficulty, due. FILE is a CSV log with the header\n"
	    "card_id,review_rating,review_time,review_duration (its rows in their order),\n"
	    "or a log in the reviews.log form (- reads standard input); without FILE, the\n"
	    "library's reviews.log (sorted by time, duplicate lines once, undone grades\n"
	    "left out). Malformed lines are reported with their line number and skipped.\n"
	    "params prints the scheduler's settings in effect: [srs] in the config file\n"
	    "(desired_retention, parameters, learning_steps, relearning_steps,\n"
	    "maximum_interval, fuzz, fuzz_seed) over the defaults.")},
	{"cards", cmd_cards, N_("[--topic T] [--due] [--format tsv|json] | --unsuspend ID"),
	 N_("list the flashcards"),
	 N_("Prints the flashcards: TSV with a header line and the columns id, kind (qa,\n"
	    "cloze, term, table), topic, front, back, source (FILE:LINE in the library;\n"
	    "tabs and newlines in values become spaces; a cloze's front shows its gap as\n"
	    "[...]), or a JSON array with context, state and due time too. Cards are\n"
	    "written by hand in cards/*.md and notes/*.md (Q:/A: blocks, C: clozes with\n"
	    "[gaps], term :: definition lines) or made from the knowledge sections of the\n"
	    "reading lists. --topic T keeps the cards of topic T (as for `quire list`);\n"
	    "--due keeps the cards due now. A malformed card is reported with its file and\n"
	    "line and left out. --unsuspend ID brings a card suspended in a review back\n"
	    "(the JSON gives each card's state).")},
	{"review", cmd_review, "", N_("review the cards due (a line-by-line prompt)"),
	 N_("Shows the cards due, learning cards first, then review cards by due time,\n"
	    "then new cards up to [srs] new_per_day (20) a day. Each card shows its context\n"
	    "and front; Enter shows the answer and the interval each grade would give.\n"
	    "Answer with one line: 1 Again, 2 Hard, 3 Good, 4 Easy; u undoes the last grade\n"
	    "(an undo line is appended to reviews.log); e edits the card's source in\n"
	    "$VISUAL or $EDITOR; s suspends the card and b buries it until tomorrow\n"
	    "(recorded in cards.state); q stops. Reads standard input line by line, so it\n"
	    "works over any terminal and from a script. Ends with a summary.")},
	{"stats", cmd_stats, "", N_("review statistics"),
	 N_("Prints the cards by state, reviews a day over the last year as a calendar heat\n"
	    "map (· ░ ▒ ▓ █), the due forecast for the next 30 days as a bar chart, and the\n"
	    "true retention (review cards recalled) of each of the last 12 weeks.")},
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
