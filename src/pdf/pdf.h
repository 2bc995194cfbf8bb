/* pdf: documents read with MuPDF. Depends on util only. */
#ifndef QUIRE_PDF_PDF_H
#define QUIRE_PDF_PDF_H

/* The reflowed text of a PDF (or any format MuPDF opens): page (0-based),
 * or every page when page is -1, pages separated by a form feed. Lines
 * end in '\n', paragraphs (MuPDF's blocks) are separated by a blank line;
 * columns come in MuPDF's reading order. Returns a new UTF-8 string (caller
 * frees) or NULL with *errp set to "PATH: problem". */
char *pdf_text(const char *path, int page, char **errp);

/* Does the file start like a PDF ("%PDF" within its first 1024 bytes, as
 * readers accept)? 1 yes, 0 no, -1 when it cannot be read. */
int pdf_sniff(const char *path);

/* The number of pages, or -1 with *errp set ("PATH: problem"). */
int pdf_page_count(const char *path, char **errp);

#endif
