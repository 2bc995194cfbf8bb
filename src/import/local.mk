# import: sources and tests of this subsystem
