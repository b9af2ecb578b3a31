"""Link checking: every URL the content cites, requested politely, and the dead ones reported."""

from roundbook.links.check import LinkResult, Politeness, check_urls
from roundbook.links.collect import CitedUrl, cited_urls

__all__ = ["CitedUrl", "LinkResult", "Politeness", "check_urls", "cited_urls"]
