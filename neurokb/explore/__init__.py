"""Views over a whole KnowledgeBase for exploring it: related papers, reading lists, statistics.

Pure functions of the KB (and data passed in, such as the algorithm names): ``related``,
``readinglist`` and ``stats``.
"""
