"""What vulture (tests/test_lint.py) would call unused in roundbook/, but is used by name from outside Python's
reach: MkDocs, click, Jinja templates, the standard library. Reviewed one by one; add a name here only with
the reason it is used. Vulture reads this file; nothing imports it."""

# ruff: noqa: F821, B018  (the names are read by vulture only; `_` is its placeholder for "some object")

# MkDocs loads the plugin through the `mkdocs.plugins` entry point (pyproject.toml) and calls its event
# handlers by name, with keyword arguments: the parameters keep MkDocs' names even where unused.
RoundbookPlugin
_.supports_multiple_instances
_.on_config
_.on_pre_build
_.on_files
_.on_page_markdown
_.on_page_content
_.on_post_page
_.on_env
_.on_page_context
_.on_post_build
_.on_build_error
_.on_startup
_.on_shutdown
_.on_serve
_.on_startup
_.on_template_context
nav
builder

# Attributes MkDocs reads from its own objects: a generated file's place in the navigation, the
# anchors and links of a page it checks, the Markdown of a hand-written page.
_.inclusion
_.is_documentation_page  # a cached page is a plain file to MkDocs (roundbook/site/incremental/files.py)
_.present_anchor_ids
_.links_to_anchors
_.content_string

# ruamel.yaml's setting, read by its dumper.
_.preserve_quotes

# http.client calls these on the connection and socket objects roundbook/links/fetch.py hands it.
_.readable
_.readinto
_.makefile
_.connect
_.default_port

# click commands, registered by their decorators under `roundbook import`.
crunchbase_command
csv_command

# Read by the Jinja templates in roundbook/templates/.
_.portfolio  # _portfolio.html.j2
_.co_investors  # _portfolio.html.j2
_.investor_rounds  # organization.html.j2
_.largest_rounds  # home.html.j2
_.kind_label  # _timeline.html.j2
_.cite  # organization.html.j2, person.html.j2, _timeline.html.j2, _funding_rounds.html.j2
_.first_deal  # _listings.html.j2
_.last_deal  # _listings.html.j2
_.rounds_joined_total  # _listings.html.j2
_.last_round  # _listings.html.j2
_.page_count  # _listings.html.j2, companies.html.j2, investors.html.j2
_.first_row  # _listings.html.j2
_.rows_file  # _listings.html.j2
_.other_count  # timeline_year.html.j2, timeline_month.html.j2
_.raised  # timeline.html.j2, timeline_year.html.j2
_.entry_count  # timeline.html.j2
_.caption_id  # stats.html.j2
_.short_title  # _macros.html.j2, _portfolio.html.j2, _funding_rounds.html.j2

# Registered by its decorator (@forgotten_per_build) and called at the end of every build.
_forget_timeline

# The kind of each output file, which tests/test_redirects.py checks.
_.media_type

# A key of the TypedDict that MkDocs' get_toc reads (roundbook/site/prerendered.py), by subscript.
_.children

# Read by jieba's tokenizer before it cuts (roundbook/site/search/chinese_words.py): set, so that it
# loads no dictionary of its own over the one given to it.
_.initialized

# Jinja's bytecode cache (roundbook/template_code.py): Jinja calls the cache's get_cache_key and
# reads the environment's bytecode_cache.
_.get_cache_key
_.bytecode_cache

# MkDocs' preview server, driven by roundbook/site/preview/serve.py: watchdog calls the handler's
# on_any_event, and the server reads its rebuild flag and its two epochs.
_.on_any_event
_._want_rebuild
_._wanted_epoch
_._visible_epoch

# The pipeline's front half in one call, for code that only needs the model of some content: the
# tests load their fixture sites through it. The build itself calls its two halves (check_content,
# model) apart, to keep the records it checked (roundbook/site/incremental/kept_records.py).
load_dataset
