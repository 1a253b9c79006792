"""Extractive summaries: pick whole sentences from the article, never write new ones.

Three steps, each for a reason:

1. **Screen** (:mod:`.screen`, :func:`screen_sentences`): a digest shows sentences out of
   context, so any that cannot stand alone are never candidates: page furniture (bot.text's
   boilerplate rules), photo captions and headlines glued to a sentence, datelines, bylines,
   fragments, questions to the reader, truncated teasers, quotes whose speaker is only a pronoun
   or in another sentence, the title repeated.
2. **Rank** (:mod:`.features`, :func:`sentence_features`, :data:`WEIGHTS`): a small linear model
   over features a reader would recognise: where the sentence stands (news puts the point first;
   a paragraph puts its point first; the lead a writer would cut to), how central it is (sumy's
   LexRank, same formulas but vectorised, and closeness to the article's centroid), how much it
   shares with the title, its length, whether it leans on context (a quote, an opening "He"
   or "But"), and, for a summary to a word budget, whether it opens a paragraph (a summary that
   long is made of the paragraphs' points). The words behind every signal are sumy's: its
   stemmers and stop words (:mod:`.terms`, through bot.language). The weights were fitted on
   development data; see the comment at WEIGHTS.
3. **Select** (:mod:`.select`, :func:`choose`): best first, each pick discounted by how much it
   repeats what is already chosen (maximal marginal relevance; near-copies never), until the
   sentence count or the word budget (:func:`fits`) is met; the result keeps article order.
   :func:`ranking` does steps 1-2 once and :func:`pick` step 3 with any weights, which is how
   benchmarks/summary_fit.py refits the weights on exactly the summaries :func:`summarise` makes.

sumy's own rankers compare sentences pairwise in pure Python; here all pairwise similarities
come from one matrix product (dense for a typical article, one bincount over shared terms for a
long one). benchmarks/summary_quality.py compares both on the same articles. What remains of the
time is per-sentence Python (splitting, screening, term look-ups); the regular expressions there
are written so the engine can scan for their first character, and the boilerplate rules are
tried as one alternation (see bot.text).
"""

from bot.language import LANGUAGES, detect_language, resolve_language, sumy_language, word_count
from bot.summarise.features import FEATURES, Features, sentence_features
from bot.summarise.screen import Screened, leans, screen_sentences, usable_sentences
from bot.summarise.select import DUPLICATE, REDUNDANCY, WEIGHTS, Ranking, choose, fits, pick, ranking, summarise

__all__ = [
    "DUPLICATE",
    "FEATURES",
    "LANGUAGES",
    "REDUNDANCY",
    "WEIGHTS",
    "Features",
    "Ranking",
    "Screened",
    "choose",
    "detect_language",
    "fits",
    "leans",
    "pick",
    "ranking",
    "resolve_language",
    "screen_sentences",
    "sentence_features",
    "summarise",
    "sumy_language",
    "usable_sentences",
    "word_count",
]
