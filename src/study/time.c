/* time.c: ISO-8601 UTC times <-> microseconds since the epoch, on the
 * proleptic Gregorian calendar (no time_t, so no year-2038 limit). */
#include "config.h"

#include <string.h>
#include <time.h>

#include "study/study.h"
#include "util/i18n.h"
#include "util/util.h"

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static bool leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* n digits at *p as a number, advancing *p; -1 when they are not digits. */
static long digits(const char **p, const char *end, int n)
{
	long v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (*p >= end || **p < '0' || **p > '9')
			return -1;
		v = v * 10 + (**p - '0');
	}
	return v;
}

static bool expect(const char **p, const char *end, char c)
{
	if (*p < end && **p == c) {
		(*p)++;
		return true;
	}
	return false;
}

int srs_time_parse(const char *s, size_t len, int64_t *out, const char **why)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *p = s, *end = s + len;
	long y = digits(&p, end, 4);
	bool sep = expect(&p, end, '-');
	long mo = digits(&p, end, 2);
	sep = expect(&p, end, '-') && sep;
	long d = digits(&p, end, 2);
	if (y < 0 || mo < 0 || d < 0 || !sep) {
		*why = N_("expected a date YYYY-MM-DD");
		return -1;
	}
	if (!expect(&p, end, 'T') && !expect(&p, end, ' ')) {
		*why = N_("expected T and a time of day after the date");
		return -1;
	}
	long h = digits(&p, end, 2);
	sep = expect(&p, end, ':');
	long mi = digits(&p, end, 2);
	sep = expect(&p, end, ':') && sep;
	long sec = digits(&p, end, 2);
	if (h < 0 || mi < 0 || sec < 0 || !sep) {
		*why = N_("expected a time of day HH:MM:SS");
		return -1;
	}
	if (y < 1 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] + (mo == 2 && leap(y)) || h > 23 || mi > 59 || sec > 59) {
		*why = N_("no such date or time of day");
		return -1;
	}
	long usec = 0;
	if (expect(&p, end, '.') || expect(&p, end, ',')) {
		int n = 0;
		for (; p < end && *p >= '0' && *p <= '9'; p++, n++) {
			if (n >= 6) {
				*why = N_("more than six digits of fractional seconds");
				return -1;
			}
			usec = usec * 10 + (*p - '0');
		}
		if (n == 0) {
			*why = N_("expected digits after the decimal point");
			return -1;
		}
		for (; n < 6; n++)
			usec *= 10;
	}
	size_t rest = (size_t)(end - p);
	if (!(rest == 1 && *p == 'Z') &&
	    !(rest == 6 && (memcmp(p, "+00:00", 6) == 0 || memcmp(p, "-00:00", 6) == 0)) &&
	    !(rest == 5 && (memcmp(p, "+0000", 5) == 0 || memcmp(p, "-0000", 5) == 0))) {
		*why = rest == 0 ? N_("the time has no UTC offset (add Z or +00:00)") :
				   N_("the time is not in UTC (expected Z or +00:00 at its end)");
		return -1;
	}
	int64_t days = days_from_civil(y, (int)mo, (int)d);
	*out = ((days * 24 + h) * 60 + mi) * 60 * SRS_USEC_PER_SEC + sec * SRS_USEC_PER_SEC + usec;
	return 0;
}

int64_t srs_time_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * SRS_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Write v as n digits at p (zero-padded). */
static void put_digits(char *p, int64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
}

/* By hand rather than with printf: a replay prints two times a review. */
void srs_time_format(int64_t t, struct buf *out)
{
	int64_t days = t / SRS_USEC_PER_DAY, rem = t % SRS_USEC_PER_DAY;
	if (rem < 0) {
		rem += SRS_USEC_PER_DAY;
		days--;
	}
	int64_t y;
	int m, d;
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		buf_printf(out, "%04lld", (long long)y);
	} else {
		char yy[4];
		put_digits(yy, y, 4);
		buf_add(out, yy, 4);
	}
	int64_t secs = rem / SRS_USEC_PER_SEC, usec = rem % SRS_USEC_PER_SEC;
	char s[] = "-MM-DDTHH:MM:SS.ffffff+00:00";
	put_digits(s + 1, m, 2);
	put_digits(s + 4, d, 2);
	put_digits(s + 7, secs / 3600, 2);
	put_digits(s + 10, secs / 60 % 60, 2);
	put_digits(s + 13, secs % 60, 2);
	put_digits(s + 16, usec, 6);
	if (usec) {
		buf_add(out, s, sizeof s - 1);
	} else {
		buf_add(out, s, 15);
		buf_adds(out, "+00:00");
	}
}
