"""Generated views: the kinds of page beyond the catalogues, each registered once."""
