"""Load: find the content files and read each into a node tree with line and column marks."""

from roundbook.load.files import ContentFile, LoadedContent, load_content

__all__ = ["ContentFile", "LoadedContent", "load_content"]
