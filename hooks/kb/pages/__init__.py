"""Pages: where each page lives, how a value reads in each language, entry pages and catalogues."""
