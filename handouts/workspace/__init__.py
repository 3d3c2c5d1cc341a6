"""The workspace: the folder of articles, clinics, templates, locales and bundles a clinic works in.

:mod:`~handouts.workspace.discovery` finds its root from any sub-folder (``handouts.toml``, like
git), :mod:`~handouts.workspace.settings` reads ``handouts.toml`` (defaults and size caps),
:mod:`~handouts.workspace.inventory` lists ids cheaply (choices, completion, the default clinic),
:mod:`~handouts.workspace.create` makes a clinic's workspace and :mod:`~handouts.workspace.demo`
copies the demo (``handouts init``).
"""

from __future__ import annotations

from handouts.workspace.demo import PARTS, demo_workspace, init_workspace

__all__ = ["PARTS", "demo_workspace", "init_workspace"]
