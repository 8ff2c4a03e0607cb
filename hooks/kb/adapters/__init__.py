"""The ways in: the MkDocs hook, the Markdown extension and the `kb` command."""
