"""Whether an article's text is another page's (a search page, a show's page), not its article: for
:mod:`bot.group.present`, which shows none of such a text's sentences."""

from __future__ import annotations

from bot.group.features import title_names_the_outlet
from bot.group.restate import sentence_terms as _sentence_terms
from bot.language import TOKEN
from bot.models import Article, own_text

__all__ = ["FOREIGN_TEXT_SENTENCES", "FOREIGN_TEXT_WORDS", "not_its_article"]

#: A text this long (words, sentences) that names none of its headline's words is another page's, not the article.
FOREIGN_TEXT_WORDS, FOREIGN_TEXT_SENTENCES = 30, 3


def not_its_article(article: Article, language: str) -> bool:
    """True when the article's text is clearly another page's (a search page, a show's page): a text
    that could be another's (a fetched page, or one under a title that is only the site's name, see
    bot.group.features.title_names_the_outlet) with at least FOREIGN_TEXT_WORDS words in
    FOREIGN_TEXT_SENTENCES sentences of prose in its language (its stop words), and not one of its
    headline's two or more content words ("Hollywood's" names "Hollywood"). A feed's own text under
    its own headline is that item's article however its headline puns ("Reds sink 10-man Magpies"). (Its own text:
    a site's description of itself as the standfirst of a page under the site's name names the site.)"""
    if article.text_origin != "page" and not title_names_the_outlet(article.title, article.source):
        return False
    article = own_text(article)
    if len(article.text.split()) < FOREIGN_TEXT_WORDS:
        return False  # a teaser may say it in other words
    from bot.text import split_sentences

    if len(split_sentences(article.text[:2000], language)) < FOREIGN_TEXT_SENTENCES:
        return False
    from bot.language import stop_words

    words = [w.lower() for w in TOKEN.findall(article.text[:2000])]
    common = stop_words(language)
    if sum(w in common for w in words) < 0.15 * len(words):
        return False  # not prose of this language (a list, made-up words): nothing to tell it by
    headline = _sentence_terms(article.title, language)
    if len(headline) < 2 or headline & _sentence_terms(article.text[:3000], language):
        return False  # (most texts name it early: the rest is stemmed only when they do not)
    return not headline & _sentence_terms(article.text, language)
