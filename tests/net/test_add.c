/* cli_add_offline, what the interface's add prompt calls: the paper goes
 * into lists/inbox.md and the index at once, without the network. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "tap.h"

int main(void)
{
	char dir[] = "/tmp/quire-add-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	char *cache = xasprintf("%s/cache", dir);
	setenv("QUIRE_CACHE_DIR", cache, 1);
	char *libdir = xasprintf("%s/lib", dir);
	struct library *lib = NULL;
	char *err = NULL, *key = NULL, *arxiv = NULL;
	ok(library_open(libdir, &lib, &err) == 0, "library opened");
	is(cli_add_offline(lib, "https://arxiv.org/pdf/2401.00077v2", &key, &arxiv, &err), 0,
	   "an arXiv URL is added");
	is_str(key, "2401.00077", "its key");
	is_str(arxiv, "2401.00077", "its arXiv id, to resolve");
	FREE(&key), FREE(&arxiv);
	char *inbox = xasprintf("%s/lists/inbox.md", libdir);
	char *text = file_read_all(inbox, NULL, NULL);
	ok(text && strstr(text, "# Inbox\n") && strstr(text, "\n- [ ] https://arxiv.org/abs/2401.00077v2\n"),
	   "lists/inbox.md has the heading and the line");
	free(text);
	struct paper p;
	ok(library_paper_get(lib, "2401.00077", &p, &err) == 0 && p.arxiv_version == 2,
	   "the index has the paper, with the version");
	if (p.key)
		paper_free(&p);
	is(cli_add_offline(lib, "arXiv:2401.00077", &key, &arxiv, &err), 1, "added again: already there");
	is_str(key, "2401.00077", "with its key");
	FREE(&key), FREE(&arxiv);
	is(cli_add_offline(lib, "10.1145/3442188.3445922", &key, &arxiv, &err), 0, "a DOI is added");
	is_str(key, "doi-10.1145_3442188.3445922", "its key");
	ok(arxiv == NULL, "nothing to resolve");
	FREE(&key), FREE(&arxiv);
	is(cli_add_offline(lib, "what is this", &key, &arxiv, &err), -1, "anything else is refused");
	is_str(err, "what is this: not an arXiv id, a DOI or a web address; nothing was added", "saying so");
	FREE(&err);
	library_close(&lib);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd), free(inbox), free(libdir), free(cache);
	return done_testing();
}
