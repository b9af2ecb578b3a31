"""Under `mkdocs serve`: an edit to a record shows in the browser before the whole site is built again.

A build after an edit makes again everything that shows the whole dataset; at 10,000 companies
that is a minute. The profiles an edit changes are known much sooner: a process that keeps the
content loaded (content.py) reads the edited files, models the few records those profiles show,
and renders each page before and after the edit. Where the served page holds the "before" exactly,
its article is replaced by the "after" (splice.py), and the browser reloads; the whole build
follows, into a folder of its own that takes the served one's place when it is whole
(staging.py), and the browser reloads again. serve.py ties these to MkDocs' preview server.

Nothing here decides what the site shows: a page is patched only where the patch is provably the
build's own output for it, and any doubt (a file that is not a record, a problem in the edit, a
page whose title or headings change) leaves the work to the whole build, as before.
"""
