"""The reader's page images as a terminal sees them: quire runs on a
pseudo-terminal whose other end plays the terminal, answering the
graphics queries (or not), and the bytes quire writes are checked: kitty
images (zlib-compressed RGB in chunks, placed at the reader's body,
replaced on a page turn and deleted when leaving the view), sixel images,
kitty through tmux's passthrough with Unicode placeholders, the mode auto
picks from the replies, iTerm2 inline images (PNG) for a terminal that
names itself iTerm2 or WezTerm, and a key typed while the terminal is silent
handed back to the reader. Prints TAP."""
import base64
import fcntl
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import time
import zlib

QUIRE = os.environ["QUIRE_BIN"]
SRC = os.environ["QUIRE_SRCDIR"]
n = 0
failed = 0


def ok(cond, msg):
    global n, failed
    n += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, msg))
    if not cond:
        failed += 1
    sys.stdout.flush()
    return cond


tmp = tempfile.mkdtemp(prefix="quire-pty.")
env = dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC", TERM="xterm-256color", HOME=tmp,
           QUIRE_CACHE_DIR=tmp + "/cache", XDG_CONFIG_HOME=tmp + "/config",
           XDG_DATA_HOME=tmp + "/data", XDG_CACHE_HOME=tmp + "/xdg-cache")
env.pop("TMUX", None)
env.pop("NO_COLOR", None)
env.pop("KITTY_WINDOW_ID", None)
env.pop("TERM_PROGRAM", None)
env.pop("LC_TERMINAL", None)
env.pop("SSH_CONNECTION", None)
env.pop("SSH_TTY", None)
lib = tmp + "/lib"
subprocess.run([QUIRE, "--dir", lib, "import", SRC + "/tests/tui/data/reading.md"], env=env,
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.makedirs(tmp + "/cache/pdf")
os.makedirs(tmp + "/config/quire")
shutil.copy(SRC + "/tests/data/pdf/Rcpp-jss-2011.pdf", tmp + "/cache/pdf/1707.06347.pdf")

DA1 = b"\033[c"


class Term:
    """quire on a pty; reply is written when the queries (ending in DA1)
    come, None: the terminal stays silent; on_query: bytes typed then."""

    def __init__(self, mode, reply, on_query=b"", extra_env=None, delay=0):
        with open(tmp + "/config/quire/config", "w") as f:
            f.write("[reader]\nimage_mode = %s\ncell_size = 10x20\n" % mode)
        try:
            os.unlink(lib + "/positions.log")
        except FileNotFoundError:
            pass
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        e = dict(env, **(extra_env or {}))
        self.proc = subprocess.Popen([QUIRE, "--dir", lib], stdin=slave, stdout=slave,
                                     stderr=slave, env=e, start_new_session=True)
        os.close(slave)
        self.out = b""
        self.reply = reply
        self.on_query = on_query
        self.answered = False
        self.query_at = None
        self.delay = delay

    def pump(self, seconds):
        end = time.time() + seconds
        while time.time() < end:
            r, _, _ = select.select([self.master], [], [], max(0, end - time.time()))
            if not r:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.out += data
            if not self.answered and DA1 in self.out:
                self.answered = True
                self.query_at = len(self.out)
                if self.on_query:
                    os.write(self.master, self.on_query)
                if self.reply is not None:
                    time.sleep(self.delay)
                    os.write(self.master, self.reply)

    def wait_for(self, needle, seconds=8):
        end = time.time() + seconds
        while time.time() < end:
            if needle in self.out:
                return True
            self.pump(0.05)
        return needle in self.out

    def key(self, k, settle=0.3):
        os.write(self.master, k)
        self.pump(settle)

    def close(self):
        try:
            os.write(self.master, b"qqq")
            self.proc.wait(timeout=5)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def kitty_images(data):
    """The kitty images transmitted in data: (control dict, payload)."""
    images = []
    cur = None
    for m in re.finditer(rb"\033_G([^;\033]*)(?:;([^\033]*))?\033\\", data):
        ctl = dict(kv.split(b"=", 1) for kv in m.group(1).split(b",") if b"=" in kv)
        if ctl.get(b"a") == b"T":
            cur = [ctl, b""]
        if cur is None or ctl.get(b"a") not in (None, b"T"):
            continue
        cur[1] += m.group(2) or b""
        if ctl.get(b"m", b"0") == b"0":
            images.append(cur)
            cur = None
    return images


def check_pixels(ctl, payload, what):
    raw = base64.b64decode(payload)
    if ctl.get(b"o") == b"z":
        raw = zlib.decompress(raw)
    w, h = int(ctl[b"s"]), int(ctl[b"v"])
    ok(len(raw) == w * h * 3 and w > 100 and h > 100,
       "%s: %dx%d RGB pixels (%d bytes)" % (what, w, h, len(raw)))
    # a paper page: mostly white, some dark text
    white = raw.count(b"\xff\xff\xff")
    ok(white > w * h // 2 and min(raw) < 64, "%s: a white page with dark text" % what)


def open_paper(t):
    t.wait_for(b"All papers")
    t.key(b"j")
    t.key(b"\t")
    mark = len(t.out)
    t.key(b"o", 0.1)
    return mark


# 1. kitty, direct placement
t = Term("kitty", b"\033_Gi=31;OK\033\\\033[6;20;10t\033[?62;22c")
mark = open_paper(t)
t.wait_for(b"kitty  fit width  100%")
t.wait_for(b"\033_Gm=0;")
t.pump(0.2)
opened = t.out[mark:]
imgs = kitty_images(opened)
ok(len(imgs) == 1, "kitty: the page is sent as one image (%d)" % len(imgs))
if imgs:
    ctl, payload = imgs[0]
    ok(ctl.get(b"f") == b"24" and ctl.get(b"i") == b"1" and ctl.get(b"C") == b"1"
       and ctl.get(b"q") == b"2" and int(ctl[b"c"]) <= 80 and int(ctl[b"r"]) <= 22,
       "kitty: RGB, id 1, cursor kept, quiet, within 80x22 cells: %r" % ctl)
    check_pixels(ctl, payload, "kitty")
    ok(re.search(rb"\033\[2;\d+H\033_Ga=T", opened) is not None,
       "kitty: placed at the body's first row")
chunks = re.findall(rb"\033_G[^;]*;([^\033]*)\033\\", opened)
ok(chunks and max(len(c) for c in chunks) <= 4096, "kitty: chunks of at most 4096 bytes")
mark = len(t.out)
t.key(b"]")
t.wait_for(b"\033_Ga=d,d=I,i=1,q=2\033\\")
turned = t.out[mark:]
imgs = kitty_images(turned)
ok(len(imgs) == 1 and imgs[0][0].get(b"i") == b"2", "kitty: ] sends the next page as image 2")
ok(b"\033_Ga=d,d=I,i=1,q=2\033\\" in turned, "kitty: and deletes image 1")
mark = len(t.out)
t.key(b"i", 0.5)
ok(b"\033_Ga=d,d=I,i=2,q=2\033\\" in t.out[mark:], "kitty: i (text) deletes the image")
ok(b"page 2/19" in t.out[mark:], "kitty: the text of that page")
t.close()

# the outline over the page: the image goes, and comes back after
shutil.copy(SRC + "/tests/pdf/data/outline.pdf", tmp + "/cache/pdf/2305.10601.pdf")
t = Term("kitty", b"\033_Gi=31;OK\033\\\033[?62;22c")
t.wait_for(b"All papers")
t.key(b"j")
t.key(b"\t")
t.key(b"j")
t.key(b"o")
ok(t.wait_for(b"\033_Gm=0;") or t.wait_for(b",m=0;"), "outline: the page image is shown")
mark = len(t.out)
t.key(b"t")
ok(t.wait_for(b"\033_Ga=d,d=I,i=1,q=2\033\\") and b"Outline" in t.out[mark:],
   "outline: t shows it and deletes the image")
mark = len(t.out)
t.key(b"\033", 0.6)
ok(len(kitty_images(t.out[mark:])) == 1, "outline: Esc closes it and sends the image again")
t.close()

# 2. sixel
t = Term("sixel", b"\033[?62;4;22c")
mark = open_paper(t)
t.wait_for(b"sixel  fit width")
t.wait_for(b"\033P0;1;0q")
t.pump(1.0)
six = re.search(rb"\033P[0-9;]*q(.*?)\033\\", t.out[mark:], re.S)
ok(six is not None and len(six.group(1)) > 1000, "sixel: the page is sent as sixels")
t.close()

# 3. auto picks from the replies
for reply, want in ((b"\033_Gi=31;OK\033\\\033[?62;4c", b"kitty  fit width"),
                    (b"\033_Gi=31;ENOTSUPPORTED:no\033\\\033[?62;4c", b"sixel  fit width"),
                    (b"\033[?1;2c", b"page 1/19  text")):
    t = Term("auto", reply)
    open_paper(t)
    ok(t.wait_for(want), "auto, the terminal says %r: %s" % (reply, want.decode()))
    t.close()

# 4. a silent terminal: no wait beyond the time limit, and a key typed
# during the wait is not lost: q, which closes the reader
t = Term("auto", None, on_query=b"q")
open_paper(t)
ok(t.wait_for(DA1), "silent terminal: the queries were written")
# the reader was closed before it was drawn: the screen stays the list's
t.pump(1.5)
ok(b"page 1/19" not in t.out[t.query_at:], "silent terminal: the q typed meanwhile closed the reader")
mark = len(t.out)
t.key(b"o")
ok(t.wait_for(b"page 1/19  text") and DA1 not in t.out[mark:],
   "silent terminal: o opens it again, the terminal not asked twice")
t.close()
t = Term("auto", None)
open_paper(t)
ok(t.wait_for(b"page 1/19  text"), "silent terminal: the reader opens on the text")
t.close()

# over SSH the replies may take a round trip longer than 150 ms
for ssh, want in ((None, b"page 1/19  text"), ("10.0.0.1 22 10.0.0.2 22", b"kitty  fit width")):
    t = Term("auto", b"\033_Gi=31;OK\033\\\033[?62;4c", delay=0.4,
             extra_env={"SSH_CONNECTION": ssh} if ssh else None)
    open_paper(t)
    ok(t.wait_for(want), "replies after 400 ms, %s: %s" % ("over SSH" if ssh else "locally",
                                                          want.decode()))
    if not ssh:
        # the late reply came as keys (ESC first): dropped, the reader open
        mark = len(t.out)
        t.pump(0.8)
        t.key(b"]")
        # page 2 of the text drawn: the reader is still open, on its page
        ok(t.wait_for(b"Given the continued use") and b"Tab:pane" not in t.out[mark:],
           "the late reply did not close the reader")
        t.key(b"\033", 0.6)
        ok(t.wait_for(b"Tab:pane"), "and Esc still closes it")
    t.close()

def iterm_images(data):
    """The iTerm2 inline images in data: (row, column, args, PNG width,
    height, PNG bytes); row and column where the cursor was put just
    before, None when it was not."""
    images = []
    for m in re.finditer(rb"(?:\033\[(\d+);(\d+)H)?\033\]1337;File=([^:\007]*):([^\007]*)\007",
                         data):
        args = dict(kv.split(b"=", 1) for kv in m.group(3).split(b";"))
        png = base64.b64decode(m.group(4))
        w, h = struct.unpack(">II", png[16:24]) if png[12:16] == b"IHDR" else (0, 0)
        images.append((int(m.group(1)) if m.group(1) else None,
                       int(m.group(2)) if m.group(2) else None, args, w, h, png))
    return images


# 5. iTerm2 and WezTerm say who they are in the environment only
for name, extra in (("iTerm2", {"TERM_PROGRAM": "iTerm.app"}),
                    ("WezTerm", {"TERM_PROGRAM": "WezTerm"}),
                    ("iTerm2 over SSH", {"LC_TERMINAL": "iTerm2",
                                         "SSH_CONNECTION": "10.0.0.1 22 10.0.0.2 22"})):
    t = Term("auto", b"\033[6;20;10t\033[?62;22c", extra_env=extra)
    mark = open_paper(t)
    ok(t.wait_for(b"iterm  fit width"), "%s: auto picks iterm" % name)
    t.wait_for(b"\007", 3)
    t.pump(0.3)
    imgs = iterm_images(t.out[mark:])
    ok(len(imgs) == 1, "%s: the page is sent as one inline image (%d)" % (name, len(imgs)))
    if name != "iTerm2":
        t.close()
        continue
    row, col, args, w, h, png = imgs[0]
    ok(png[:8] == b"\x89PNG\r\n\x1a\n" and int(args[b"size"]) == len(png)
       and args.get(b"inline") == b"1", "iterm: a PNG of size= bytes, inline")
    # fit width: the page 800 px wide (80 cells of 10), its top 440 px (22
    # rows of 20) in view
    cw, chh = int(args[b"width"]), int(args[b"height"])
    ok(w == 800 and h == 440 and cw == 80 and chh == 22,
       "iterm: %dx%d pixels over %dx%d cells" % (w, h, cw, chh))
    ok(row == 2 and col == 1 + (80 - cw) // 2,
       "iterm: placed at the body's first row, centred (%s;%s)" % (row, col))
    after = t.out[mark:].split(b"1337;File=")[-1].split(b"\007", 1)[1]
    ok(re.match(rb"\033\[\d+;\d+H", after) is not None, "iterm: the cursor put back after it")
    first = png
    mark = len(t.out)
    t.key(b"]")
    t.wait_for(b"\007", 3)
    t.pump(0.3)
    turned = t.out[mark:]
    imgs = iterm_images(turned)
    ok(len(imgs) == 1 and imgs[0][0] == 2 and imgs[0][5] != first,
       "iterm: ] sends the next page, another PNG, at the same place")
    clear = turned.find(b"\033[2J")
    ok(clear >= 0 and clear < turned.find(b"\033]1337"),
       "iterm: the screen is repainted before it (the old image goes)")
    mark = len(t.out)
    t.key(b"i", 0.5)
    ok(b"\033[2J" in t.out[mark:] and b"1337" not in t.out[mark:]
       and b"page 2/19" in t.out[mark:], "iterm: i (text) repaints the screen over the image")
    t.close()

# inside tmux the inline image is not offered (its passthrough writes where
# the outer terminal's cursor is)
t = Term("auto", b"\033[?62;22c", extra_env={"TMUX": "/tmp/fake-tmux,1,0", "LC_TERMINAL": "iTerm2"})
open_paper(t)
ok(t.wait_for(b"page 1/19  text") and b"1337" not in t.out, "iTerm2 inside tmux: the text")
t.close()

# [reader] image_mode = iterm
t = Term("iterm", b"\033[?62;22c", extra_env={"TERM_PROGRAM": "iTerm.app"})
open_paper(t)
ok(t.wait_for(b"iterm  fit width") and t.wait_for(b"\007"), "image_mode = iterm: the image view")
t.close()

# I cycles from symbols to iterm (sixel and kitty not shown) and on to auto;
# where the terminal is no iTerm2, iterm is skipped
for extra, want in (({"TERM_PROGRAM": "iTerm.app"}, [b"Image mode: iterm", b"Image mode: auto (iterm)"]),
                    ({}, [b"Image mode: auto (symbols)"])):
    t = Term("symbols", b"\033[?62;22c", extra_env=extra)
    open_paper(t)
    t.wait_for(b"symbols  fit width")
    seen = []
    for w in want:
        mark = len(t.out)
        t.key(b"I", 0.6)
        seen.append(w in t.out[mark:] and (w != b"Image mode: iterm" or
                                           len(iterm_images(t.out[mark:])) == 1))
    ok(all(seen), "I from symbols: %s" % ", then ".join(x.decode() for x in want))
    t.close()

# 6. tmux: kitty through passthrough, shown by Unicode placeholders
t = Term("auto", b"\033_Gi=31;OK\033\\\033[?1;2c", extra_env={"TMUX": "/tmp/fake-tmux,1,0"})
mark = open_paper(t)
ok(t.wait_for(b"kitty  fit width"), "tmux: the kitty reply through passthrough picks kitty")
t.pump(1.0)
opened = t.out[mark:]
ok(b"\033Ptmux;\033\033_Gi=31" in t.out[:mark + 1] or b"\033Ptmux;\033\033_Gi=31" in t.out,
   "tmux: the query went through passthrough")
ok(re.search(rb"\033Ptmux;\033\033_Ga=T,f=24,o=z,[^;]*U=1", opened) is not None,
   "tmux: the image goes through passthrough as a virtual placement (U=1)")
ph = "\U0010EEEE\u0305\u0305".encode()
ok(ph in opened, "tmux: curses draws the placeholders (row 0, column 0)")
ok("\U0010EEEE\u030D\u0305".encode() in opened, "tmux: and row 1")
t.close()

shutil.rmtree(tmp, ignore_errors=True)
print("1..%d" % n)
sys.exit(1 if failed else 0)
