/* private.h: what the files of src/net share. */
#ifndef QUIRE_NET_PRIVATE_H
#define QUIRE_NET_PRIVATE_H

#include "net/net.h"

/* Redirects followed before a request fails. */
#define NET_MAX_REDIRS 10
/* The largest landing page read for its citation_pdf_url. */
#define LANDING_MAX ((size_t)4 << 20)
/* Default caps on a body. */
#define NET_FILE_MAX ((size_t)512 << 20)
#define NET_MEMORY_MAX ((size_t)32 << 20)

/* Seconds to wait before a retry from a Retry-After value (seconds or an
 * HTTP date), or -1 when it is neither. */
double net_retry_after(const char *value);

#endif
