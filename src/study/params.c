/* params.c: the scheduler's settings, [srs] in the config file. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "study/study.h"
#include "util/i18n.h"
#include "util/settings.h"
#include "util/util.h"

static const double default_w[SRS_N_WEIGHTS] = {
	0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,  1.8722, 0.1666, 0.796,
	1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
};

/* The reference's bounds for each parameter. */
static const double lower_w[SRS_N_WEIGHTS] = {
	0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001,
	0.001, 0.001, 0.001, 0.0,   0.0, 1.0,   0.0,   0.0,   0.0, 0.1,
};
static const double upper_w[SRS_N_WEIGHTS] = {
	100.0, 100.0, 100.0, 100.0, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5,
	5.0,   0.25,  0.9,   4.0,   1.0,  6.0, 2.0, 2.0,  0.8, 0.8,
};

void srs_params_default(struct srs_params *p)
{
	memset(p, 0, sizeof *p);
	memcpy(p->w, default_w, sizeof p->w);
	p->desired_retention = 0.9;
	p->learning_steps[0] = 60;
	p->learning_steps[1] = 600;
	p->n_learning = 2;
	p->relearning_steps[0] = 600;
	p->n_relearning = 1;
	p->maximum_interval = 36500;
	p->new_per_day = 20;
}

/* The C locale's numbers (a decimal point, whatever LC_NUMERIC says),
 * made current for the calling thread; pass the result to numeric_end. */
static locale_t numeric_begin(void)
{
	static locale_t c_numeric;
	if (!c_numeric)
		c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	return c_numeric ? uselocale(c_numeric) : (locale_t)0;
}

static void numeric_end(locale_t old)
{
	if (old)
		uselocale(old);
}

/* A finite number filling [s, e), or false. */
static bool parse_double(const char *s, const char *e, double *out)
{
	char *copy = xstrndup(s, (size_t)(e - s)), *end;
	errno = 0;
	*out = strtod(copy, &end);
	bool good = end != copy && !*end && errno == 0 && isfinite(*out);
	free(copy);
	return good;
}

static bool is_sep(char c)
{
	return c == ' ' || c == '\t' || c == ',';
}

/* "1m 10m", "30s, 1h", "1d"; a bare number is minutes. */
static bool parse_steps(const char *v, int64_t *steps, int *n)
{
	*n = 0;
	for (const char *p = v; *p;) {
		while (is_sep(*p))
			p++;
		if (!*p)
			break;
		const char *s = p;
		int64_t x = 0;
		while (*p >= '0' && *p <= '9') {
			if (x > INT64_C(1) << 40)
				return false;
			x = x * 10 + (*p++ - '0');
		}
		if (p == s)
			return false;
		int64_t unit = 60;
		if (*p == 's' || *p == 'm' || *p == 'h' || *p == 'd')
			unit = *p == 's' ? 1 : *p == 'm' ? 60 : *p == 'h' ? 3600 : 86400, p++;
		if ((*p && !is_sep(*p)) || x == 0 || x > 36500 * INT64_C(86400) / unit ||
		    *n >= SRS_MAX_STEPS)
			return false;
		steps[(*n)++] = x * unit;
	}
	return true;
}

static int bad_value(char **errp, const char *file, const char *key, const char *value,
		     const char *problem)
{
	return error_set(errp, _("%s: [srs] %s = %s: %s"), file, key, value, problem);
}

static int load(const struct config *c, const char *file, struct srs_params *p, char **errp)
{
	srs_params_default(p);
	const char *v;
	if ((v = config_get(c, "srs", "desired_retention"))) {
		double r;
		if (!parse_double(v, v + strlen(v), &r) || !(r > 0 && r < 1))
			return bad_value(errp, file, "desired_retention", v,
					 _("expected a number between 0 and 1, e.g. 0.9"));
		p->desired_retention = r;
	}
	if ((v = config_get(c, "srs", "parameters"))) {
		double w[SRS_N_WEIGHTS];
		size_t n = 0;
		for (const char *s = v; *s;) {
			while (is_sep(*s))
				s++;
			if (!*s)
				break;
			const char *e = s;
			while (*e && !is_sep(*e))
				e++;
			double x;
			if (!parse_double(s, e, &x)) {
				char *tok = xstrndup(s, (size_t)(e - s));
				char *why = xasprintf(_("%s is not a number"), tok);
				bad_value(errp, file, "parameters", v, why);
				free(why);
				free(tok);
				return -1;
			}
			if (n < SRS_N_WEIGHTS)
				w[n] = x;
			n++;
			s = e;
		}
		if (n != SRS_N_WEIGHTS) {
			char *why = xasprintf(_("expected the %d FSRS-6 parameters, found %zu"),
					      SRS_N_WEIGHTS, n);
			bad_value(errp, file, "parameters", v, why);
			free(why);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			if (w[i] < lower_w[i] || w[i] > upper_w[i]) {
				char *why = xasprintf(_("parameter %zu (counting from 0) is %g, outside [%g, %g]"),
						      i, w[i], lower_w[i], upper_w[i]);
				bad_value(errp, file, "parameters", v, why);
				free(why);
				return -1;
			}
		}
		memcpy(p->w, w, sizeof w);
	}
	if ((v = config_get(c, "srs", "learning_steps")) &&
	    !parse_steps(v, p->learning_steps, &p->n_learning))
		return bad_value(errp, file, "learning_steps", v,
				 _("expected at most 16 durations such as 1m 10m (units s, m, h, d)"));
	if ((v = config_get(c, "srs", "relearning_steps")) &&
	    !parse_steps(v, p->relearning_steps, &p->n_relearning))
		return bad_value(errp, file, "relearning_steps", v,
				 _("expected at most 16 durations such as 10m (units s, m, h, d)"));
	if ((v = config_get(c, "srs", "maximum_interval"))) {
		char *end;
		errno = 0;
		long x = strtol(v, &end, 10);
		if (end == v || *end || errno || x < 1 || x > 36500)
			return bad_value(errp, file, "maximum_interval", v,
					 _("expected a number of days from 1 to 36500"));
		p->maximum_interval = (int)x;
	}
	if ((v = config_get(c, "srs", "new_per_day"))) {
		char *end;
		errno = 0;
		long x = strtol(v, &end, 10);
		if (end == v || *end || errno || x < 0 || x > 100000)
			return bad_value(errp, file, "new_per_day", v,
					 _("expected a whole number from 0 to 100000"));
		p->new_per_day = (int)x;
	}
	if ((v = config_get(c, "srs", "fuzz"))) {
		if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
			p->fuzz = true;
		else if (!strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "false") ||
			 !strcmp(v, "0"))
			p->fuzz = false;
		else
			return bad_value(errp, file, "fuzz", v, _("expected on or off"));
	}
	if ((v = config_get(c, "srs", "fuzz_seed"))) {
		char *end;
		errno = 0;
		unsigned long long x = strtoull(v, &end, 10);
		if (end == v || *end || errno || *v == '-')
			return bad_value(errp, file, "fuzz_seed", v,
					 _("expected a whole number from 0 to 18446744073709551615"));
		p->fuzz_seed = x;
	}
	return 0;
}

int srs_params_load(const struct config *c, const char *file, struct srs_params *p, char **errp)
{
	locale_t old = numeric_begin();
	int r = load(c, file, p, errp);
	numeric_end(old);
	return r;
}

/* The shortest form of x that reads back as x. */
static void add_double(struct buf *out, double x)
{
	char *s = xasprintf("%.15g", x);
	if (strtod(s, NULL) != x) {
		free(s);
		s = xasprintf("%.17g", x);
	}
	buf_adds(out, s);
	free(s);
}

static void add_steps(struct buf *out, const int64_t *steps, int n)
{
	for (int i = 0; i < n; i++) {
		int64_t s = steps[i];
		if (i)
			buf_addc(out, ' ');
		if (s % 86400 == 0)
			buf_printf(out, "%lldd", (long long)(s / 86400));
		else if (s % 3600 == 0)
			buf_printf(out, "%lldh", (long long)(s / 3600));
		else if (s % 60 == 0)
			buf_printf(out, "%lldm", (long long)(s / 60));
		else
			buf_printf(out, "%llds", (long long)s);
	}
}

void srs_params_print(const struct srs_params *p, struct buf *out)
{
	locale_t old = numeric_begin();
	buf_adds(out, "[srs]\ndesired_retention = ");
	add_double(out, p->desired_retention);
	buf_adds(out, "\nparameters = ");
	for (int i = 0; i < SRS_N_WEIGHTS; i++) {
		if (i)
			buf_adds(out, ", ");
		add_double(out, p->w[i]);
	}
	buf_adds(out, "\nlearning_steps = ");
	add_steps(out, p->learning_steps, p->n_learning);
	buf_adds(out, "\nrelearning_steps = ");
	add_steps(out, p->relearning_steps, p->n_relearning);
	buf_printf(out, "\nmaximum_interval = %d\nfuzz = %s\nfuzz_seed = %llu\nnew_per_day = %d\n",
		   p->maximum_interval, p->fuzz ? "on" : "off", (unsigned long long)p->fuzz_seed,
		   p->new_per_day);
	numeric_end(old);
}
