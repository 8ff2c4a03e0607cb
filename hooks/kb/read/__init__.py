"""Reading: kb.yml, the schemas, the entry files and the repository's history, with positions."""
