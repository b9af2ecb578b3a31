"""Writing content files: the canonical layout (`roundbook fmt`) and new files (`roundbook new`).

Only these modules write into content/; the pipeline (load -> validate -> model -> render ->
site) only reads it.
"""
