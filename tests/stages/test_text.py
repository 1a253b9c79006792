"""Tests for bot.text: offline sentence/word splitting and boilerplate cleaning."""

from __future__ import annotations

import json

import pytest
from support.paths import SHARED_DATA

from bot.text import SumyTokenizer, clean_text, is_boilerplate, split_sentences, split_words

DATA = SHARED_DATA


# ---------------------------------------------------------------------------
# split_sentences
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        # titles and other abbreviations that never end a sentence
        ("Mr. Smith met Dr. Jones at St. Mary's on Jan. 5. They talked for an hour.",
         ["Mr. Smith met Dr. Jones at St. Mary's on Jan. 5.", "They talked for an hour."]),
        ("He ranked No. 5 in the world. Next year he hopes for more.",
         ["He ranked No. 5 in the world.", "Next year he hopes for more."]),
        ("The answer was no. The committee moved on.", ["The answer was no.", "The committee moved on."]),
        # U.S. ends a sentence only when a sentence opener follows
        ("The U.S. economy grew. It was the best year in the U.S. The Fed agreed.",
         ["The U.S. economy grew.", "It was the best year in the U.S.", "The Fed agreed."]),
        ("She works for the U.S. Government in Virginia.",
         ["She works for the U.S. Government in Virginia."]),
        ("They closed the deal with Pitt, Briggs & Co. It closed yesterday.",
         ["They closed the deal with Pitt, Briggs & Co.", "It closed yesterday."]),
        # decimals, money, percentages
        ("Growth was 3.5 percent in 2023. Inflation hit 2.1% and $1,000.50 bought less.",
         ["Growth was 3.5 percent in 2023.", "Inflation hit 2.1% and $1,000.50 bought less."]),
        ("She has $100.00. It is in her bag.", ["She has $100.00.", "It is in her bag."]),
        # initials
        ("The author J. K. Rowling spoke first. John F. Kennedy was quoted.",
         ["The author J. K. Rowling spoke first.", "John F. Kennedy was quoted."]),
        ("We make a good team, you and I. Did you see Albert I. Jones?",
         ["We make a good team, you and I.", "Did you see Albert I. Jones?"]),
        # quotes
        ('He said: "We will win." Then he left.', ['He said: "We will win."', "Then he left."]),
        ('"We will win," he said. "Nobody doubts it." Critics disagree.',
         ['"We will win," he said.', '"Nobody doubts it."', "Critics disagree."]),
        ('"Is it over?" she asked. “Yes.” He nodded.',
         ['"Is it over?" she asked.', "“Yes.”", "He nodded."]),
        ("She turned to him, 'This is great.' she said.",
         ["She turned to him, 'This is great.' she said."]),
        # ellipses
        ("We waited... Nothing happened. I never meant that.... She left.",
         ["We waited...", "Nothing happened.", "I never meant that....", "She left."]),
        ("He hesitated … then agreed.", ["He hesitated … then agreed."]),
        # ... not inside a title written in title case (made-up titles); after a name, prose goes on in lower case
        ("She left the show Stay... Out Of The Kitchen on Monday. Fans cheered.",
         ["She left the show Stay... Out Of The Kitchen on Monday.", "Fans cheered."]),
        ("It won for Moonrise… The Quiet Harbour Songs: Volume II. It sold well.",
         ["It won for Moonrise… The Quiet Harbour Songs: Volume II.", "It sold well."]),
        ("Then came Roe... The minister went on. Thanks... The Long Road is out.",
         ["Then came Roe...", "The minister went on.", "Thanks...", "The Long Road is out."]),
        # URLs and e-mail addresses
        ("Visit https://example.com/news/story.html. Write to desk@example.co.uk. Thanks.",
         ["Visit https://example.com/news/story.html.", "Write to desk@example.co.uk.", "Thanks."]),
        # "!" and "?" inside names and quotes
        ("She works at Yahoo! in the accounting department. Really? Yes!",
         ["She works at Yahoo! in the accounting department.", "Really?", "Yes!"]),
        # paragraphs glued without a space (XSum, BBC summaries)
        ("He was vilified by the scientific community.Dr Venter has a reputation.",
         ["He was vilified by the scientific community.", "Dr Venter has a reputation."]),
        # ... after an acronym only before a typical sentence starter ("ASP.Net" and "U.S.The" go on)
        ("Prices rose in the UK.The bank said so. Built on ASP.Net by NATO.Officials",
         ["Prices rose in the UK.", "The bank said so.", "Built on ASP.Net by NATO.Officials"]),
        # inline lists
        ("1. The first item 2. The second item", ["1. The first item", "2. The second item"]),
        # "(...)" parenthetical ending inside a sentence
        ("He teaches science (He worked for 5 years as an engineer.) at the University.",
         ["He teaches science (He worked for 5 years as an engineer.) at the University."]),
    ],
)
def test_split_sentences_english(text, expected):
    assert split_sentences(text) == expected


def test_line_breaks_are_always_boundaries():
    text = "Headline without a full stop\n\nFirst para. Second sentence.\nA line without one\r\n\n  Last.  "
    assert split_sentences(text) == [
        "Headline without a full stop", "First para.", "Second sentence.", "A line without one", "Last.",
    ]


def test_empty_and_blank_input():
    assert split_sentences("") == []
    assert split_sentences("  \n\n \t ") == []


def test_sentences_are_stripped_and_never_empty():
    out = split_sentences("  One.   Two!  \n\n\n   Three?   ... ")
    assert out == ["One.", "Two!", "Three?", "..."]
    assert all(s == s.strip() and s for s in out)


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("portuguese",
         "O Sr. Silva chegou às 10h. Segundo a Dra. Ana, o PIB cresceu 2,5%. A Petrobras Ltda. "
         "confirmou os números.",
         ["O Sr. Silva chegou às 10h.", "Segundo a Dra. Ana, o PIB cresceu 2,5%.",
          "A Petrobras Ltda. confirmou os números."]),
        ("portuguese",
         '"Não vou renunciar", disse o presidente. Ele falou por 20 min. Os EUA reagiram.',
         ['"Não vou renunciar", disse o presidente.', "Ele falou por 20 min.", "Os EUA reagiram."]),
        ("pt",  # ISO code accepted too
         "A reunião foi na Av. Paulista. O Prof. Costa discursou.",
         ["A reunião foi na Av. Paulista.", "O Prof. Costa discursou."]),
        ("german",
         "Am 12. Juni kam er. Das war z. B. gut. Die Information steht auf Seite 12. Dort steht alles.",
         ["Am 12. Juni kam er.", "Das war z. B. gut.", "Die Information steht auf Seite 12.", "Dort steht alles."]),
        ("french", "M. Dupont est arrivé. Il a parlé avec Mme Martin. Elle a couru 100 m. Le record tient.",
         ["M. Dupont est arrivé.", "Il a parlé avec Mme Martin.", "Elle a couru 100 m.", "Le record tient."]),
        ("spanish", "¿Cómo está hoy? ¡Muy bien! El Sr. García llegó.",
         ["¿Cómo está hoy?", "¡Muy bien!", "El Sr. García llegó."]),
        ("italian", "Salve Sig.ra Mengoni! Il dott. Rossi è arrivato.",
         ["Salve Sig.ra Mengoni!", "Il dott. Rossi è arrivato."]),
        ("czech", "Prof. Novák přišel včas. Bylo to dobré.", ["Prof. Novák přišel včas.", "Bylo to dobré."]),
        ("japanese", "これはペンです。それはマーカーです。", ["これはペンです。", "それはマーカーです。"]),
        ("greek", "Πού είναι οι τουαλέτες; Τις Κυριακές δε δούλευε κανένας.",
         ["Πού είναι οι τουαλέτες;", "Τις Κυριακές δε δούλευε κανένας."]),
    ],
)
def test_split_sentences_other_languages(language, text, expected):
    assert split_sentences(text, language) == expected


def test_split_sentences_long_text():
    # Speed is measured in benchmarks/sentence_split.py, not here; this checks a long run stays exact.
    text = ("Mr. Smith said the U.S. economy grew 3.5% in 2023. \"It was good,\" he added. "
            "Officials will read more of the report on Jan. 5... Nobody knows. ") * 500
    sentences = split_sentences(text)
    assert len(sentences) == 2000


# ---------------------------------------------------------------------------
# split_words
# ---------------------------------------------------------------------------

def test_split_words_drops_punctuation_and_keeps_inner_marks():
    words = split_words("Don't stop—the well-known COVID-19 plan costs $1,000.50 (approx.)! It's 3rd.")
    assert words == ["Don't", "stop", "the", "well-known", "COVID-19", "plan", "costs", "1,000.50",
                     "approx", "It's", "3rd"]


def test_split_words_unicode_and_empty():
    assert split_words("Ação rápida: pé-de-meia, “coração” e Müller’s café…") == [
        "Ação", "rápida", "pé-de-meia", "coração", "e", "Müller’s", "café",
    ]
    assert split_words("") == []
    assert split_words(" -- ... !!! ") == []


def test_split_words_long_text():
    text = "The quick brown fox, aged 3.5 years, jumped over the lazy dog's back. " * 5000
    assert len(split_words(text)) == 13 * 5000


# ---------------------------------------------------------------------------
# SumyTokenizer
# ---------------------------------------------------------------------------

def test_sumy_tokenizer_interface():
    tok = SumyTokenizer("en")
    assert tok.language == "english"
    assert tok.to_sentences("Mr. Smith left. He came back.") == ("Mr. Smith left.", "He came back.")
    # Like sumy's own tokenizer: words only, no numbers or punctuation.
    assert tok.to_words("In 2024, the U.S. spent $5bn on well-known projects.") == (
        "In", "the", "U", "S", "spent", "5bn", "on", "well-known", "projects",
    )


ARTICLE_EN = """Storm hits coast

A powerful storm hit the coast on Monday, cutting power to 200,000 homes. Officials said the storm was the strongest in a decade.

Mr. Brown, the mayor, said crews worked through the night. Power was restored to most homes by Tuesday.

The storm caused flooding in three towns. Schools in the towns were closed on Tuesday.

Forecasters said another storm could arrive next week. Residents were told to prepare supplies."""

ARTICLE_PT = """Chuva forte atinge o litoral

Uma chuva forte atingiu o litoral na segunda-feira e deixou 200 mil casas sem energia. Segundo a Defesa Civil, foi a pior chuva da década.

O Sr. Souza, prefeito da cidade, disse que as equipes trabalharam durante a noite. A energia voltou na terça-feira.

A chuva provocou enchentes em três cidades. As escolas ficaram fechadas."""  # noqa: E501 - a paragraph is one line


@pytest.mark.parametrize("language, text", [("english", ARTICLE_EN), ("portuguese", ARTICLE_PT)])
def test_sumy_summarizer_runs_with_our_tokenizer(language, text):
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    parser = PlaintextParser.from_string(text, SumyTokenizer(language))
    summarizer = LexRankSummarizer(Stemmer(language))
    summarizer.stop_words = get_stop_words(language)
    summary = [str(s) for s in summarizer(parser.document, 2)]

    assert len(summary) == 2
    all_sentences = split_sentences(text, language)
    assert all(s in all_sentences for s in summary)
    # abbreviations did not cut sentences in two
    assert not any(s in ("Mr.", "O Sr.") for s in map(str, parser.document.sentences))


# ---------------------------------------------------------------------------
# clean_text / is_boilerplate
# ---------------------------------------------------------------------------

BOILERPLATE = {
    "read more": ["Read more", "Read more:", "READ MORE: Fed raises rates again", "Read More »",
                  "RELATED: Fed raises rates", "Related articles", "Read Full Article at RT.com",
                  "See also: Storm timeline", "Leia mais", "Leia mais:", "Leia também: Inflação sobe",
                  "Saiba mais", "Saiba mais sobre o caso", "Veja também: Chuvas no Sul",
                  "Read or Share this story: https://example.com/x"],
    "newsletter": ["Sign up for our newsletter", "Sign up for our daily newsletter to get the news first.",
                   "Subscribe", "Subscribe now", "Subscribe to our newsletter for updates",
                   "Sign up for BREAKING NEWS Emails privacy policy Thanks for subscribing!",
                   "Assine", "Assine a newsletter", "Assine já e tenha acesso ilimitado",
                   "Receba as notícias do dia no seu e-mail"],
    "share": ["Share this article", "Share", "Share on Facebook", "Facebook Twitter Email",
              "Share on Facebook Share on Twitter", "WhatsApp Facebook Twitter Copiar link",
              "Compartilhe", "Compartilhe esta notícia", "Compartilhar no WhatsApp"],
    "listen": ["Listen to this article", "Listen to this article · 5 min", "Ouça esta notícia", "4 min read"],
    "advertising": ["Advertisement", "ADVERTISEMENT", "Advertisement Continue reading the main story",
                    "Publicidade", "Continua após a publicidade", "Story continues below advertisement"],
    "cookies": ["We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.",
                "This site uses cookies. Learn more.", "Accept all cookies",
                "Este site utiliza cookies para melhorar a sua experiência."],
    "broken widget": ["Oops! Something went wrong.", "Oops! Something went wrong. Please try again later.",
                      "Your browser does not support iframes."],
    "credits": ["Photo: Jane Doe/Reuters", "Photo by Jane Doe", "- Jane Doe/The Sun via AP",
                "(Getty Images)", "Image copyright Getty Images Image caption Firefighters at the scene",
                "David Becker/Getty Images", "(Lucy Pasha Robinson / The Independent)",
                "A man walks past the damaged building (Getty Images)", "Reuters", "AP - AFP",
                "Foto: Fulano de Tal/Folhapress", "Imagem: Reprodução/Instagram", "Divulgação",
                "Enlarge this image toggle caption Spencer Platt/Getty Images", "Photo", "Video"],
    "click here": ["Click here to read the full report.", "Click here", "Clique aqui para ler a reportagem"],
    "follow us": ["Follow us on Twitter", "Follow Jane Doe on Twitter: @janedoe",
                  "Siga-nos no Instagram", "Siga o Jornal no Twitter"],
    "rights": ["All rights reserved.", "© 2024 Example Media Ltd. All rights reserved.",
               "Copyright 2018 The Associated Press. All rights reserved. This material may not be published.",
               "Todos os direitos reservados."],
    "byline": ["By Jane Doe", "By JANE DOE and JOHN ROE", "By Jane Doe, Reuters", "Por Fulano da Silva",
               "(Reporting by Jane Doe; Editing by John Roe)", "John Roe contributed to this report."],
    "timestamp": ["Updated: 12:30 PM ET, Mon March 5, 2018", "Published 3 hours ago", "March 5, 2018",
                  "Friday, July 21, 2017", "05/03/2018 10h30", "Atualizado em 05/03/2018 às 10h30",
                  "Xinhua | Updated: 2017-09-15 17:52", "Updated at 9:50 p.m. ET Thursday"],
    "feeds and misc": ["The post Fed raises rates appeared first on Example News.", "Scroll down for video",
                       "___", "* * *", "Next"],
    # families added with issue 5 (each measured in benchmarks/extraction_quality.py)
    "related lists": ["DON'T MISS", "Latest stories", "Trending now:", "Não perca:", "Editor's picks"],
    "newsletter names": ["Pick Six Newsletter", "The Morning NEWSLETTER"],
    "comments": ["Leave a comment", "Comments are closed.", "Tell us what YOU think...", "Join the conversation",
                 "Deixe seu comentário", "All comments are moderated.",
                 "ATENÇÃO: Comentários com textos ofensivos não serão aprovados pelo moderador."],
    "markup": ['[button link="https://example.com/submit" type="big"] Send us YOUR review[/button]',
               "[caption id=\"attachment_5\" align=\"alignnone\"]"],
    "copyright and credits": ["copyright Example Media 2019 - ISSN: 2283-5474",
                              "Installation views, photos © Example Studio, 2018"],
    "consent and paywall": ["By clicking Accept all you consent to the processing of your data.",
                            "We value your privacy", "This article is for subscribers only.",
                            "Subscribe now to continue reading.", "You have reached your free article limit."],
}

# Real sentences that contain the same words, but not as page furniture.
REAL = [
    "Officials said they would read more of the report.",
    "Read more books, she said.",
    "Readers asked for more related coverage of the trial.",
    "Related companies also saw their shares fall.",
    "Subscribers to the service rose 5% last year, the company said.",
    "The company said it would share more details next week.",
    "Share prices rose 3% on Monday.",
    "Share the burden, he urged.",
    "He said advertisement spending fell sharply in March.",
    "Listen to the experts, she said.",
    "The regulator said the site used cookies without consent.",
    "Oops, the minister said, was not an adequate apology.",
    "The photo, taken by a local resident, shows the damaged bridge.",
    "Video footage showed the car speeding through a red light.",
    "Click-through rates improved, analysts said.",
    "Follow-up talks are scheduled for next week.",
    "He urged voters to follow the debate on television.",
    "All rights to the film belong to the studio, he said.",
    "Copyright lawsuits against AI firms have surged this year.",
    "By Tuesday, the storm had weakened.",
    "By the end of March, prices had doubled.",
    "Published in 1998, the book sold millions of copies.",
    "Updated figures show unemployment fell to 4% in March.",
    "Sign-ups for the program doubled in May.",
    "Sources said the talks had stalled.",
    "Next week, the council will vote on the plan.",
    "Reuters reported that the deal was close.",
    "Audio recordings obtained by the newspaper show the meeting.",
    "We ate cookies at the fair, she said.",
    "Getty Museum officials said the painting was stolen.",
    "Like many users on Twitter, she was angry.",
    "More follow the trend each year, analysts said.",
    "He said the figures - published on Monday - showed growth.",
    "Most popular in the region is the red party, she said.",
    "Tap water is safe, officials said.",
    "Confira os resultados abaixo.",
    "Fotos de crianças circularam nas redes sociais.",
    "O governo disse que vai compartilhar mais dados na próxima semana.",
    "Os assinantes do serviço aumentaram 5% no ano passado.",
    "Leia mais devagar, recomendou o professor aos alunos.",
    "Don't miss the comet tonight, astronomers said.",
    "Trending stocks fell on Monday.",
    "Subscribers received the newsletter",
    "Comments on the plan were moderated by the panel chair.",
    "Copyright lawsuits against AI firms have surged since 2020.",
    "By clicking through the archive, researchers found the letters.",
    "This article is based on interviews with subscribers to the service.",
    # measured and kept: the benchmark's true article texts contain embedded-post signatures
    "— Jane Roe (@janeroe) December 27, 2017",
    "Segundo a Defesa Civil, a chuva foi a pior da década.",
    "O deputado Gérson Peres (PA) votou contra o projeto.",
]


@pytest.mark.parametrize("family, line", [(f, x) for f, lines in BOILERPLATE.items() for x in lines])
def test_is_boilerplate_flags_each_family(family, line):
    assert is_boilerplate(line), f"{family}: {line!r}"


@pytest.mark.parametrize("sentence", REAL)
def test_is_boilerplate_keeps_real_sentences(sentence):
    assert not is_boilerplate(sentence)


def test_is_boilerplate_empty_is_junk():
    assert is_boilerplate("")
    assert is_boilerplate("   ")


@pytest.mark.parametrize("family", sorted(BOILERPLATE))
def test_clean_text_removes_each_family_and_keeps_paragraphs(family):
    real = REAL[:4]
    junk = BOILERPLATE[family]
    text = f"{real[0]}\n\n" + "\n".join(junk) + f"\n\n{real[1]}\n{real[2]}\n\n" + "\n\n".join(junk) + f"\n\n{real[3]}"
    assert clean_text(text) == f"{real[0]}\n\n{real[1]}\n{real[2]}\n\n{real[3]}"


def test_clean_text_keeps_all_real_sentences():
    text = "\n\n".join(REAL)
    assert clean_text(text) == text


def test_clean_text_cuts_inline_and_trailing_prompts():
    text = ("The council approved the plan on Monday. Read more\n"
            "Storm season starts early Read more\n"
            "Prices rose again. Advertisement Continue reading the main story The index fell.\n"
            "A teaser from the feed… Continue reading →")
    assert clean_text(text) == ("The council approved the plan on Monday.\n"
                                "Prices rose again. The index fell.\n"
                                "A teaser from the feed…")


def test_clean_text_drops_short_paragraphs_that_end_in_a_call_to_action():
    text = ("Get the latest updates right in your inbox. Subscribe to our newsletters.\n"
            "Mike Roe's book about the search for life is out now. Follow him on Twitter @mikeroe.\n"
            "The council approved the plan. Officials said work starts in May.\n"
            "The report is online. Click here to read it.")
    # a paragraph ending in "click here" often carries real content: measured, not judged
    assert clean_text(text) == ("The council approved the plan. Officials said work starts in May.\n"
                                "The report is online. Click here to read it.")
    assert "Subscribe to our newsletters." in clean_text(text, skip=frozenset({"cta-sentence"}))


def test_clean_text_drops_the_headlines_under_a_list_header():
    text = ("The council approved the plan.\nDON'T MISS\nStorm hits coast [VIDEO]\nMayor unveils budget\n\n"
            "Officials said work starts in May.\nRelated:\nA story that reads like a sentence.\nMore text here.")
    assert clean_text(text) == ("The council approved the plan.\n\nOfficials said work starts in May.\n"
                                "A story that reads like a sentence.\nMore text here.")
    assert "Storm hits coast [VIDEO]" in clean_text(text, skip=frozenset({"related-run"}))


def test_every_rule_family_can_be_skipped():
    from bot.text import RULE_FAMILIES

    assert {"read-more", "newsletter", "credit", "comments", "cta-sentence", "related-run"} <= set(RULE_FAMILIES)
    assert clean_text("Read more") == ""
    assert clean_text("Read more", skip=frozenset({"read-more", "trailing-prompt"})) == "Read more"
    assert is_boilerplate("Photo: Jane Doe/Reuters")
    assert not is_boilerplate("Photo: Jane Doe/Reuters", skip=frozenset({"credit"}))


def test_clean_text_normalises_whitespace_and_blank_runs():
    text = "\n\n  First   paragraph.\t \r\n\n\n\nAdvertisement\n\n\n  Second.  \n\n"
    assert clean_text(text) == "First paragraph.\n\nSecond."
    assert clean_text("") == ""


# ---------------------------------------------------------------------------
# Against the shared evaluation data (skipped when it is absent)
# ---------------------------------------------------------------------------

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"shared data not found at {DATA}")


@needs_data
def test_gum_news_boundaries_are_found():
    """Boundary F1 inside paragraphs on GUM news (measured 0.959; pysbd 0.903)."""
    path = DATA / "sbd_ud_english" / "gum_news.jsonl"
    if not path.exists():
        pytest.skip(f"{path} missing")
    tp = fp = fn = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        text, sents = doc["text"], doc["sentences"]
        gold = {b["start"] for a, b in zip(sents, sents[1:]) if a["paragraph"] == b["paragraph"]}
        para_starts = {0} | {s["start"] for s in sents} - gold
        pred, cursor = set(), 0
        for sentence in split_sentences(text):
            pos = text.find(sentence, cursor)
            assert pos >= 0, sentence  # sentences are verbatim pieces of the text
            if pos not in para_starts:
                pred.add(pos)
            cursor = pos + 1
        tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 > 0.94


@needs_data
def test_clean_text_keeps_clean_article_bodies():
    """Hand-cleaned article bodies (Zyte benchmark) lose almost no lines."""
    path = DATA / "extraction_article_benchmark" / "ground-truth.dev.json"
    if not path.exists():
        pytest.skip(f"{path} missing")
    bodies = [v["articleBody"] for v in json.loads(path.read_text(encoding="utf-8")).values()]
    lines = [ln for body in bodies for ln in body.splitlines() if any(c.isalpha() for c in ln)]
    removed = [ln for ln in lines if is_boilerplate(ln)]
    assert len(lines) > 1000
    assert len(removed) / len(lines) < 0.01, removed[:20]


def _needs_broken(lines):
    """Lines a rule matches although none of the strings its ``needs`` lists is in them."""
    from bot.text.boilerplate import _RULES

    broken = []
    for line in lines:
        line = " ".join(line.split())
        low = line.lower()
        for rule in _RULES:
            if rule.needs and rule.pattern.match(line) and not any(n in low for n in rule.needs):
                broken.append((rule.family, line))
    return broken


def test_rule_prefilters_never_skip_a_rule_that_would_match():
    examples = [x for lines in BOILERPLATE.values() for x in lines] + REAL
    assert not _needs_broken(examples)
    # and the prefilters do skip: an ordinary sentence meets none of them
    from bot.text.boilerplate import _RULES
    low = REAL[0].lower()
    assert sum(1 for r in _RULES if r.needs and not any(n in low for n in r.needs)) >= 10


# One line for each alternative of the "notice" rule: its prefilter (``needs``) must let every one through.
NOTICES = [
    "This article was originally published on The Conversation.",
    "Originally published in The Example Times.",
    "Reprinted with permission from the author.",
    "For reprints and permissions, contact the desk.",
    "Without written consent, this material may not be redistributed in any form.",
    "All content published on this site is the property of Example Media.",
    "Chrome or Firefox are recommended for this site.",
    "This website is best viewed in a modern browser.",
    "Registration number for publishing 1234567",
    "External links are provided for reference purposes.",
    "Example News is not responsible for the content of external Internet sites.",
    "All opinions are my own.",
    "This post was sponsored by Example Brand.",
    "[Editor's note: details of the finale follow.]",
    "Spoilers ahead for the season finale.",
]


def test_notice_rule_prefilter_lets_each_of_its_alternatives_through():
    from bot.text.boilerplate import _RULES

    rule = next(r for r in _RULES if r.family == "notice")
    assert rule.needs  # guarded: ordinary sentences skip its scans from every position
    for line in NOTICES:
        assert rule.pattern.match(line), line
        assert is_boilerplate(line), line
    assert not _needs_broken(NOTICES)
    low = "this is what the minister said of the article on monday."
    assert not any(n in low for n in rule.needs)


@needs_data
def test_rule_prefilters_hold_on_real_text():
    """The same on every line of the extraction benchmark's pages and article bodies."""
    import gzip

    import lxml.html

    folder = DATA / "extraction_article_benchmark"
    bodies = json.loads((folder / "ground-truth.dev.json").read_text(encoding="utf-8")).values()
    lines = [ln for body in bodies for ln in body["articleBody"].splitlines()]
    for page in sorted((folder / "html").glob("*.html.gz"))[:150]:
        root = lxml.html.fromstring(gzip.decompress(page.read_bytes()))
        for node in root.iter():  # every text node of the page, furniture included
            lines += [t for t in (node.text, node.tail) if isinstance(t, str) and t.strip()]
    assert len(lines) > 20000
    assert not _needs_broken(lines)
