# demo library and data files
