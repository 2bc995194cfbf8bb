# share: the demo library, installed under $(pkgdatadir)
demodir = $(pkgdatadir)/demo
dist_demo_DATA = share/quire/demo/reading-list.md
