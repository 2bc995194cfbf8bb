#!/usr/bin/env python3
"""A loopback stand-in for arXiv and publishers, for quire's network tests.

Usage: server.py DATADIR LOGFILE [SECONDS]

Prints its port on the first line of stdout, then serves on 127.0.0.1
until SECONDS (default 120) have passed. Every request is logged to LOGFILE
as "MONOTONIC-TIME METHOD PATH RANGE".

Routes (the first path component picks the behaviour; COUNT is how many
times this exact path was asked before, so a fault can happen once):
  /api/query?id_list=A,B   an Atom feed: the entry of tests/net/atom/ID.xml
                           when there is one, a made-up entry for other
                           ids, none for ids starting with 9999.
  /api-error/...           arXiv's error entry (HTTP 200, title "Error")
  /api-malformed/...       XML cut in the middle of an element
  /api-empty/...           a feed with no entries
  /api-500/...             HTTP 500, always
  /api-503once/...         HTTP 503 the first time, then the feed
  /api-429/...             HTTP 429 with Retry-After: 1 the first time
  /api-429date/...         the same with Retry-After as an HTTP date
  /pdf/ID                  the PDF (Range honoured)
  /pdf-cut/ID              first time: half the file, then the connection
                           is cut; later: Range honoured
  /pdf-norange/ID          first time: cut like pdf-cut; later: Range
                           ignored (200 and the whole file)
  /pdf-stall/ID            first time: half the file, then nothing for 30 s
  /pdf-stallall/ID         always stalls after the headers
  /pdf-500/ID, /pdf-503/ID HTTP 500 / 503 the first time
  /pdf-429/ID              HTTP 429, Retry-After: 1, the first time
  /pdf-html/ID             an HTML page (a captcha) with HTTP 200
  /pdf-trunc/ID            the first 60% of the PDF, Content-Length matching
  /pdf-badlen/ID           Content-Length 5000 bytes more than sent, then close
  /pdf-empty/ID            HTTP 200 with an empty body
  /pdf-garbage/ID          "%PDF" and "%%EOF" around bytes MuPDF cannot open
  /loop/N                  a redirect to /loop/N+1, for ever
  /landing/NAME            a landing page whose citation_pdf_url names
                           /files/NAME.pdf (relative)
  /files/NAME.pdf          the PDF
"""
import email.utils
import http.server
import os
import socketserver
import sys
import threading
import time
import urllib.parse

DATA = sys.argv[1]
LOG = sys.argv[2]
LIFETIME = float(sys.argv[3]) if len(sys.argv) > 3 else 120
SRC = os.path.dirname(os.path.abspath(__file__))
with open(DATA, "rb") as f:
    PDF = f.read()
counts = {}
lock = threading.Lock()

FEED_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query%%3D%%26id_list%%3D%(q)s%%26start%%3D0%%26max_results%%3D%(n)d" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list=%(q)s&amp;start=0&amp;max_results=%(n)d</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <updated>2024-11-29T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">%(total)d</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">%(n)d</opensearch:itemsPerPage>
"""

MADE_UP = """  <entry>
    <id>http://arxiv.org/abs/%(id)sv1</id>
    <updated>2024-01-15T10:00:00Z</updated>
    <published>2024-01-15T10:00:00Z</published>
    <title>A Paper Numbered %(id)s</title>
    <summary>  The abstract of paper %(id)s, made up by the test server.
</summary>
    <author>
      <name>Ada Lovelace</name>
    </author>
    <author>
      <name>Alan Turing</name>
    </author>
    <link href="http://arxiv.org/abs/%(id)sv1" rel="alternate" type="text/html"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""

ERROR_ENTRY = """  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_%(id)s</id>
    <title>Error</title>
    <summary>incorrect id format for %(id)s</summary>
    <updated>2024-11-29T00:00:00-05:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_%(id)s" rel="alternate" type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
"""


def entry(arxiv_id):
    path = os.path.join(SRC, "atom", arxiv_id.replace("/", "_") + ".xml")
    if os.path.exists(path):
        with open(path) as f:
            return f.read()
    if arxiv_id.endswith(".99999"):
        return ""
    return MADE_UP % {"id": arxiv_id}


def feed(ids, entries):
    head = FEED_HEAD % {"q": ",".join(ids), "n": len(ids), "total": len(entries)}
    return (head + "".join(entries) + "</feed>\n").encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt, *args):
        pass

    def send(self, code, body, ctype, headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def pdf_range(self, honour=True):
        rng = self.headers.get("Range")
        if honour and rng and rng.startswith("bytes="):
            start = int(rng[6:].split("-")[0])
            if start >= len(PDF):
                self.send_response(416)
                self.send_header("Content-Range", "bytes */%d" % len(PDF))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = PDF[start:]
            self.send_response(206)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(PDF) - 1, len(PDF)))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send(200, PDF, "application/pdf")

    def cut(self, stall=0):
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(PDF)))
        self.end_headers()
        self.wfile.write(PDF[: len(PDF) // 2])
        self.wfile.flush()
        if stall:
            time.sleep(stall)
        self.close_connection = True

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        parts = u.path.strip("/").split("/", 1)
        route, rest = parts[0], parts[1] if len(parts) > 1 else ""
        with lock:
            n = counts.get(self.path, 0)
            counts[self.path] = n + 1
            with open(LOG, "a") as log:
                log.write("%.3f GET %s %s\n" % (time.monotonic(), self.path, self.headers.get("Range", "-")))
        if route.startswith("api"):
            q = urllib.parse.parse_qs(u.query)
            ids = [i for i in q.get("id_list", [""])[0].split(",") if i]
            if route == "api-500":
                return self.send(500, b"Internal Server Error\n", "text/plain")
            if route == "api-503once" and n == 0:
                return self.send(503, b"Service Unavailable\n", "text/plain")
            if route == "api-429" and n == 0:
                return self.send(429, b"Too Many Requests\n", "text/plain", [("Retry-After", "1")])
            if route == "api-429date" and n == 0:
                when = email.utils.formatdate(time.time() + 2, usegmt=True)
                return self.send(429, b"Too Many Requests\n", "text/plain", [("Retry-After", when)])
            if route == "api-error":
                return self.send(200, feed(ids, [ERROR_ENTRY % {"id": ids[0] if ids else ""}]),
                                 "application/atom+xml; charset=utf-8")
            if route == "api-empty":
                return self.send(200, feed(ids, []), "application/atom+xml; charset=utf-8")
            body = feed(ids, [e for e in map(entry, ids) if e])
            if route == "api-malformed":
                body = body[: len(body) // 2]
            return self.send(200, body, "application/atom+xml; charset=utf-8")
        if route == "pdf":
            return self.pdf_range()
        if route == "pdf-cut":
            return self.cut() if n == 0 else self.pdf_range()
        if route == "pdf-norange":
            return self.cut() if n == 0 else self.pdf_range(honour=False)
        if route == "pdf-stall":
            return self.cut(stall=30) if n == 0 else self.pdf_range()
        if route == "pdf-stallall":
            return self.cut(stall=30)
        if route in ("pdf-500", "pdf-503") and n == 0:
            return self.send(int(route[4:]), b"<html><body>Server error</body></html>\n", "text/html")
        if route == "pdf-429" and n == 0:
            return self.send(429, b"slow down\n", "text/plain", [("Retry-After", "1")])
        if route in ("pdf-500", "pdf-503", "pdf-429"):
            return self.pdf_range()
        if route == "pdf-html":
            page = (b"<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
                    b"<body><p>Please verify you are a human.</p></body></html>\n")
            return self.send(200, page, "text/html; charset=utf-8")
        if route == "pdf-trunc":
            return self.send(200, PDF[: len(PDF) * 6 // 10], "application/pdf")
        if route == "pdf-badlen":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(PDF) + 5000))
            self.end_headers()
            self.wfile.write(PDF)
            self.close_connection = True
            return
        if route == "pdf-garbage":
            return self.send(200, b"%PDF-1.7\nthis is no PDF at all\n%%EOF\n", "application/pdf")
        if route == "pdf-empty":
            return self.send(200, b"", "application/pdf")
        if route == "loop":
            k = int(rest or "0") + 1
            self.send_response(302)
            self.send_header("Location", "/loop/%d" % k)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if route == "landing":
            page = ("<!DOCTYPE html>\n<html><head><title>A paper</title>\n"
                    "<meta name=\"citation_title\" content=\"A paper\">\n"
                    "<meta name=\"citation_pdf_url\" content=\"../files/%s.pdf\">\n"
                    "</head><body><h1>A paper</h1><a href=\"/files/%s.pdf\">PDF</a></body></html>\n"
                    % (rest, rest)).encode()
            return self.send(200, page, "text/html; charset=utf-8")
        if route == "files":
            return self.pdf_range()
        self.send(404, b"not found\n", "text/plain")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


srv = Server(("127.0.0.1", 0), Handler)
print(srv.server_address[1], flush=True)
threading.Timer(LIFETIME, srv.shutdown).start()
srv.serve_forever()
