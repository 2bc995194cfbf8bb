/* cmd_list.c: `quire list` and `quire search`, and their output formats. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/private.h"
#include "util/i18n.h"

int output_format_parse(const char *s)
{
	if (strcmp(s, "tsv") == 0)
		return FORMAT_TSV;
	if (strcmp(s, "json") == 0)
		return FORMAT_JSON;
	return -1;
}

/* A TSV field: tabs, newlines and other control characters become spaces. */
static void put_field(FILE *out, const char *s)
{
	for (; s && *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, out);
}

void cli_put_json_string(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

void print_rows(FILE *out, const struct paper_row *rows, size_t n, enum output_format f,
		bool pages)
{
	if (f == FORMAT_TSV) {
		fputs(pages ? "key\tarxiv\tyear\tstatus\tkind\ttopic\ttitle\tpage\n"
			    : "key\tarxiv\tyear\tstatus\tkind\ttopic\ttitle\n", out);
		for (size_t i = 0; i < n; i++) {
			const struct paper_row *r = &rows[i];
			put_field(out, r->key);
			fputc('\t', out);
			put_field(out, r->arxiv);
			fputc('\t', out);
			if (r->year)
				fprintf(out, "%d", r->year);
			fprintf(out, "\t%s\t%s\t", paper_status_name(r->status), paper_kind_name(r->kind));
			put_field(out, r->topic);
			fputc('\t', out);
			put_field(out, r->title);
			if (pages && r->page > 0)
				fprintf(out, "\t%d", r->page);
			else if (pages)
				fputc('\t', out);
			fputc('\n', out);
		}
		return;
	}
	fputs("[", out);
	for (size_t i = 0; i < n; i++) {
		const struct paper_row *r = &rows[i];
		fputs(i ? ",\n {" : "\n {", out);
		fputs("\"key\": ", out);
		cli_put_json_string(out, r->key);
		fputs(", \"arxiv\": ", out);
		cli_put_json_string(out, r->arxiv);
		if (r->year)
			fprintf(out, ", \"year\": %d", r->year);
		else
			fputs(", \"year\": null", out);
		fprintf(out, ", \"status\": \"%s\", \"kind\": \"%s\", \"topic\": ",
			paper_status_name(r->status), paper_kind_name(r->kind));
		cli_put_json_string(out, r->topic);
		fputs(", \"title\": ", out);
		cli_put_json_string(out, r->title);
		fputs(", \"authors\": ", out);
		cli_put_json_string(out, r->authors);
		if (pages && r->page > 0)
			fprintf(out, ", \"page\": %d", r->page);
		else if (pages)
			fputs(", \"page\": null", out);
		fputs("}", out);
	}
	fputs(n ? "\n]\n" : "]\n", out);
}

static int run_query(const struct cli_globals *g, const struct paper_filter *f, enum output_format fmt)
{
	struct library *lib = cli_open_library(g);
	if (!lib)
		return 1;
	struct paper_row *rows;
	size_t n;
	char *err = NULL;
	/* a search reads the PDFs' text: what is not indexed yet is first */
	if (f->query && cli_index_pdfs(lib, &err) < 0) {
		fprintf(stderr, _("quire: %s; the PDFs' text is searched as far as it is indexed\n"),
			err);
		FREE(&err);
	}
	int r = library_rows(lib, f, &rows, &n, &err);
	if (r == 0) {
		print_rows(stdout, rows, n, fmt, f->query != NULL);
		library_rows_free(&rows, n);
	}
	cli_print_warnings(lib);
	library_close(&lib);
	if (fflush(stdout) != 0)
		return cli_fail(xstrdup(_("cannot write to standard output")));
	return r < 0 ? cli_fail(err) : 0;
}

int cmd_list(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{"topic", required_argument, NULL, 't'},
		{"unread", no_argument, NULL, 'u'},
		{"reading", no_argument, NULL, 'i'},
		{"read", no_argument, NULL, 'r'},
		{"format", required_argument, NULL, 'f'},
		{"tag", required_argument, NULL, 'g'},
		CLI_HELP_OPTION,
		{NULL, 0, NULL, 0},
	};
	struct paper_filter f = {NULL, -1, NULL, NULL, NULL};
	int fmt = FORMAT_TSV, c;
	while ((c = getopt_long(argc, argv, "t:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'h': return cli_print_help("list");
		case 't': f.topic_name = optarg; break;
		case 'g': f.tag = optarg; break;
		case 'u': f.status = STATUS_UNREAD; break;
		case 'i': f.status = STATUS_READING; break;
		case 'r': f.status = STATUS_READ; break;
		case 'f':
			if ((fmt = output_format_parse(optarg)) < 0) {
				fprintf(stderr, _("quire: --format %s: expected tsv or json\n"), optarg);
				return 2;
			}
			break;
		default: return cli_usage_error("list");
		}
	}
	if (optind != argc)
		return cli_usage_error("list");
	return run_query(g, &f, (enum output_format)fmt);
}

int cmd_search(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"topic", required_argument, NULL, 't'},
		CLI_HELP_OPTION,
		{NULL, 0, NULL, 0},
	};
	int fmt = FORMAT_TSV, c;
	const char *topic = NULL;
	while ((c = getopt_long(argc, argv, "f:t:h", opts, NULL)) != -1) {
		if (c == 'h')
			return cli_print_help("search");
		if (c == 't')
			topic = optarg;
		else if (c != 'f' || (fmt = output_format_parse(optarg)) < 0)
			return cli_usage_error("search");
	}
	if (optind >= argc)
		return cli_usage_error("search");
	struct buf q = BUF_INIT;
	for (int i = optind; i < argc; i++) {
		if (q.len)
			buf_addc(&q, ' ');
		buf_adds(&q, argv[i]);
	}
	struct paper_filter f = {NULL, -1, buf_str(&q), NULL, NULL};
	f.topic_name = topic;
	int r = run_query(g, &f, (enum output_format)fmt);
	buf_free(&q);
	return r;
}
