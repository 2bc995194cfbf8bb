/* Pieces of terminal replies that the replay driver's mutations insert
 * (included by tests/fuzz_replay.c). */
static const char *const tokens[] = {
	"\033", "\033[", "\033[?", "\033_G", "\033\\", ";", "c", "t", "4", "6", "i=31", ";OK",
	"\033[?62;4c", "\033[6;16;8t", "\033[4;600;800t", "\033_Gi=31;OK\033\\", "\033P", "\0",
	"99999999999", ";;;;", "\xc3\xa9", "\033O", "A",
};
