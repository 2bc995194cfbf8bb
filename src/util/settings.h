/* settings: the ini-style configuration file, $XDG_CONFIG_HOME/quire/config
 * (else ~/.config/quire/config):
 *
 *	# comment (also ; comment)
 *	[llm]
 *	model = SmolLM2-135M-Instruct-Q4_1.gguf
 *
 * Every option has a default, so a missing file is an empty config. */
#ifndef QUIRE_UTIL_SETTINGS_H
#define QUIRE_UTIL_SETTINGS_H

#include <stddef.h>

struct config;

/* The config file's path. Caller frees. */
char *config_path(void);

/* Parse len bytes of text read from name (used in messages). Returns 0 and
 * a new config (free with config_free), or -1 with *errp set to one line
 * "NAME:LINE: problem". */
int config_parse(const char *name, const char *text, size_t len, struct config **out, char **errp);

/* Read and parse the file at path; a missing file gives an empty config. */
int config_load(const char *path, struct config **out, char **errp);

/* The value of key in [section], or NULL. Owned by c. The last
 * assignment wins. */
const char *config_get(const struct config *c, const char *section, const char *key);

void config_free(struct config **cp);

/* Set key = value in [section] of the file at path (created with its
 * directory when missing): the line is replaced where it is, or added at the
 * end of the section, or a new section is appended; every other byte is
 * kept. Written atomically. Returns 0 or -1 with *errp set. */
int config_set(const char *path, const char *section, const char *key, const char *value,
	       char **errp);

#endif
