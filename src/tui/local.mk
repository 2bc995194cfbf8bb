# tui: sources and tests of this subsystem
