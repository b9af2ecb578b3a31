"""The MkDocs side of Roundbook: MkDocs' events, each handed to the build it belongs to (build.py)."""

from __future__ import annotations

import warnings
from pathlib import Path

# jieba, which Material's search uses to segment Chinese, imports the deprecated pkg_resources;
# the warning says nothing a site builder can act on. The filter is set before the imports below
# (hence their `noqa: E402`), so that it is in place whatever they import.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority  # noqa: E402
from mkdocs.structure.files import Files  # noqa: E402

from roundbook.shipped import PAGE_TEMPLATES, THEME  # noqa: E402
from roundbook.site.build import SiteBuild  # noqa: E402
from roundbook.site.config import RoundbookConfig  # noqa: E402
from roundbook.site.prepare import Request  # noqa: E402
from roundbook.site.preview import staging  # noqa: E402
from roundbook.site.preview.serve import QuickPreview  # noqa: E402
from roundbook.site.search.engine import Later  # noqa: E402
from roundbook.site.serve_errors import show_failed_builds  # noqa: E402


class RoundbookPlugin(BasePlugin[RoundbookConfig]):
    """Having on_shutdown, the plugin is one object for all the builds of `mkdocs serve`, with its
    options read again for each: what a build holds is its SiteBuild's, made new in on_config and
    closed when the build ends, whichever way it ends."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.build: SiteBuild | None = None
        self.serving = False  # `mkdocs serve`: its site folder is a temporary one, and failures show in the browser
        self.dirty = False  # `--dirty`: MkDocs writes over the last site
        self.later: Later | None = None  # what the last build left going (search indexing under serve)
        self.served: str | None = None  # under serve: the folder MkDocs serves, each build staged beside it
        self.last_request: Request | None = None  # what the last good build's content work was asked
        self.preview: QuickPreview | None = None  # under serve: edits shown before the build (roundbook/site/preview/)

    def on_startup(self, command, dirty):
        self.serving = command == "serve"  # `serve --clean` says "build" here; on_serve says it later
        self.dirty = dirty

    def on_config(self, config):
        self._close()  # a build that stopped between two events, without on_build_error
        self._stop_later()  # before MkDocs empties the site folder it works in
        staged = self.serving and self._quick_preview
        if staged:
            self.served = config.site_dir
            config.site_dir = staging.staging_folder(config.site_dir)
        self.build = SiteBuild(
            self.config, config, serving=self.serving, dirty=self.dirty, served=self.served if staged else None
        )
        self.build.configure(config)
        return config

    def on_pre_build(self, config):
        self._current.set_site_aside(config)  # MkDocs empties the site folder next

    def on_files(self, files: Files, config) -> Files:
        return self._current.add_files(files, config)

    def on_page_markdown(self, markdown, page, config, files):
        return self._current.page_markdown(markdown, page, config)

    def on_page_content(self, html, page, config, files):
        return self._current.page_content(html, page)

    def _post_page(self, output, page, config):
        return self._current.post_page(output, page)

    # Last of all plugins': what MkDocs writes, which an incremental build keeps.
    @event_priority(-110)
    def _page_written(self, output, page, config):
        return self._current.page_written(output, page, config)

    on_post_page = CombinedEvent(_post_page, _page_written)

    def on_template_context(self, context, template_name, config):
        return self._current.template_context(context, template_name)

    def on_env(self, env, config, files):
        return self._current.env(env, config)

    def on_page_context(self, context, page, config, nav):
        self._current.page_context(page, config)
        return context

    # Before MkDocs' search plugin writes its index (an incremental build puts back the entries of
    # the pages it did not build).
    @event_priority(10)
    def _before_search_index(self, config):
        self._current.before_search_index(config)

    # Last of all plugins' (the built-in search writes its index in its own on_post_build, and
    # Material's offline plugin a copy of it at priority -100), so that the site is measured whole.
    @event_priority(-110)
    def _finish(self, config):
        try:
            self._current.finish(config)
            self.later = self._current.later
            self.last_request = self._current.request
        finally:
            self.build = None

    on_post_build = CombinedEvent(_before_search_index, _finish)

    def on_build_error(self, error):
        self._close()

    def on_shutdown(self):
        self._close()
        self._stop_later()
        if self.preview is not None:
            self.preview.stop()
            self.preview = None
        if self.served is not None:
            staging.remove_staging(self.served)
            self.served = None
        # MkDocs keeps this object for the process (a plugin with on_shutdown is cached), and a build
        # called without on_startup, as `mkdocs.commands.build.build` can be, would go on as a preview.
        self.serving = False
        self.dirty = False

    def _stop_later(self) -> None:
        if self.later is not None:
            self.later.stop()
            self.later = None

    @property
    def _quick_preview(self) -> bool:
        """Under serve, edits patched into the preview and each build staged beside it
        (roundbook/site/preview/): not with `--dirty`, which writes over the served site."""
        return self.config.quick_preview and not self.dirty and staging.available()

    @property
    def _current(self) -> SiteBuild:
        """The build under way: MkDocs sends on_config, which makes it, before any other event."""
        if self.build is None:
            raise RuntimeError("Roundbook: a build event came before on_config")
        return self.build

    def _close(self) -> None:
        if self.build is not None:
            self.build.close()
            self.build = None

    def on_serve(self, server, config, builder):
        self.serving = True
        root = Path(config.config_file_path).resolve().parent
        served = self.served or config.site_dir
        content = root / self.config.content_dir
        if self._quick_preview:
            self.preview = QuickPreview.start(server, content, Path(served), lambda: self.last_request)
        if self.preview is None:
            server.watch(str(content))
        # Outermost: a build that fails after a patched preview still shows its problems.
        show_failed_builds(server, root, served)  # in the browser, over the last good preview
        server.watch(str(root / self.config.templates_dir))
        for shipped in (PAGE_TEMPLATES, THEME):  # Roundbook's own, when it is being worked on
            if root in shipped.parents:
                server.watch(str(shipped))
        return server
