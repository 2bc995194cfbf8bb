# lib: sources and tests of this subsystem
