"""Text safety, in one place: what no text may hold, and how contributor text reaches a page.

Three guards, from the file to the published page:

- `characters`: characters refused in every text as it is read (controls, bidirectional
  overrides, invisible characters in names), each a located problem;
- `markup`: contributor text into generated pages, escaped, and its Markdown rendered and
  sanitized against a short allowlist;
- `page_html`: the last guard before a hand-written page is written, its HTML through an allowlist.

They live outside the pipeline's stages because the first is used by load, the second by render
and the third by the MkDocs site, and the pipeline flows one way: in render or site, load could not
use the first; in load, the three would sit in the YAML reader's stage, which writes no HTML. Side by side here, they read as docs/pages/run/security.md, the model they
enforce, describes them; page_html's allowlist must keep whatever markup's and the templates
write (tests/test_corpus.py).
"""
