"""Model + Brand → laid-out pages (TextBlocks placed on A4/Letter pages with the clinic frame).

* :mod:`.styles`: the one place for sizes, leading and spacing (clear-print defaults);
* :mod:`.blocks`: model blocks → :class:`~handouts.typesetting.flowable.TextBlock` (one exhaustive match);
* :mod:`.pages`: pagination (keep headings with their text, no orphans or widows) and the page
  frame (logo, clinic name, footer with contact, page X of Y, document control).
"""
