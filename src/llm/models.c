/* models.c: where GGUF models live and which one is the default. */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "llm/summarize.h"
#include "util/settings.h"
#include "util/i18n.h"

char *models_dir(void)
{
	const char *d = getenv("QUIRE_MODELS_DIR");
	if (d && *d)
		return xstrdup(d);
	const char *x = getenv("XDG_DATA_HOME");
	if (x && *x == '/')
		return xasprintf("%s/quire/models", x);
	const char *home = getenv("HOME");
	return xasprintf("%s/.local/share/quire/models", home && *home ? home : ".");
}

char *models_resolve(const char *name, char **errp)
{
	if (strchr(name, '/') || file_exists(name))
		return file_exists(name) ? xstrdup(name)
					 : (error_set(errp, _("%s: no such model file"), name), NULL);
	char *dir = models_dir();
	char *p = path_join(dir, name);
	if (!file_exists(p)) {
		free(p);
		char *withext = xasprintf("%s.gguf", name);
		p = path_join(dir, withext);
		free(withext);
	}
	if (!file_exists(p)) {
		error_set(errp, _("%s: no such model in %s (see `quire model list`)"), name, dir);
		FREE(&p);
	}
	free(dir);
	return p;
}

static int compare_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int summary_strategy_default(enum summary_strategy *out, char **errp)
{
	*out = SUMMARY_DEFAULT_STRATEGY;
	char *cpath = config_path();
	struct config *c = NULL;
	int r = 0;
	if (config_load(cpath, &c, errp) < 0) {
		free(cpath);
		return -1;
	}
	const char *name = config_get(c, "llm", "strategy");
	if (name && *name && !summary_strategy_parse(name, out))
		r = error_set(errp, _("%s: [llm] strategy: unknown \"%s\" (one of %s)"), cpath,
			      name, summary_strategy_names());
	config_free(&c);
	free(cpath);
	return r;
}

void models_list(struct strvec *out)
{
	char *dir = models_dir();
	DIR *d = opendir(dir);
	size_t first = out->n;
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' && str_ends_with(de->d_name, ".gguf"))
			strvec_push(out, de->d_name);
	if (d)
		closedir(d);
	if (out->n > first)
		qsort(out->v + first, out->n - first, sizeof *out->v, compare_str);
	free(dir);
}

char *models_default(char **errp)
{
	char *cpath = config_path();
	struct config *c = NULL;
	char *r = NULL;
	if (config_load(cpath, &c, errp) < 0) {
		free(cpath);
		return NULL;
	}
	const char *name = config_get(c, "llm", "model");
	if (name && *name) {
		char *err = NULL;
		r = models_resolve(name, &err);
		if (!r)
			error_set(errp, _("%s: [llm] model: %s"), cpath, err);
		free(err);
	} else {
		struct strvec v = STRVEC_INIT;
		models_list(&v);
		if (v.n) {
			char *dir = models_dir();
			r = path_join(dir, v.v[0]);
			free(dir);
		}
		strvec_free(&v);
	}
	config_free(&c);
	free(cpath);
	return r;
}
