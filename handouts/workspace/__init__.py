"""The workspace: the folder of articles, clinics, templates, locales and bundles a clinic works in.

:mod:`~handouts.workspace.demo` copies the demo workspace into a new folder (``handouts init``).
"""

from __future__ import annotations

from handouts.workspace.demo import PARTS, demo_workspace, init_workspace

__all__ = ["PARTS", "demo_workspace", "init_workspace"]
