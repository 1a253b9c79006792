"""Pure decisions about identity and stories: the same article seen twice, wire copies, stories
across outlets, and what a digest shows of a story.

Everything here is a pure function of its arguments: no I/O, no clock (``now`` is passed in),
no randomness. The stages, in the order the pipeline uses them:

1. **Identity** (:mod:`.identity`, :func:`find_identity`): the same article in disguise is shown
   once; wire copies are tied together. The rule is written out on :func:`find_identity`.
2. **Stories** (:mod:`.cluster`, :func:`group`, :func:`group_stories`): articles about the same
   event from different outlets become one story. Similarity is the cosine of TF-IDF vectors of
   each article's title and lead (:mod:`.terms`, :mod:`.docs`), with document frequencies taken
   from :class:`TermStats` (the store's history, padded to :data:`MIN_HISTORY` articles), so
   whether two articles are alike never depends on what else happens to be in the batch; the
   clustering is average linkage with one fixed threshold, and evidence moves the bar: one news
   cycle from different outlets with shared headline words lowers it (:data:`CLOSE_BONUS`), a
   gap beyond :data:`TIME_WINDOW` raises it with the log of the gap, and two articles naming
   different things, or one outlet's template, never merge (:data:`VETO_NAMES`). Names from the
   whole text weigh too: two stories (of any size) whose titles name different rare names that
   neither's texts mention never merge, and two that each mention the other's title names count
   the time gap from a month, not three days (:data:`RARE_NAME_IDF`, :data:`FOLLOW_UP`). The whole
   text is a second path: where two stories' whole texts are more alike than their titles and
   leads, and their names are no evidence against, similarity moves up towards the texts'
   cosine (:data:`BODY_WEIGHT`, :data:`BODY_WORDS`). A title that says nothing of its article
   (the outlet's own name, :func:`names_the_outlet`, or one title an outlet gives to different
   items) carries no weight: its link's slug, when it spells words that no other item of the
   outlet's has, is its headline instead (the outlet's own words for the page), else the text
   groups it.
Every per-article input of stages 1 and 2 is made by :func:`prepare` (:mod:`.features`) from that
article alone, so a worker process can make it and pass :class:`GroupFeatures` instead of the text.

3. **Digest** (:mod:`.present`, :func:`story_summary`, :func:`rank_stories`, :func:`filter_stories`).

Choices were measured with ``benchmarks/digest_quality.py`` (real digests, read back) and
``benchmarks/grouping_quality.py``.
"""

from bot.group.cluster import (
    CLOSE_BONUS,
    FOLLOW_UP,
    HEADLINE_WORDS,
    NEWS_CYCLE,
    RARE_NAME_IDF,
    THRESHOLD,
    TIME_PENALTY,
    TIME_WINDOW,
    VETO_NAMES,
    Grouping,
    group,
    group_stories,
    headlines_agree,
)
from bot.group.docs import BODY_WEIGHT
from bot.group.features import BODY_WORDS, GroupFeatures, names_the_outlet, prepare
from bot.group.identity import COPY_CONTAINMENT, SAME_URL_CONTAINMENT, Identity, dedupe, find_identity
from bot.group.present import HALF_LIFE, REPEAT_SIMILARITY, filter_stories, rank_stories, story_summary
from bot.group.terms import LEAD_WORDS, MIN_HISTORY, TITLE_WEIGHT, TermStats, article_terms
from bot.keywords import compile_keywords
from bot.urls import canonical_url, without_tracking

__all__ = [
    "canonical_url",
    "without_tracking",
    "TermStats",
    "GroupFeatures",
    "prepare",
    "article_terms",
    "Identity",
    "find_identity",
    "dedupe",
    "Grouping",
    "group",
    "group_stories",
    "story_summary",
    "rank_stories",
    "compile_keywords",
    "filter_stories",
    "THRESHOLD",
    "COPY_CONTAINMENT",
    "HALF_LIFE",
    "LEAD_WORDS",
    "REPEAT_SIMILARITY",
    "SAME_URL_CONTAINMENT",
    "TIME_PENALTY",
    "CLOSE_BONUS",
    "NEWS_CYCLE",
    "HEADLINE_WORDS",
    "VETO_NAMES",
    "RARE_NAME_IDF",
    "FOLLOW_UP",
    "MIN_HISTORY",
    "TIME_WINDOW",
    "TITLE_WEIGHT",
    "BODY_WEIGHT",
    "BODY_WORDS",
    "headlines_agree",
    "names_the_outlet",
]
