#!/bin/sh
# Translations: every .po under po/ covers the messages of a POT freshly
# extracted from po/POTFILES.in (nothing untranslated, nothing fuzzy) and
# passes msgfmt --check; every source file that marks strings for translation
# is listed in po/POTFILES.in.
src=${QUIRE_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}

for tool in xgettext msgmerge msgattrib msgfmt; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool not found"
		exit 0
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-po.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
fail=0
ok() { # ok STATUS DESCRIPTION [DIAGNOSTIC-FILE]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=1
		[ -n "$3" ] && [ -s "$3" ] && sed 's/^/# /' "$3"
	fi
}

langs=$(sed -e 's/#.*//' "$src/po/LINGUAS" | tr -s ' \t' '\n' | sed '/^$/d')
nlangs=$(echo "$langs" | wc -w)
echo "1..$((2 + 4 * nlangs))"

# 1. a fresh template from the sources (options as in po/Makevars)
(cd "$src" && xgettext --keyword=_ --keyword=N_ --add-comments=TRANSLATORS: \
	--from-code=UTF-8 -c --package-name=quire -o "$tmp/quire.pot" \
	-f po/POTFILES.in) 2>"$tmp/xgettext.err"
st=$?
grep -v 'should not contain the .\\r. escape sequence' "$tmp/xgettext.err" >"$tmp/xgettext.log"
ok "$st" "xgettext extracts po/quire.pot from po/POTFILES.in" "$tmp/xgettext.log"

# 2. every source using _( N_( ngettext( is in POTFILES.in
: >"$tmp/unlisted"
for f in $(cd "$src" && find src -name '*.c' | sort); do
	if grep -qE '(^|[^A-Za-z0-9_])(_|N_|ngettext)\(' "$src/$f" &&
	   ! grep -qxF "$f" "$src/po/POTFILES.in"; then
		echo "$f uses gettext but is missing from po/POTFILES.in" >>"$tmp/unlisted"
	fi
done
[ ! -s "$tmp/unlisted" ]
ok $? "every src/ file marking strings is in po/POTFILES.in" "$tmp/unlisted"

for l in $langs; do
	po="$src/po/$l.po"
	merged="$tmp/$l.po"
	msgmerge --quiet --no-fuzzy-matching -o "$merged" "$po" "$tmp/quire.pot" 2>"$tmp/$l.merge.log"
	ok $? "$l: msgmerge against the fresh template" "$tmp/$l.merge.log"

	stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$merged" 2>&1 | grep 'translated message')
	msgattrib --untranslated --no-obsolete "$merged" >"$tmp/$l.untr" 2>&1
	case $stats in
	*untranslated*) st=1 ;;
	*) st=0 ;;
	esac
	ok $st "$l: no untranslated message ($stats)" "$tmp/$l.untr"

	msgattrib --only-fuzzy --no-obsolete "$merged" >"$tmp/$l.fuzzy" 2>&1
	# the header counts too: msgfmt --statistics does not report it
	case $stats in
	*fuzzy*) st=1 ;;
	*) st=0 ;;
	esac
	grep -q '^#,.*fuzzy' "$merged" && st=1
	ok $st "$l: no fuzzy message" "$tmp/$l.fuzzy"

	msgfmt --check -o /dev/null "$po" 2>&1 | grep -v 'should not contain the .\\r. escape sequence' >"$tmp/$l.check"
	msgfmt --check -o /dev/null "$po" 2>/dev/null
	ok $? "$l: msgfmt --check" "$tmp/$l.check"
done
exit $fail
