"""A handout new to the disk cache: half its paragraphs segmented and shaped in a forked child.

Segmenting and shaping are a fresh render's largest step when the disk cache
(:mod:`.diskcache`) holds none of its paragraphs (a first render of an article, an emptied cache):
some 70 ms for the demo's Thai handout, against a few for a handout whose paragraphs are there.
The work is one paragraph at a time, pure, and stored in the disk cache by the paragraph's key;
so on a machine with two or more cores (:func:`handouts.prefetch.side_by_side`) a forked child
prepares the later paragraphs and stores them there, while this process prepares the earlier
ones (and loads what writing the PDF needs, when it has not yet); the layout then reads the
child's paragraphs from the cache, as it would on the next run (2–3 ms for the demo's sixteen). Nothing passes between the two but the cache (whose entries
are written atomically and checked when read): a paragraph the child did not store is prepared
here when the layout reaches it, so the child can only save time, never change a result. The
child also parses the fonts' tables into the cache (:mod:`.rlfonts`), which writing the PDF reads.

Personal text (a patient's name, notes) is never stored, so never sent to the child; with the
cache off, or where no fork is possible, everything is done here, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handouts.typesetting.flowable import TextBlock

# Below this many characters to prepare a fork costs more than it saves (some 6 ms for the
# fork, the child's pages copied on write and its entries read back; preparing costs some
# 10 µs a character).
APART_MIN = 3000
# The child's share of the characters, a little under half: it also pays for the fork and its
# exit, and parses the faces' tables this process has not (~3 ms each); this process reads the
# child's paragraphs back quickly, and loads the PDF writer if a render has not yet (~20 ms).
# Measured on the demo's empty-cache render: the two halves took 23-25 ms each.
CHILD_SHARE = 0.45


def prepare_apart(blocks: Sequence[TextBlock], meanwhile: Callable[[], object]) -> bool:
    """Prepare the paragraphs of ``blocks`` that are not yet prepared (in this process's memo or
    the disk cache), the later ones in a forked child, and run ``meanwhile`` here; True when a
    child ran. With too little to prepare, no fork possible or a cache folder nothing can be
    written to, nothing is done here (the layout prepares each block when it first measures it,
    as always) and ``meanwhile`` is not run."""
    from handouts import prefetch
    from handouts.typesetting import diskcache
    from handouts.typesetting.fonts import font_set, register_face

    if not diskcache.enabled():
        return False
    todo = [b for b in blocks if b.unprepared()]
    sizes = [len(b.text) for b in todo]
    total = sum(sizes)
    if total < APART_MIN or not prefetch.possible() or diskcache.unwritable() is not None:
        return False  # (a cache nothing can be written to: the child's work would be lost)
    ours, done = 0, 0
    while ours < len(todo) and done + sizes[ours] <= total * (1 - CHILD_SHARE):
        done += sizes[ours]
        ours += 1
    regular = font_set().faces["regular"]  # (registered by the writer's load)
    faces = [f for f in {id(f): f for b in todo for f in map(b.fs.face_of, (s.style for s in b.spans))}.values()
             if f is not regular]  # fmt: skip

    def there() -> None:
        for b in todo[ours:]:
            b.prepare()
        for face in faces:
            register_face(face)  # its tables into the disk cache

    def here() -> None:
        meanwhile()
        for b in todo[:ours]:
            b.prepare()

    return prefetch.side_by_side(there, here) is not None
