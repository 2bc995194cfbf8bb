/* fuzz_main: standalone driver for a libFuzzer target, for compilers
 * without -fsanitize=fuzzer. Replays every file given (or in the given
 * directories), then deterministic mutations of them (bit flips, byte and
 * integer overwrites with boundary values, truncations) until the
 * iteration or time budget runs out. Prints TAP.
 *
 *   fuzz_gguf_replay [-n ITERATIONS] [-s SECONDS] FILE|DIR...
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tap.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	char *data;
	size_t len;
};

static uint64_t state = 0x9E3779B97F4A7C15ull;
static uint64_t next_rand(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static void add_file(struct input **v, size_t *n, size_t *cap, const char *path)
{
	char *err = NULL;
	size_t len;
	char *d = file_read_all(path, &len, &err);
	if (!d) {
		printf("# %s\n", err);
		free(err);
		return;
	}
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	(*v)[*n].data = d;
	(*v)[(*n)++].len = len;
}

static void mutate(char *d, size_t len, size_t *out_len)
{
	static const uint64_t magic[] = {0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffff,
		0xffffffff, 0x100000000ull, INT64_MAX, UINT64_MAX, 32, 4096};
	*out_len = len;
	int n_mut = 1 + (int)(next_rand() % 4);
	for (int k = 0; k < n_mut && len; k++) {
		size_t pos = (size_t)(next_rand() % len);
		/* most structure is in the header: favour the first 4 KiB */
		if (next_rand() % 4 && len > 4096)
			pos = (size_t)(next_rand() % 4096);
		switch (next_rand() % 5) {
		case 0:
			d[pos] ^= (char)(1u << (next_rand() % 8));
			break;
		case 1:
			d[pos] = (char)next_rand();
			break;
		case 2: case 3: {
			uint64_t v = magic[next_rand() % ARRAY_SIZE(magic)];
			size_t w = (next_rand() % 2) ? 8 : 4;
			if (pos + w <= len)
				memcpy(d + pos, &v, w);
			break;
		}
		case 4:
			*out_len = (size_t)(next_rand() % len);
			break;
		}
	}
}

int main(int argc, char **argv)
{
	long iters = 2000;
	double seconds = 20;
	struct input *in = NULL;
	size_t n = 0, cap = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			iters = atol(argv[++i]);
			continue;
		}
		if (!strcmp(argv[i], "-s") && i + 1 < argc) {
			seconds = atof(argv[++i]);
			continue;
		}
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			DIR *dir = opendir(argv[i]);
			struct dirent *e;
			while (dir && (e = readdir(dir))) {
				if (e->d_name[0] == '.')
					continue;
				char *p = path_join(argv[i], e->d_name);
				add_file(&in, &n, &cap, p);
				free(p);
			}
			if (dir)
				closedir(dir);
		} else {
			add_file(&in, &n, &cap, argv[i]);
		}
	}
	ok(n > 0, "corpus has %zu inputs", n);
	for (size_t i = 0; i < n; i++)
		LLVMFuzzerTestOneInput((const uint8_t *)in[i].data, in[i].len);
	ok(1, "replayed the corpus");
	long done = 0;
	clock_t start = clock();
	for (; done < iters && n; done++) {
		if ((double)(clock() - start) / CLOCKS_PER_SEC > seconds)
			break;
		const struct input *src = &in[next_rand() % n];
		char *d = xmalloc(src->len ? src->len : 1);
		memcpy(d, src->data, src->len);
		size_t len;
		mutate(d, src->len, &len);
		LLVMFuzzerTestOneInput((const uint8_t *)d, len);
		free(d);
	}
	ok(1, "%ld deterministic mutations ran without a crash", done);
	for (size_t i = 0; i < n; i++)
		free(in[i].data);
	free(in);
	return done_testing();
}
