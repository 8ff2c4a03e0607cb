"""Cross-references: what each checked entry points to, and so what points to each entry.

Built once per build, before any page: reference fields (`x-ref`), vocabulary terms that have
an entry of their own (`x-key`), and Markdown links between entries. Pages read the result
(backlinks, links to term pages) and never search for references themselves.
"""

from __future__ import annotations

from kb.check.entries import walk_values
from kb.core.model import BuildCache, Entry, KnowledgeBase
from kb.core.text import blank_code, iter_links, link_target

Ref = tuple[str, str]  # (collection, id)


class References:
    """The reference index of one checked base."""

    def __init__(self, kb: KnowledgeBase, cache: BuildCache, context: bytes):
        self.kb, self.cache, self.context = kb, cache, context
        self.key_pages = self._index_keys()
        self.backlinks: dict[Ref, list[Ref]] = {}
        for entry in kb.entries():
            for target in self.of(entry):
                self.backlinks.setdefault(target, []).append(entry.ref)
        self.stands_for, self.terms = self._index_terms()

    def _index_terms(self) -> tuple[dict[Ref, Ref], dict[Ref, list[Ref]]]:
        """Terms that stand for another entry (an x-ref field marked x-stands-for): term -> the
        entry, and entry -> its terms. Search shows the entry before its term."""
        stands_for: dict[Ref, Ref] = {}
        terms: dict[Ref, list[Ref]] = {}
        for collection in self.kb.collections.values():
            for name, prop in collection.properties.items():
                if prop.stands_for and prop.ref:
                    for entry in collection.entries.values():
                        target = (prop.ref, str(entry.facts.get(name)))
                        if name in entry.facts and entry.ref not in stands_for and self.kb.entry(target):
                            stands_for[entry.ref] = target
                            terms.setdefault(target, []).append(entry.ref)
        return stands_for, terms

    def _index_keys(self) -> dict[tuple[str, str], Ref]:
        """(vocabulary, term) -> the entry that is that term's page (fields marked x-key)."""
        pages: dict[tuple[str, str], Ref] = {}
        for collection in self.kb.collections.values():
            for name, prop in collection.properties.items():
                if prop.key and prop.vocab:
                    for entry in collection.entries.values():
                        if name in entry.facts:
                            pages[(prop.vocab, entry.facts[name])] = entry.ref
        return pages

    def of(self, entry: Entry) -> list[Ref]:
        """Every entry this entry points to: reference fields, vocabulary key pages, body links."""
        return self.cache.get(self.cache.references, entry.ref, (self.context, entry.facts, *entry.texts.values()), lambda: self._of(entry))

    def _of(self, entry: Entry) -> list[Ref]:
        out: list[Ref] = []
        for _, sub, value in walk_values(self.kb.collections[entry.collection].outline(("ref", "vocab", "key")), entry.facts):
            if not isinstance(value, str):
                continue
            if sub.ref and self.kb.entry((sub.ref, value)):
                out.append((sub.ref, value))
            elif sub.vocab and not sub.key and (sub.vocab, value) in self.key_pages:
                out.append(self.key_pages[(sub.vocab, value)])
        settings = self.kb.settings
        for text in entry.texts.values():
            for _, url, _, _ in iter_links(blank_code(text.body)):
                target = link_target(settings.kb_dir, settings.languages, text.path, url)
                if target and self.kb.entry(target):
                    out.append(target)
        return list(dict.fromkeys(r for r in out if r != entry.ref))

    def to(self, entry: Entry) -> list[Ref]:
        return self.backlinks.get(entry.ref, [])
