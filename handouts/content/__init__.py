"""Articles and templates → model pieces.

* :mod:`.article`: a Markdown article with YAML front matter → catalog entries (one per heading,
  paragraph and list item, with its source line);
* :mod:`.inline`: inline Markdown (source or translated) → model inlines. Text is data, never
  markup: raw HTML, images and unsafe links stay literal text;
* :mod:`.frame`: the Jinja2 frame templates (sandboxed) → the handout's localized chrome.
"""
