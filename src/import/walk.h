/* walk.h: private to src/import. */
#ifndef QUIRE_IMPORT_WALK_H
#define QUIRE_IMPORT_WALK_H

#include "import/private.h"

/* Recognise topics, entries and knowledge sections of a parsed document
 * into *out (appending). `source` names the list in knowledge sections. */
int walk_document(struct md_doc *doc, const char *source, struct import_result *out);

#endif
