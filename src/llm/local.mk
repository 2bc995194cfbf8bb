# llm: sources and tests of this subsystem
