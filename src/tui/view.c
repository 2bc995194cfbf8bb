/* view.c: cursor movement and scrolling shared by all views. */
#include "config.h"

#include "tui/private.h"

void view_clamp(struct view *v)
{
	size_t h = v->r.h > 0 ? (size_t)v->r.h : 1;
	if (v->n == 0) {
		v->cursor = v->offset = 0;
		return;
	}
	if (v->cursor >= v->n)
		v->cursor = v->n - 1;
	if (v->cursor < v->offset)
		v->offset = v->cursor;
	if (v->cursor >= v->offset + h)
		v->offset = v->cursor - h + 1;
	/* no empty space below the last line when the list could fill it */
	if (v->offset + h > v->n)
		v->offset = v->n > h ? v->n - h : 0;
}

bool view_move(struct view *v, enum cmd cmd)
{
	size_t old_cursor = v->cursor, old_offset = v->offset;
	size_t h = v->r.h > 1 ? (size_t)v->r.h : 1;
	if (v->n == 0)
		return false;
	switch (cmd) {
	case CMD_MOVE_DOWN:
		if (v->cursor + 1 < v->n)
			v->cursor++;
		break;
	case CMD_MOVE_UP:
		if (v->cursor > 0)
			v->cursor--;
		break;
	case CMD_PAGE_DOWN:
		/* like less and tig: the page moves, the cursor keeps its row */
		if (v->offset + h < v->n) {
			size_t row = v->cursor - v->offset;
			v->offset += h;
			if (v->offset + h > v->n)
				v->offset = v->n - h;
			v->cursor = v->offset + row;
		} else {
			v->cursor = v->n - 1;
		}
		break;
	case CMD_PAGE_UP:
		if (v->offset > 0) {
			size_t row = v->cursor - v->offset;
			v->offset = v->offset > h ? v->offset - h : 0;
			v->cursor = v->offset + row;
		} else {
			v->cursor = 0;
		}
		break;
	case CMD_FIRST:
		v->cursor = 0;
		break;
	case CMD_LAST:
		v->cursor = v->n - 1;
		break;
	default:
		return false;
	}
	view_clamp(v);
	return v->cursor != old_cursor || v->offset != old_offset;
}

bool view_scroll(struct view *v, enum cmd cmd)
{
	size_t old = v->offset;
	size_t h = v->r.h > 1 ? (size_t)v->r.h : 1;
	size_t max = v->n > h ? v->n - h : 0;
	switch (cmd) {
	case CMD_MOVE_DOWN:
		if (v->offset < max)
			v->offset++;
		break;
	case CMD_MOVE_UP:
		if (v->offset > 0)
			v->offset--;
		break;
	case CMD_PAGE_DOWN:
		v->offset = v->offset + h < max ? v->offset + h : max;
		break;
	case CMD_PAGE_UP:
		v->offset = v->offset > h ? v->offset - h : 0;
		break;
	case CMD_FIRST:
		v->offset = 0;
		break;
	case CMD_LAST:
		v->offset = max;
		break;
	default:
		return false;
	}
	return v->offset != old;
}
