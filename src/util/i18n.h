/* i18n.h: gettext shorthands. _() translates now; N_() marks a string in a
 * table for translation at the place it is shown. */
#ifndef QUIRE_I18N_H
#define QUIRE_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
