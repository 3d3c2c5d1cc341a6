"""Repairs to the Noto fonts' OpenType tables, applied where the static instances are made.

Noto Sans Myanmar 2.107: the kinzi ligatures (``kinzi`` + ``_ii`` → ``kinzi_ii``, and the same
for ``_i``, ``_ai``, anusvara, asat and ``ra_mark``) are a lookup of ``abvs`` that runs, in
HarfBuzz's one Myanmar stage of ``pres``/``abvs``/``blws``/``psts``, before the ``blws`` lookup
that makes a stacked consonant (``virama`` + ``bha`` → ``bha.sub``). Over a stack (ကင်္ဝ္ဘီ) the
base and ``virama`` still stand between ``kinzi`` and the vowel when the ligature lookup runs, so
both are drawn on the same anchor, on top of each other. The repair appends a copy of that
ligature lookup after the last stacking lookup, in ``blws``: by then ``bha.sub`` is a mark the
lookup skips (its flag keeps only marks of attachment class 2), so ``kinzi`` and ``_ii`` meet and
form the font's own ligature. The vowel may have met a later mark meanwhile (ိ + ံ →
``_i_anusvara`` in the original lookup, since ``kinzi`` did not match there): the copy also takes
such a formed part (``kinzi`` + ``_i_anusvara`` → ``kinzi_i_anusvara``). A cluster without a stack under a kinzi reaches the copy already
ligated, so it shapes as before. The repair is found by content, not by lookup number, and is
skipped when a font does not have the fault (a newer Noto).
"""

from __future__ import annotations

import copy
from typing import Any

# Part of the instance's cache key: change it whenever a repair changes.
VERSION = "fix1"


def repair(family: str, font: Any) -> bool:
    """Repair ``font`` (a fontTools ``TTFont``) in place; True when anything changed."""
    if family != "notosansmyanmar" or "GSUB" not in font:
        return False
    return _kinzi_after_stacks(font["GSUB"].table)


def _ligature_firsts(lookup: Any) -> set[str]:
    if lookup.LookupType != 4:
        return set()
    return {first for st in lookup.SubTable for first in st.ligatures}


def _kinzi_after_stacks(gsub: Any) -> bool:
    lookups = gsub.LookupList.Lookup
    features = {rec.FeatureTag: rec.Feature for rec in gsub.FeatureList.FeatureRecord}
    abvs, blws = features.get("abvs"), features.get("blws")
    if abvs is None or blws is None:
        return False
    kinzi = [i for i in abvs.LookupListIndex if "kinzi" in _ligature_firsts(lookups[i])]
    stacks = [i for i in blws.LookupListIndex if "virama" in _ligature_firsts(lookups[i])]
    if len(kinzi) != 1 or not stacks or kinzi[0] > max(stacks):
        return False
    if any("kinzi" in _ligature_firsts(lookups[i]) for i in blws.LookupListIndex if i > max(stacks)):
        return False  # repaired already
    lookups.append(_with_formed_parts(copy.deepcopy(lookups[kinzi[0]])))
    gsub.LookupList.LookupCount = len(lookups)
    # One Feature table may be shared by several records (languages): append once per table.
    for feature in {id(rec.Feature): rec.Feature for rec in gsub.FeatureList.FeatureRecord
                    if rec.FeatureTag == "blws"}.values():  # fmt: skip
        feature.LookupListIndex.append(len(lookups) - 1)
        feature.LookupCount = len(feature.LookupListIndex)
    return True


def _with_formed_parts(lookup: Any) -> Any:
    """Add ``F`` + ``L`` + rest → ``G`` for each ligature ``F`` + ``a b`` + rest → ``G`` of the
    lookup where ``a b`` → ``L`` is one of its ligatures too."""
    from fontTools.ttLib.tables import otTables

    for st in lookup.SubTable:
        formed = {(first, *lig.Component): lig.LigGlyph for first, ligs in st.ligatures.items() for lig in ligs}
        for first, ligs in st.ligatures.items():
            have = {tuple(lig.Component) for lig in ligs}
            extra = []
            for lig in ligs:
                comps = tuple(lig.Component)
                for k in range(2, len(comps) + 1):
                    part = formed.get(comps[:k])
                    if part is not None and (part, *comps[k:]) not in have:
                        new = otTables.Ligature()
                        new.LigGlyph, new.Component = lig.LigGlyph, [part, *comps[k:]]
                        new.CompCount = len(new.Component) + 1
                        extra.append(new)
                        have.add((part, *comps[k:]))
            # longest first, as a ligature set is matched in order
            st.ligatures[first] = sorted([*ligs, *extra], key=lambda lig: -len(lig.Component))
    return lookup
