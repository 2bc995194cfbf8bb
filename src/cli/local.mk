# cli: the subcommands
libquire_a_SOURCES += src/cli/cli.h src/cli/private.h src/cli/commands.c src/cli/open.c \
	src/cli/cmd_import.c src/cli/cmd_list.c src/cli/cmd_show.c src/cli/cmd_mark.c \
	src/cli/cmd_help.c src/cli/cmd_note.c src/cli/cmd_sync.c \
	src/cli/cmd_summarize.c src/cli/cmd_model.c src/cli/cmd_srs.c src/cli/cmd_text.c \
	src/cli/cmd_resolve.c src/cli/cmd_add.c src/cli/cmd_fetch.c \
	src/cli/cmd_cards.c src/cli/cmd_review.c src/cli/cmd_stats.c \
	src/cli/cmd_render.c src/cli/index.c src/cli/cmd_links.c

TESTS += tests/cli/test_cli.sh tests/cli/test_kill.sh tests/cli/test_surface.sh \
	tests/cli/test_robust.sh tests/cli/test_escape.sh tests/cli/test_fulltext.sh
EXTRA_DIST += tests/cli/test_cli.sh tests/cli/test_kill.sh tests/cli/test_surface.sh \
	tests/cli/test_robust.sh tests/cli/test_escape.sh tests/cli/test_fulltext.sh
