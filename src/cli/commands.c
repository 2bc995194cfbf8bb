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
	    "as prefixes; results are ranked with the title weighted highest. From three\n"
	    "letters on it also searches the text of the cached PDFs (indexed first when\n"
	    "missing or stale): papers found only there come after the others. --topic T\n"
	    "and the output as for `quire list`, with one more column, page: the page of\n"
	    "the best hit in the paper's PDF (empty when none; \"page\" in JSON).")},
	{"add", cmd_add, N_("ID|URL..."), N_("add papers by arXiv id, DOI or web address"),
	 N_("Adds each paper to lists/inbox.md, the reading list quire keeps itself (plain\n"
	    "Markdown, written atomically), and indexes it. ID is an arXiv id or any arXiv\n"
	    "URL (abs, pdf, html, export, old-style ids, with or without version), a DOI or\n"
	    "doi.org URL (arXiv's 10.48550/arXiv.ID counts as the arXiv id), or a web\n"
	    "address (a PDF or a paper's landing page). arXiv papers are resolved at once;\n"
	    "without the network they are still added, with what is known, and `quire\n"
	    "resolve` fetches the rest later. Prints the key of each paper added.")},
	{"resolve", cmd_resolve, N_("[KEY...|--all]"), N_("fetch arXiv metadata"),
	 N_("Asks the arXiv API (at most 100 ids per request, requests spaced by [net] delay)\n"
	    "for the full title, all authors, abstract, categories, dates, latest version, DOI\n"
	    "and journal reference of the papers with an arXiv id: the KEYs, else those not\n"
	    "resolved yet (from the cache when it holds their entries), or with --all every\n"
	    "one again. The answer is kept in the cache\n"
	    "(the raw entry under arxiv/, the fields in the index); the list's own title\n"
	    "stays as an alias. A paper whose list names an older version than the latest\n"
	    "is reported. An error from the API, malformed XML or an unknown id is one line\n"
	    "on stderr, and the exit status is 1.")},
	{"fetch", cmd_fetch, N_("[KEY...|--topic T|--unread|--all]"), N_("download PDFs into the cache"),
	 N_("Downloads the PDF of each paper into the cache (pdf/KEY.pdf), several at once\n"
	    "([net] parallel): arXiv papers from [net] arxiv_pdf (with the version the list\n"
	    "names), others from the link in the list; a landing page is followed to the PDF\n"
	    "it declares (citation_pdf_url). A file is stored only when it is a PDF that\n"
	    "MuPDF opens with at least one page; a web page, an empty or a truncated answer\n"
	    "is refused. An interrupted download stays as pdf/KEY.pdf.part and is resumed.\n"
	    "Failed tries (timeouts, cut connections, HTTP 5xx and 429) are retried after a\n"
	    "growing wait, as Retry-After asks. A terminal shows a progress bar per file;\n"
	    "else one line per file. Prints \"KEY<TAB>PATH\" for each file saved; the exit\n"
	    "status is 1 when any failed, each named on stderr. The text of what was saved\n"
	    "then goes into the full-text index.")},
	{"summarize", cmd_summarize,
	 N_("[--strategy NAME] [--model NAME|PATH] [--extractive] [--no-save] [--timings] "
	    "KEY|PATH|-"),
	 N_("summarise a paper, a PDF or a text file"),
	 N_("Streams a summary of a paper (KEY: its cached PDF, else its resolved abstract),\n"
	    "a PDF or text file (PATH, a regular file), or standard input (-) to stdout;\n"
	    "text input may hold up to 64 MB. --strategy (else [llm] strategy in the config\n"
	    "file, else hybrid): hybrid, the paper's most central sentences rewritten by the\n"
	    "model; onepass, the model once over title, introduction and conclusion;\n"
	    "mapreduce, the model over the whole paper chunk by chunk; extractive, the most\n"
	    "central sentences (--extractive); lead3, the introduction's first three\n"
	    "sentences. hybrid and onepass write a TL;DR sentence and 3-5 points; a point\n"
	    "with words not in the paper is dropped, a summary with many is replaced by the\n"
	    "extractive one, said so. The model is --model, else [llm] model in the config\n"
	    "file, else the first model in the models directory; without any the summary\n"
	    "is extractive and labelled so. The model is not run on a paper with neither\n"
	    "PDF nor abstract. --timings: time to the first text and to the end on stderr.\n"
	    "For a KEY the summary is saved in its note, unless --no-save: between\n"
	    "<!-- quire:summary --> markers (model, strategy, date) under \"## Summary\",\n"
	    "replacing quire's earlier summary and never the note's own text.")},
	{"text", cmd_text, N_("[--page N] [--width W] PATH|KEY"),
	 N_("print a PDF's text, reflowed for reading"),
	 N_("Prints the text of a PDF (PATH) or of a paper's cached PDF (KEY) as reading\n"
	    "text: columns read one after the other, running headers, footers and page\n"
	    "numbers left out, lines of a paragraph joined and words split by a hyphen at a\n"
	    "line's end made whole again (a real compound keeps its hyphen), headings shown\n"
	    "as \"# \", \"## \" or \"### \", figure and table captions indented, footnotes\n"
	    "after a rule at the end of their page. A paragraph that a page break cuts is\n"
	    "printed whole with the page where it starts. Pages are separated by a\n"
	    "form feed. --page N prints page N only (1 is the first). --width W wraps lines\n"
	    "at W columns (10 to 10000; default: the terminal's width, else 80).\n"
	    "An encrypted, damaged or empty document, or a page that takes longer than 20\n"
	    "seconds or more than 1 GB of memory to read, is an error naming the file.")},
	{"links", cmd_links, N_("PATH|KEY"), N_("list a PDF's links"),
	 N_("Prints the links of a PDF (PATH) or of a paper's cached PDF (KEY), one a line:\n"
	    "the page it is on, \"internal\" and the page it goes to (- when nowhere in the\n"
	    "document) or \"external\" and its URI, and the text under it, separated by\n"
	    "tabs. URIs have no control characters, spaces as %20. At most 5000 links and\n"
	    "8 KiB a URI; a warning counts the rest. Errors as for text.")},
	{"render", cmd_render, N_("[--page N] [--mode symbols|sixel|kitty|iterm] [--cols C] [--rows R] PATH|KEY"),
	 N_("draw a PDF's page for the terminal"),
	 N_("Renders page N (default 1) of a PDF (PATH) or of a paper's cached PDF (KEY)\n"
	    "with MuPDF and writes it to stdout for a terminal, fitted inside C x R cells\n"
	    "(default: the terminal's size, else 80 x 24) with its proportions kept:\n"
	    "--mode symbols (the default) as Unicode block symbols in true colour, exactly R\n"
	    "lines; sixel or kitty as one image in that graphics protocol (kitty's sent\n"
	    "inline in chunks, so it works over SSH); iterm as an iTerm2 inline image (a\n"
	    "PNG, for iTerm2 and WezTerm). The cell size in pixels comes from\n"
	    "[reader] cell_size = WxH in the config file, else from the terminal, else\n"
	    "10x20. A missing page, an encrypted or damaged document, or a page that takes\n"
	    "longer than 20 seconds or more than 1 GB of memory is an error naming the file.")},
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
