/* settings.c: the [net] section of the config file and the environment. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "net/private.h"
#include "util/i18n.h"
#include "util/settings.h"

#define DEFAULT_API "http://export.arxiv.org/api/query"
#define DEFAULT_PDF "https://arxiv.org/pdf/"

/* A number in [lo, hi] from text; false when it is none. */
static bool parse_number(const char *text, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end == text || *end || errno || !isfinite(v) || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* One setting: [net] key, then the environment variable env (may be NULL). */
static int number_setting(const struct config *c, const char *cpath, const char *key,
			  const char *env, double lo, double hi, double *out, char **errp)
{
	const char *v = c ? config_get(c, "net", key) : NULL;
	if (v && !parse_number(v, lo, hi, out))
		return error_set(errp, _("%s: [net] %s = %s: expected a number from %g to %g"), cpath,
				 key, v, lo, hi);
	const char *e = env ? getenv(env) : NULL;
	if (e && *e && !parse_number(e, lo, hi, out))
		return error_set(errp, _("%s=%s: expected a number from %g to %g"), env, e, lo, hi);
	return 0;
}

static char *text_setting(const struct config *c, const char *key, const char *env,
			  const char *def)
{
	const char *e = getenv(env);
	if (e && *e)
		return xstrdup(e);
	const char *v = c ? config_get(c, "net", key) : NULL;
	return xstrdup(v && *v ? v : def);
}

int net_settings_load(struct net_settings *s, char **errp)
{
	memset(s, 0, sizeof *s);
	char *cpath = config_path();
	struct config *c = NULL;
	if (config_load(cpath, &c, errp) < 0) {
		free(cpath);
		return -1;
	}
	double delay = 3, parallel = 4, retries = 4, timeout = 60, backoff = 1;
	int r = 0;
	if (number_setting(c, cpath, "delay", "QUIRE_ARXIV_DELAY", 0, 3600, &delay, errp) < 0 ||
	    number_setting(c, cpath, "parallel", NULL, 1, 64, &parallel, errp) < 0 ||
	    number_setting(c, cpath, "retries", "QUIRE_NET_RETRIES", 0, 20, &retries, errp) < 0 ||
	    number_setting(c, cpath, "timeout", "QUIRE_NET_TIMEOUT", 1, 86400, &timeout, errp) < 0 ||
	    number_setting(c, cpath, "backoff", "QUIRE_NET_BACKOFF", 0, 600, &backoff, errp) < 0)
		r = -1;
	if (r == 0) {
		s->arxiv_api = text_setting(c, "arxiv_api", "QUIRE_ARXIV_API", DEFAULT_API);
		s->arxiv_pdf = text_setting(c, "arxiv_pdf", "QUIRE_ARXIV_PDF", DEFAULT_PDF);
		s->delay = delay;
		s->parallel = (int)parallel;
		s->retries = (int)retries;
		s->timeout = (long)timeout;
		s->backoff = backoff;
	}
	config_free(&c);
	free(cpath);
	return r;
}

void net_settings_free(struct net_settings *s)
{
	free(s->arxiv_api);
	free(s->arxiv_pdf);
	memset(s, 0, sizeof *s);
}

char *arxiv_api_url(const struct net_settings *s, char *const *ids, size_t n)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s%cid_list=", s->arxiv_api, strchr(s->arxiv_api, '?') ? '&' : '?');
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? "," : "", ids[i]);
	buf_printf(&b, "&max_results=%zu", n);
	return buf_detach(&b);
}

char *arxiv_pdf_url(const struct net_settings *s, const char *id, int version)
{
	if (version > 0)
		return xasprintf("%s%sv%d", s->arxiv_pdf, id, version);
	return xasprintf("%s%s", s->arxiv_pdf, id);
}
