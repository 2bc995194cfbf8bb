#!/bin/sh
# How encrypted.pdf was made (run once by hand; needs python3 and qpdf):
# a one-page PDF with one line of text, written by hand, then encrypted
# with AES-256 and the user and owner password "secret". qpdf's output
# differs from run to run (random IV and ID), so the file is committed.
set -e
python3 - <<'PY'
content = b"BT /F1 18 Tf 72 720 Td (Secret findings about attention.) Tj ET\n"
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
    b" /Resources << /Font << /F1 5 0 R >> >> >>",
    b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
]
out = bytearray(b"%PDF-1.4\n")
offs = []
for i, o in enumerate(objs, 1):
    offs.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offs:
    out += b"%010d 00000 n \n" % o
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open("plain.pdf", "wb").write(out)
PY
qpdf --encrypt secret secret 256 -- plain.pdf encrypted.pdf
