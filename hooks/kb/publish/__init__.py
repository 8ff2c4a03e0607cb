"""Publishing: the files written beside the built pages."""
