#!/bin/sh
# How empty-password.pdf was made (run once by hand in this directory; needs
# qpdf): tests/summary/data/plain.pdf encrypted with AES-256, an empty user
# password and the owner password "owner", so any reader opens it without
# asking. qpdf's output differs from run to run, so the file is committed.
set -e
qpdf --encrypt "" owner 256 -- ../../summary/data/plain.pdf empty-password.pdf
