"""Incremental builds: make again only the pages and files whose inputs changed since the last build.

A build keeps what it made in `.roundbook-cache/` (store.py), with a manifest saying what each
page and file was made from (manifest.py). The next build digests its inputs (inputs.py): the
settings (code, packages, mkdocs.yml, templates, hand-written pages, reference tables), each
record file, and the Git history's commit.

- Nothing changed at all: the content is not even read. Every generated page and open data file
  is linked from the cache into the site; MkDocs builds only what it always builds (the
  hand-written pages, the pages in the nav, the theme's files, the sitemap, the search index).
- Records changed: the content is loaded, checked and modelled as always, then only the pages and
  files whose fingerprint changed are rendered (plan.py): each profile's outputs are made from the
  records within two references of it (graph.py); what shows the whole dataset is made again,
  but the files made of a part per record (a listing's rows, a CSV download's lines) take each
  part whose profile did not change from the last build's file (parts.py).
- The settings changed: everything is built, as with no cache.

Pages the cache gives reach MkDocs as plain files (files.py), which it copies without reading,
and where the last build's site folder is still there it is kept, pruned of what this build does
not link from the cache, rather than emptied and filled again (site_folder.py);
the sitemap, the search index and the link checks still see them where a cold build has them
(builds.py). The result is byte for byte a cold build's, which tests/test_incremental.py checks
after seeded random edits, additions, deletions and renames of synthetic records. Pagefind's own
index is not reproducible from one run to the next; it is made again only when what it reads of
the pages changed (roundbook/site/search/pagefind_view.py), not for an edit to a section search
leaves out.
"""
