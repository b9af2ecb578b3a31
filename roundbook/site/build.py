"""One build of a Roundbook site, from MkDocs' configuration to the written site.

Validate and render before MkDocs touches the site folder, then hand MkDocs the generated pages
in memory, as finished HTML. The plugin (plugin.py) makes a SiteBuild for each build and calls it
from MkDocs' events; everything a build holds is held here, so no build sees another's.
"""

from __future__ import annotations

import html
import logging
import posixpath
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.structure.files import File, Files, InclusionLevel

from roundbook.history import History
from roundbook.problems import summary_line
from roundbook.render import GeneratedPage
from roundbook.shipped import template_folders
from roundbook.site.build_warnings import build_warnings
from roundbook.site.chrome import PAGE_TEMPLATE, ChromeCache
from roundbook.site.chrome import install as install_chrome_cache
from roundbook.site.config import RoundbookConfig
from roundbook.site.hand_written import address_clashes, keep_only_checked, page_meta, title_as_text
from roundbook.site.incremental import site_folder
from roundbook.site.incremental.builds import IncrementalBuild
from roundbook.site.memory import BuildMemory, SpooledFile
from roundbook.site.offline import add_shim, offline_bundle, prepare_offline_bundle
from roundbook.site.open_data import (
    SpooledSiteFile,
    add_licence_to_footer,
    add_output_files,
    bulk_downloads_note,
    page_alternates,
    site_info,
)
from roundbook.site.page_weight import collapse_whitespace
from roundbook.site.prepare import Prepared, PrepareFailed, Request, prepare
from roundbook.site.prerendered import PrerenderedPage, broken_links
from roundbook.site.preview.staging import publish
from roundbook.site.schema_files import add_schema_files, schema_paths
from roundbook.site.search import BuiltinSearch, SearchEngine
from roundbook.site.search.engine import Later
from roundbook.site.site_budget import over_budget
from roundbook.site.site_config import add_own_assets, config_problems
from roundbook.site.stopped import stop
from roundbook.site.workers import worker_count
from roundbook.template_code import keep_compiled_templates
from roundbook.text_safety.page_html import sanitize_page_html
from roundbook.validate.pages import CheckedPages

log = logging.getLogger("mkdocs.plugins.roundbook")


class SiteBuild:
    """What one build holds, and what it does at each of MkDocs' steps."""

    def __init__(
        self, options: RoundbookConfig, config, serving: bool = False, dirty: bool = False, served: str | None = None
    ) -> None:
        self.options = options  # the roundbook plugin's options in mkdocs.yml
        self.serving = serving  # under `mkdocs serve`, which builds into a temporary folder
        self.dirty = dirty  # `--dirty`: MkDocs writes over the last site, which the cache must not share
        # Under `mkdocs serve`, the folder it serves, which the site built beside it replaces at the
        # end (roundbook/site/preview/staging.py); None: the site is built where it is published.
        self.served = served
        self.request: Request | None = None  # what the content work was asked, for the preview's process
        self.later: Later | None = None  # work that goes on after the build (search indexing under serve)
        self.root = Path(config.config_file_path).resolve().parent
        self.pages: dict[str, GeneratedPage] = {}
        self.outputs: list[SpooledFile] = []  # open data files: API, downloads, feeds, redirects
        self.search: SearchEngine = BuiltinSearch()  # roundbook.site.search chooses the engine in configure
        self.history: History | None = None  # the Git history, for the sitemap's dates (the dataset stays in the child)
        self.memory: BuildMemory | None = None  # opened once mkdocs.yml is found fit to build with
        self.hand_written = CheckedPages()  # content/pages/, checked: what MkDocs may publish of it
        self.offline = False  # Material's offline plugin is on: a bundle to open from disk (roundbook/site/offline.py)
        self.chrome = ChromeCache()
        self.incremental: IncrementalBuild | None = None  # the cache's side of the build (roundbook/site/incremental/)
        self.files: Files | None = None  # every file MkDocs got, in order
        self.prepared: Prepared | None = None  # what the content work (or the cache) gave
        self.site_aside: site_folder.Aside | None = None  # the last site, set aside while MkDocs empties its folder

    # Runs in on_config, before MkDocs cleans the site folder: a failure here leaves `build/` as it was.
    def configure(self, config) -> None:
        if problems := config_problems(config, self.root, self.options.content_dir):
            raise stop(
                problems,
                f"Roundbook: mkdocs.yml lacks what the site needs ({len(problems)} "
                f"{'problem' if len(problems) == 1 else 'problems'}); nothing was built.",
            )
        add_own_assets(config)
        self.offline = offline_bundle(config)
        if self.offline:  # before anything reads use_directory_urls: every link is written below
            prepare_offline_bundle(config)
        site, citation_file = site_info(
            config, self.root, self.options.data_licence, self.options.api_v1, self.options.compress_downloads
        )
        if self.options.incremental and not self.offline and not self.dirty:
            # Before anything changes the configuration: its digest is the cache's key.
            self.incremental = IncrementalBuild.open(
                self.root, self.options.content_dir, self.options.templates_dir, self.options.git_history, config
            )
        add_licence_to_footer(config, site)
        self.memory = BuildMemory(config.site_dir)
        request = Request(
            root=self.root,
            content_dir=self.options.content_dir,
            templates_dir=self.options.templates_dir,
            git_history=self.options.git_history,
            search_option=self.options.search,
            site_name=config.site_name,
            nothing_built=self._nothing_built(config),
            directory_urls=config.use_directory_urls,
            site=site,
            extra_files=[citation_file] if citation_file else [],
            workers=worker_count(self.options.workers),
            api_v1=self.options.api_v1,
            incremental=self.incremental.inputs() if self.incremental else None,
        )
        self.request = request
        try:
            if self.incremental is not None and self.incremental.unchanged:
                prepared = self.memory.reuse(self.incremental.prepared())
            else:
                prepared = self.memory.prepare(prepare, request, expected=(PrepareFailed,))
        except PrepareFailed as error:
            raise stop(error.lines, error.summary) from None
        self.prepared = prepared
        self.pages, self.outputs = prepared.pages, prepared.outputs
        if self.incremental is not None:
            self.pages, self.outputs = self.incremental.take(prepared, self.memory.store)
        self.history, self.search = prepared.history, prepared.search
        self.hand_written = prepared.hand_written
        self._refuse_address_clashes(config)
        self.search.configure(config, self.root / self.options.templates_dir)
        log.info(f"Roundbook: {prepared.summary}")
        log.info(f"Roundbook: stages took {prepared.stages}")
        for warning in prepared.warnings:  # figures without a dollar rate: said, and the build goes on
            build_warnings().warning(f"Roundbook: {warning}")
        if note := bulk_downloads_note(self.outputs, site):
            log.info(note)

    def set_site_aside(self, config) -> None:
        """Just before MkDocs empties the site folder: an incremental build keeps the last site
        instead, and prunes it in `env` (roundbook/site/incremental/site_folder.py). Not under
        serve, which builds into a folder of its own each time."""
        if self.incremental is not None and self.incremental.previous is not None and not self.serving:
            self.site_aside = site_folder.set_aside(config.site_dir)

    def _refuse_address_clashes(self, config) -> None:
        """Before MkDocs cleans the site folder: no page or image may take an address of the site's own."""
        site_files = [*self.pages, *(output.path for output in self.outputs), *schema_paths()]
        clashes = address_clashes(self.hand_written, site_files, self._docs_path(config), config.use_directory_urls)
        if clashes:
            raise stop(clashes, f"Roundbook: {summary_line(len(clashes), len(clashes))} {self._nothing_built(config)}")

    def _nothing_built(self, config) -> str:
        """What a build stopped before MkDocs wrote anything leaves: `mkdocs serve` builds into a
        temporary folder whose name means nothing to the person watching the preview."""
        if self.serving:
            return "Nothing was built; the preview is as it was."
        return f"Nothing was built; {config.site_dir} is as it was."

    @property
    def _memory(self) -> BuildMemory:
        """Opened in configure, which on_config runs before MkDocs sends any other event."""
        if self.memory is None:
            raise RuntimeError("Roundbook: a build step came before configure")
        return self.memory

    def _docs_path(self, config) -> str:
        """The docs folder as shown in problems: content/pages."""
        return Path(config.docs_dir).resolve().relative_to(self.root).as_posix()

    def add_files(self, files: Files, config) -> Files:
        self._memory.settle()  # the content is rendered and let go in the child: what stays, stays
        keep_only_checked(files, config.docs_dir, self.hand_written)
        self.files = files
        for page in self.pages.values():
            cached = self.incremental.page_file(config, page.src_uri) if self.incremental else None
            if cached is not None:  # written by an earlier build, and copied as it is
                cached.page.update_date = self._update_date(cached.page, page, config)
                files.append(cached)
                continue
            # No Markdown: page_content puts the page's HTML in place of an empty conversion.
            generated = File.generated(config, page.src_uri, content="")
            generated.inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            if not page.in_nav:  # a page in the nav takes its title from mkdocs.yml's nav, so MkDocs makes it
                PrerenderedPage(None, generated, config)
            files.append(generated)
        add_schema_files(files, config)  # the JSON Schemas, for editors outside the repository
        add_output_files(files, config, self.outputs)
        if self.offline:
            add_shim(files, config)
        # MkDocs checks the links of the Markdown it converts; generated pages are checked here.
        if self.incremental is not None and self.incremental.unchanged:
            problems = self.incremental.previous_link_problems()  # the same pages as the last build's
        else:
            anchors: dict[str, set[str]] = dict(self._memory.anchors)
            if self.incremental is not None:
                anchors.update(self.incremental.anchors())
            problems = broken_links(self.pages.values(), {file.src_uri for file in files}, anchors)
        if self.incremental is not None:
            self.incremental.link_problems = problems
        for problem in problems:
            log.warning(problem)
        return files

    def template_context(self, context, template_name: str):
        if template_name == "sitemap.xml" and self.incremental is not None and self.files is not None:
            context["pages"] = self.incremental.sitemap_pages(self.files, context["pages"])
        return context

    def page_markdown(self, markdown: str, page, config) -> str:
        generated = self.pages.get(page.file.src_uri)
        hand_written = self.hand_written.pages.get(page.file.src_uri) if generated is None else None
        if hand_written is not None:
            page.meta = page_meta(hand_written)  # the checked front matter, never what MkDocs read
        page.meta["alternates"] = page_alternates(config.site_name, generated)
        if generated is not None:
            # Material writes meta titles into <title> and the header unescaped: a profile's name is
            # contributor text, so it goes in as HTML text, never as markup.
            page.meta["title"] = html.escape(generated.title, quote=False)
            if generated.description is not None:
                page.meta["description"] = html.escape(generated.description)
            # A profile is what a name search is for: rank it above the pages that list it.
            # roundbook/theme/main.html links it in the head; a copy opened from disk fetches nothing.
            if generated.preload is not None and not self.offline:
                page.meta["preload"] = generated.preload
            search = self.search.page_meta(generated.template, generated.searched)
            if search is not None:
                page.meta["search"] = search
        page.update_date = self._update_date(page, generated, config)  # the sitemap's lastmod
        if isinstance(page, PrerenderedPage):
            # Its theme comes from a skeleton of Material's, rendered once per shape of page.
            page.meta["template"] = PAGE_TEMPLATE
        if generated is not None:
            return ""  # nothing for Python-Markdown to parse: the page is already HTML
        return markdown

    def _update_date(self, page, generated, config) -> str:
        """The date of the commit that last changed what the page shows, so that two builds of one
        commit write the same sitemap (MkDocs would write the day of the build): a profile's own
        date, a hand-written page's file, and for the pages made from all the content, its newest
        change. Without Git, MkDocs's build date, which SOURCE_DATE_EPOCH can fix."""
        if generated is not None and generated.last_changed is not None:
            return generated.last_changed.date().isoformat()
        history = self.history
        if history is None or not history.available or not history.changes:
            return page.update_date
        if generated is None:
            docs_dir = Path(config.docs_dir).resolve().relative_to(self.root).as_posix()
            own = history.last_changed.get(posixpath.join(docs_dir, page.file.src_uri))
            if own is not None:
                return own.date().isoformat()
        return history.changes[0].when.date().isoformat()

    def page_content(self, page_html: str, page) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            # MkDocs reads every page before it writes the first, and would hold every page's HTML
            # meanwhile (600 MB at 10,000 companies): a generated page stays compressed in the
            # store until page_context, just before the theme writes it. Its anchors are known
            # now, for hand-written pages' links to it.
            page.present_anchor_ids = self._memory.anchors[page.file.src_uri]
            return ""
        if "title" not in page.meta and page.title is not None:
            # A hand-written page without a title in its front matter: the text of its first heading.
            page.meta["title"] = title_as_text(page.title)
        # Hand-written Markdown lets raw HTML through. Generated pages do not pass the allowlist
        # again: the templates escape contributor text and sanitize its Markdown as they write it
        # (roundbook/text_safety/markup.py), a test shows the allowlist has nothing to remove from
        # them with a hostile payload in every field, and at 10,000 companies this pass was 40 s
        # of the build.
        return self.search.article(sanitize_page_html(page_html), page, generated)

    def post_page(self, output: str, page) -> str:
        if self.incremental is not None and page.file.src_uri in self.pages:
            # As the template wrote it: the article is in it as it is (see search.page_view).
            view = self._memory.store.views.get(page.file.src_uri)
            self.incremental.page_viewed(page.file.src_uri, self.search.page_view(output, page.content, view), view)
        self._memory.page_written(page)
        return collapse_whitespace(output)

    def page_written(self, output: str, page, config) -> str:
        """After every plugin's post_page: what MkDocs writes for the page, for the cache."""
        if self.incremental is not None:
            self.incremental.page_written(page, output, self.search.indexed(page, config))
        return output

    def before_search_index(self, config) -> None:
        """Before MkDocs' search plugin writes its index: the cached pages' entries, in their places."""
        if self.incremental is not None and self.incremental.cached and self.files is not None:
            self.search.put_back([learnt for _, learnt in self.incremental.search_records(self.files)], config)

    def env(self, env, config):
        # The last event before MkDocs writes into the site folder, and the first that knows every file.
        if self.site_aside is not None and self.incremental is not None and self.files is not None:
            self._put_site_back(config, self.incremental, self.files)
        install_chrome_cache(env, self.chrome)
        keep_compiled_templates(env)  # the theme's, compiled again at every build otherwise
        return env

    def _put_site_back(self, config, incremental: IncrementalBuild, files: Files) -> None:
        linked = incremental.search_links(config.site_dir)
        copied = [
            (file, file.abs_src_path)
            for file in files
            if isinstance(file, SpooledSiteFile)
            and file.abs_src_path is not None
            and not file.is_documentation_page()
            and file.inclusion.is_included()
        ]
        linked.update((file.abs_dest_path, source) for file, source in copied)
        aside, self.site_aside = self.site_aside, None
        assert aside is not None  # env asked
        kept = aside.put_back(linked)
        for file, _ in copied:
            file.already_there = file.abs_dest_path in kept
        incremental.site_kept = kept

    def page_context(self, page, config) -> None:
        page.edit_url = self._edit_url(page, config)
        self.search.before_index(page, config)
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            # Before the theme and the built-in search (a later plugin) read the page; both were
            # made where the page was rendered (roundbook/site/prepare.py).
            page.content, page.toc = self._memory.take_page(page.file.src_uri)
            if self.incremental is not None and generated.in_nav:
                self.incremental.article_of(page.file.src_uri, page.content, page.toc)
            if not page.toc:
                # Material keeps the column of an empty table of contents, a fifth of a desktop's
                # width: a listing's table takes it instead (tests/test_every_page.py).
                page.meta["hide"] = ["toc"]

    def _edit_url(self, page, config) -> str | None:
        """Every page's edit link opens the file it comes from: the YAML record, the template, or the page."""
        if not config.repo_url or not config.edit_uri:
            return None
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            source = generated.source_path or template_source(self.root, self.options.templates_dir, generated.template)
            if source is None:
                return None  # a template that comes with the installed package: no file of the site's to edit
        else:
            docs_dir = Path(config.docs_dir).resolve().relative_to(self.root).as_posix()
            source = posixpath.join(docs_dir, page.file.src_uri)
        return urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri.strip("/") + "/" + source)

    # Called last of all plugins' on_post_build (plugin.py says why).
    def finish(self, config) -> None:
        try:
            self._finish(config)
        finally:
            self.close()

    def _finish(self, config) -> None:
        site_dir = Path(config.site_dir)
        incremental = self.incremental
        if incremental is not None:
            incremental.fix_sitemap(site_dir, self.files, self._doc_files())
            incremental.keep_outputs(self.outputs)  # while their spool is still there
        anchors = dict(self._memory.anchors)
        self._memory.close()  # MkDocs has copied the open data files into the site and written every page
        log.debug(f"Roundbook: {self.chrome.summary()}")
        index_later = False
        if incremental is not None:
            index_later = incremental.search_files(self.search, site_dir, self.pages, self.outputs, later=self.serving)
        else:
            self.search.after_build(site_dir)
        config_file = Path(config.config_file_path).name
        if (error := over_budget(site_dir, self.options.max_site_mb, config_file)) is not None:
            raise stop([error], "Roundbook: the site is larger than its host publishes.")
        if incremental is not None:
            assert self.prepared is not None  # configure made it
            incremental.commit(self.pages, anchors, self.search, self.prepared)
        if self.served is not None:  # the site is whole and kept: served from now on
            publish(config.site_dir, self.served)
            site_dir = Path(self.served)
        if index_later:  # where it is served, which the next build stops it before replacing
            self.later = self.search.after_build_later(site_dir)

    def _doc_files(self) -> list:
        return list(self.files.documentation_pages()) if self.files is not None else []

    def close(self) -> None:
        """Let go of what the build holds in memory and on disk; safe to repeat, and after a failure."""
        if self.memory is not None:
            self.memory.close()
            self.memory.wait_for_child()  # the records it keeps for the next build, in the cache
        if self.incremental is not None:
            self.incremental.close()
        if self.site_aside is not None:  # stopped before env: the last site goes back, or away
            self.site_aside.restore()
            self.site_aside = None


def template_source(root: Path, templates_dir: str, template: str) -> str | None:
    """The file in the project that a page made from `template` comes from, if there is one:
    the site's own override, or Roundbook's when the project is Roundbook's checkout."""
    for folder in template_folders(root / templates_dir):
        path = folder / template
        if path.is_file() and root in path.resolve().parents:
            return path.resolve().relative_to(root).as_posix()
        if path.is_file():
            return None
    return None
