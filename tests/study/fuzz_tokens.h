/* Pieces of review logs and card files that the replay driver's
 * mutations insert (included by tests/fuzz_replay.c). */
static const char *const tokens[] = {
	",", "\t", "\n", "\r\n", "\"", "\"\"", "card_id,review_rating,review_time,review_duration\n",
	"+00:00", "Z", "+01:00", ".", ".000001", ".9999999", "T", " ", "-", ":", "undo", "1", "2", "3",
	"4", "5", "0", "2038-01-19T03:14:08", "9999-12-31T23:59:59.999999Z", "0001-01-01T00:00:00Z",
	"2100-02-29T00:00:00Z", "2024-02-29T12:00:00Z", "1711684180217", "#", "\0", "\xEF\xBB\xBF",
	"99999999999999999999", "-1",
};
