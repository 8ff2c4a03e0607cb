"""The engine: a knowledge base of Markdown entries, checked and turned into a static site.

Its sub-packages follow the data, each importing only those above it in this list:

    core      the shapes that flow through the engine, the rules and their messages, text scans
    read      kb.yml, the schemas and every entry file, read into documents (and the history)
    check     documents against their schemas and each other: the checked model, its references
    pages     addresses, values in each language, entry pages and catalogues
    views     the generated views (charts, tools, downloads, workbooks), each kind registered once
    render    every page of the base, with the editors' pages
    publish   the files written beside the built site
    adapters  MkDocs' hook, the Markdown extension, the `kb` command

`theme/` holds the templates and the reader-side assets MkDocs serves as they are.
"""
