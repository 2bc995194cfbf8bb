/* Pieces of PDF syntax that the replay driver's
 * mutations insert (included by tests/fuzz_replay.c). */
static const char *const tokens[] = {
	"obj", "endobj", "stream\n", "endstream", "/Length 99999999", "/Length -1", "xref\n",
	"trailer", "startxref\n0\n", "<<", ">>", "[", "]", "(", ")", "\\", "/Type /Page",
	"/Count 2147483647", "/Count -1", "/Kids [3 0 R 3 0 R]", "/MediaBox [0 0 1e30 1e30]",
	"/MediaBox [0 0 0 0]", "BT", "ET", "Tj", "TJ", " Tf ", " Td ", " Tw ", " Tz ", "1e38",
	"-1e38", "nan", "/F1 0 Tf", "q ", "Q ", " cm ", "/Encrypt 9 0 R", "/FlateDecode",
	"\xfe\xff", "\0", "\n", "%%EOF", "1 0 R", "/JS (app.alert(1))", "/OpenAction",
};
