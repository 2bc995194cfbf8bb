# cli: sources and tests of this subsystem
