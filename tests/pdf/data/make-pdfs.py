#!/usr/bin/env python3
"""Write the small PDFs of tests/pdf/data (run from that directory; only
python3). Text is Helvetica with its standard glyph widths declared
(/Widths), so a line's width is known here and full lines are justified
with Tw, as a typesetter would set them; a paragraph's last line is left
short."""

SIZE = 10.0
LEAD = 12.0


# Helvetica's advance widths (its AFM) for the characters 32 to 126.
HELV = [278, 278, 355, 556, 556, 889, 667, 222, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        222, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584]


def esc(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def line(x, y, text, size=SIZE, width=None, font="F1"):
    """One line at (x, y); justified to width when given."""
    tw = 0.0
    if width is not None and text.count(" "):
        natural = sum(HELV[ord(ch) - 32] for ch in text) / 1000.0 * size
        tw = (width - natural) / text.count(" ")
    return "BT /%s %g Tf %g Tw %g %g Td (%s) Tj ET\n" % (font, size, tw, x, y, esc(text))


def para(x, y, width, lines, size=SIZE, lead=LEAD, last_full=False):
    """A paragraph: every line but the last justified (the last one too when
    the paragraph goes on elsewhere). Returns (ops, next y)."""
    out = ""
    for i, t in enumerate(lines):
        full = i < len(lines) - 1 or last_full
        out += line(x, y, t, size, width if full else None)
        y -= lead
    return out, y


def text_width(text, size=SIZE):
    return sum(HELV[ord(ch) - 32] for ch in text) / 1000.0 * size


def pdf(pages, path, mediabox=(0, 0, 612, 792), outline=(), annots=()):
    widths = " ".join("%d" % w for w in HELV)
    font = lambda name: ("<< /Type /Font /Subtype /Type1 /BaseFont /%s /FirstChar 32"
                         " /LastChar 126 /Widths [%s] >>" % (name, widths))
    lig = ("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 1 /LastChar 126"
           " /Widths [556 556 556 834 834 %s %s] /Encoding << /Type /Encoding"
           " /BaseEncoding /WinAnsiEncoding /Differences [1 /fi /fl /ff /ffi /ffl] >> >>"
           % (" ".join(["0"] * 26), widths))
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", None, font("Helvetica"),
            font("Helvetica-Bold"), "<< /Type /Font /Subtype /Type1 /BaseFont /Symbol >>", lig]
    kids = ["%d 0 R" % (len(objs) + 2 + 2 * i) for i in range(len(pages))]
    # Link annotations: per page, (rect, what) pairs, what being the entry
    # that says where the link goes ("/Dest [{0} /Fit]", {k} naming page k);
    # they come after the pages.
    annot_ids = []
    next_id = len(objs) + 2 * len(pages) + 1
    for i in range(len(pages)):
        page_annots = annots[i] if i < len(annots) else []
        annot_ids.append(list(range(next_id, next_id + len(page_annots))))
        next_id += len(page_annots)
    for i, content in enumerate(pages):
        data = content.encode("latin-1")
        objs.append("<< /Length %d >>\nstream\n%sendstream" % (len(data), content))
        ann = ""
        if annot_ids[i]:
            ann = " /Annots [%s]" % " ".join("%d 0 R" % a for a in annot_ids[i])
        objs.append("<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Contents %d 0 R"
                    " /Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R /F4 6 0 R >> >>%s >>"
                    % (" ".join("%g" % v for v in mediabox), len(objs), ann))
    for i in range(len(pages)):
        for rect, what in (annots[i] if i < len(annots) else []):
            objs.append("<< /Type /Annot /Subtype /Link /Rect [%s] /Border [0 0 0] %s >>"
                        % (" ".join("%g" % v for v in rect), what.format(*kids)))
    objs[1] = "<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(kids), len(kids))
    if outline:
        # An outline: (title, 0-based page, level 0 or 1) entries in order.
        root = len(objs) + 1
        first = root + 1
        ids = [first + i for i in range(len(outline))]
        tops = [i for i, e in enumerate(outline) if e[2] == 0]
        items = []
        for i, (title, page, level) in enumerate(outline):
            if level == 0:
                k = tops.index(i)
                parent = root
                sibs = tops
            else:
                parent = ids[max(j for j in tops if j < i)]
                sibs = [j for j in range(len(outline)) if outline[j][2] == 1 and
                        max(t for t in tops if t < j) == max(t for t in tops if t < i)]
                k = sibs.index(i)
            d = "<< /Title (%s) /Parent %d 0 R /Dest [%s /Fit]" % (esc(title), parent, kids[page])
            if k > 0:
                d += " /Prev %d 0 R" % ids[sibs[k - 1]]
            if k + 1 < len(sibs):
                d += " /Next %d 0 R" % ids[sibs[k + 1]]
            kids_of = [j for j in range(i + 1, len(outline)) if outline[j][2] == 1 and
                       level == 0 and all(outline[m][2] == 1 for m in range(i + 1, j + 1))]
            if kids_of:
                d += " /First %d 0 R /Last %d 0 R /Count %d" % (ids[kids_of[0]], ids[kids_of[-1]],
                                                               len(kids_of))
            items.append(d + " >>")
        objs.append("<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
                    % (ids[tops[0]], ids[tops[-1]], len(tops)))
        objs.extend(items)
        objs[0] = "<< /Type /Catalog /Pages 2 0 R /Outlines %d 0 R >>" % root
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o.encode("latin-1") + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    open(path, "wb").write(out)


def header(n):
    """A running header and a page number in the footer."""
    return (line(40, 760, "Proceedings of Column Studies", 8) +
            line(540, 760, "Vol. 7", 8) + line(300, 40, "%d" % n, 8))


# Three columns, three pages: each column holds one paragraph of its own.
COLS = [(40, 170), (225, 170), (410, 170)]
WORDS = {0: "alpha", 1: "beta", 2: "gamma"}
pages = []
for n in range(1, 4):
    c = header(n)
    y = 720
    if n == 1:
        c += line(150, 730, "Reading Three Columns", 18, font="F2")
        y = 690
    for i, (x, w) in enumerate(COLS):
        word = WORDS[i]
        lines = ["Page %d column %d starts here with" % (n, i + 1),
                 "the %s words of a paragraph" % word,
                 "set in a narrow column, and it" % (),
                 "goes on down the column to end."]
        ops, _ = para(x, y, w, lines)
        c += ops
    pages.append(c)
pdf(pages, "three-columns.pdf")

# Hyphens at line ends: split words and real compounds.
W = 500
text = [
    ["The fixed- and random-effects models are fitted to the data and then",
     "compared; the models are old and a state-of-the-art method is used for",
     "the database as a well-known tool in every database course and then"],
    ["We fitted the mod-",
     "els again with fixed-",
     "and random-effects terms, and a state-",
     "of-the-art data-",
     "base was used, a well-",
     "known method."],
]
c = line(40, 740, "Hyphens at the Ends of Lines", 16, font="F2")
ops, y = para(40, 700, W, text[0])
c += ops
y -= 10
# The second paragraph: every line but the last justified to W.
ops, y = para(40, y, W, text[1])
c += ops
y -= 10
c += line(40, y, "Figure 1: A caption between two paragraphs.", 9)
y -= 22
ops, y = para(40, y, W, ["The last paragraph comes after the caption and ends the",
                         "page."])
c += ops
pdf([c], "hyphen.pdf")

# A footnote under the first of two columns, the paragraph going on in the
# second column.
c = ""
lines1 = ["A paragraph that starts in the left",
          "column and runs all the way down",
          "to its foot, where the sentence is",
          "not finished yet but goes on in"]
ops, _ = para(40, 700, 250, lines1, last_full=True)
c += ops
c += line(40, 80, "1 The footnote under the left column.", 7)
c += line(320, 700, "the right column to its full stop.")
c += line(320, 700 - LEAD, "    Then a second paragraph follows.")
pdf([c], "footnote.pdf")

# Ligature glyphs (codes 1 to 5 named /fi /fl /ff /ffi /ffl) and math
# from the Symbol font: alpha, less-or-equal, beta, summation.
c = line(40, 700, "We \001nd the \002oor, the e\003ort, the o\004ce and the ba\005ed.", font="F4")
c += line(40, 680, "a \243 b \345", font="F3")
pdf([c], "ligatures.pdf")

# No pages at all, and a page of enormous size (MuPDF allows user units).
pdf([], "zero-pages.pdf")
pdf([line(40, 700, "A line on a page far larger than any sheet.")], "huge-page.pdf",
    mediabox=(0, 0, 14400000, 14400000))

# Three pages with an outline (a table of contents) pointing into them.
pages = []
for n, (head, body) in enumerate([("Introduction", "The opening page says what comes."),
                                  ("Methods", "The middle page holds the methods."),
                                  ("Results", "The last page holds the results.")]):
    c = line(40, 740, "%d. %s" % (n + 1, head), 16, font="F2") + line(40, 700, body)
    # enough paragraphs that the three pages do not fit on one screen
    for k in range(1, 13):
        c += line(40, 700 - 40 * k, "Paragraph %d of the %s page." % (k, head.lower()))
    pages.append(c)
pdf(pages, "outline.pdf", outline=[("1. Introduction", 0, 0), ("2. Methods", 1, 0),
                                   ("2.1 Data", 1, 1), ("3. Results", 2, 0)])

# Links: internal ones (a /Dest, a GoTo action) and external ones (web,
# mail), one whose URI carries control characters, a JavaScript action
# (no link to follow) and one over no text.
def over(x, y, before, words, size=SIZE):
    """The rectangle around words on the line at (x, y) after before."""
    x0 = x + text_width(before, size)
    return (x0, y - 2, x0 + text_width(words, size), y + size)


def filler(name, top, step=20):
    """Paragraphs enough that a page does not fit on a small screen."""
    return "".join(line(40, top - step * k, "Paragraph %d of the %s page." % (k, name))
                   for k in range(1, 13))


pages = [
    line(40, 740, "Links to Follow", 16, font="F2") +
    line(40, 700, "See Section 2 on the next page for the methods.") +
    line(40, 680, "The project page is on the web for everyone.") +
    line(40, 660, "Results are on the last page of this file.") +
    line(40, 640, "A hostile link hides here in the text.") +
    line(40, 620, "Press here to run nothing at all.") +
    line(40, 600, "Write to the author by mail.") + filler("first", 580),
    line(40, 740, "2. Methods", 16, font="F2") + line(40, 700, "Back to the first page again.") +
    filler("second", 680),
    line(40, 740, "3. Results", 16, font="F2") + line(40, 700, "The last page has no links.") +
    filler("third", 680, 40),
]
annots = [
    [(over(40, 700, "See ", "Section 2"), "/Dest [{1} /XYZ 0 792 0]"),
     (over(40, 680, "The ", "project page"),
      "/A << /S /URI /URI (https://example.org/quire?q=links&lang=en) >>"),
     (over(40, 660, "Results are on the ", "last page"), "/A << /S /GoTo /D [{2} /Fit] >>"),
     (over(40, 640, "A ", "hostile link"),
      "/A << /S /URI /URI (https://evil.example/\\033]52;c;SGk=\\007x\\nnext) >>"),
     (over(40, 620, "", "Press here"), "/A << /S /JavaScript /JS (app.alert\\(1\\)) >>"),
     (over(40, 600, "Write to the author by ", "mail"),
      "/A << /S /URI /URI (mailto:author@example.org) >>"),
     ((400, 300, 500, 320), "/A << /S /URI /URI (https://example.org/blank) >>")],
    [(over(40, 700, "Back to the ", "first page"), "/Dest [{0} /Fit]")],
]
pdf(pages, "links.pdf", annots=annots)
