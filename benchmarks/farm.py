"""A loopback feed farm for benchmarks: N feeds x M items of realistic news, served over HTTP.

Everything is generated deterministically from a seed: the same arguments give byte-for-byte
the same feeds and pages. Each feed lives on its own loopback host (127.0.0.2, 127.0.0.3, ...)
so the pipeline's per-host politeness limit applies per feed as it would on the real web. Items
carry a one-sentence teaser, so the pipeline has to fetch every article page.

Pages are what real news sites send: 30-100 KB of HTML with meta tags, inline style and
scripts, a navigation bar with ~80 links (plus a mega menu), a cookie banner, the article
(headline, byline, figure and caption, 8-20 paragraphs with "Read more:" links and advert
slots), related links, a comments teaser, a most-read list, a large footer and a hydration
blob. Feeds answer conditional requests (ETag / Last-Modified -> 304), so a second run with
nothing new is all 304s.

Trouble, as real feeds have it (fractions of feeds, chosen by seed):
* slow: a full answer comes only after ``slow_delay`` seconds (304s are answered at once, as a
  CDN answers a revalidation);
* failing: HTTP 500, the connection closed without an answer, or connection refused (nothing
  listens on that feed's host);
* a few pages (``slow_page_fraction``) answer after ``slow_page_delay`` seconds, and a few
  (``missing_page_fraction``) are 404.

The server is an asyncio HTTP/1.1 server (keep-alive, gzip when asked) in its own process, so
it takes no GIL time from the process being measured; it still shares the machine's cores.

Usage::

    with Farm(FarmPlan(feeds=200, items=25)) as farm:
        farm.feed_urls          # one URL per feed, in order
        farm.stats()            # requests served so far, by kind and status
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import multiprocessing
import random
import re
import socket
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape

# The reference clock: items are published in the 24 hours before this instant.
FARM_NOW = datetime(2026, 11, 21, 10, 0, tzinfo=timezone.utc)


# -- the plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FarmPlan:
    """What the farm serves; picklable, so the server process can rebuild everything from it."""

    feeds: int = 200
    items: int = 25
    seed: int = 20261121
    slow_fraction: float = 0.02
    slow_delay: float = 3.0
    fail_fraction: float = 0.02
    slow_page_fraction: float = 0.004
    slow_page_delay: float = 1.0
    missing_page_fraction: float = 0.004
    gzip: bool = True
    min_page_bytes: int = 30_000
    max_page_bytes: int = 100_000

    def host(self, k: int) -> str:
        """Feed k's loopback address: 127.0.0.2, 127.0.0.3, ... (127.0.0.1 is left alone)."""
        n = k + 2
        return f"127.{n // 62500}.{(n // 250) % 250}.{n % 250}" if n >= 250 else f"127.0.0.{n}"

    def kinds(self) -> list[str]:
        """Per feed: 'ok', 'slow', 'error500', 'drop' or 'refused' (a seeded choice of feeds)."""
        rng = random.Random(f"{self.seed}:trouble")
        order = list(range(self.feeds))
        rng.shuffle(order)
        n_slow = round(self.feeds * self.slow_fraction)
        n_fail = round(self.feeds * self.fail_fraction)
        kinds = ["ok"] * self.feeds
        for k in order[:n_slow]:
            kinds[k] = "slow"
        failures = ("error500", "drop", "refused")
        for j, k in enumerate(order[n_slow : n_slow + n_fail]):
            kinds[k] = failures[j % len(failures)]
        return kinds

    def feed_format(self, k: int) -> str:
        return "atom" if k % 2 else "rss"

    def feed_path(self, k: int) -> str:
        return "/atom.xml" if self.feed_format(k) == "atom" else "/rss.xml"


# -- text -------------------------------------------------------------------------------------

_FIRST = """Amara Ben Carla Dmitri Elena Farid Grace Hannah Ibrahim Jonas Keiko Liam Maria Nadia
Oscar Priya Quentin Rosa Samuel Tomas Ursula Victor Wendy Xavier Yusuf Zara Alice Bruno Chloe
Daniel Eva Felix Greta Hugo Ines Jakob Karin Leon Mei Nils Olga Pablo Rania Sven Tara Umar
Vera Will Yara Anton Beatrix Cormac Delphine Emil Fiona Gustav Helena Idris Julia Kwame Lucia
Magnus Noor Omar Petra""".split()
_ONSET = "b br c ch cr d dr f fl g gr h j k kl l m n p pr r s sh st t tr v w z".split()
_NUCLEUS = "a e i o u ai ea ie ou y".split()
_CODA = "n r l s th m nd rt ck ll ng x".split()
_PLACE_END = "ton ford bury wick by ham field mouth stead bridge worth dale port haven moor".split()
_ROLES = """council leader, chief executive, health minister, finance minister, mayor,
police commissioner, union spokesperson, head teacher, hospital director, committee chair,
opposition leader, transport secretary, chief economist, project manager, harbour master,
fire chief, environment officer, court spokesperson, party chair, researcher""".replace("\n", " ").split(", ")
_ORG_KIND = """Council, Housing Trust, Transport Authority, Health Board, Chamber of Commerce,
Energy Company, Port Authority, University, Police Service, Water Company, Teachers' Union,
Planning Commission, Regional Bank, Wildlife Trust, Rail Operator, Court of Appeal,
Development Agency, Farmers' Association, Statistics Office, Fire Service, Ambulance Trust,
Library Service, Arts Council, Bus Company, Ferry Line, Football Club, Cricket Club, Rowing Club, Credit Union,
Building Society, Cooperative, Hospice, Academy, Grammar School, Orchestra, Theatre Company, Museum Trust,
Airport Group, Freight Alliance, Pension Fund, Land Registry, Coastguard Station, Mountain Rescue, Rail Union,
Nurses' Union, Residents' Association, Tenants' Union, Business Park, Science Park, Innovation Hub,
Medical School, Law Society, Bar Council, Audit Office, Ethics Committee, Heritage Society, Angling Club""".replace("\n", " ").split(", ")
_NOUNS = """budget plan bridge hospital school road tunnel railway station harbour market
election strike inquiry report survey tax rent housing estate factory mill mine airport
runway ferry bus tram pipeline reservoir dam flood drought storm fire outbreak vaccine
clinic ward court trial verdict appeal ruling contract deal merger takeover bid tender
grant subsidy pension wage salary price inflation rate loan mortgage debt deficit surplus
festival museum library stadium arena park forest river coast beach island wetland
species colony habitat emission turbine wind farm solar panel battery grid network
broadband mast satellite launch mission telescope study trial drug therapy diagnosis
scheme programme policy reform bill law regulation licence permit ban curfew protest
march rally vote referendum ballot campaign candidate coalition cabinet ministry agency
police arrest charge investigation fraud theft crash collision derailment evacuation
rescue recovery shortage surplus harvest crop yield fishery quota catch export import
tariff shipment cargo warehouse depot terminal port dock shipyard vessel fleet
ambulance nurse doctor surgeon midwife pharmacy prescription waiting-list consultant
teacher classroom curriculum exam university college apprenticeship scholarship tuition
landlord eviction tenancy homelessness shelter council-tax levy fine penalty refund
motorway junction roundabout cycle-lane pavement pothole bypass viaduct flyover
electricity gas meter tariff-cap boiler heat-pump insulation pylon substation reactor
sewage pollution landfill recycling incinerator litter plastic algae spill contamination
orchard vineyard dairy herd flock abattoir fertiliser pesticide irrigation greenhouse
bakery brewery distillery cannery textile foundry quarry kiln sawmill refinery
painting sculpture exhibition gallery orchestra opera theatre premiere novel manuscript
footballer striker goalkeeper manager transfer fixture league trophy tournament marathon
lighthouse pier promenade marina lifeboat coastguard trawler ferry-route seawall dune
archive census ledger audit watchdog regulator ombudsman tribunal inquest coroner
app software outage cyberattack ransomware data breach server chip semiconductor startup
mayoralty by-election manifesto petition boycott walkout picket ceasefire treaty summit
glacier avalanche wildfire heatwave hailstorm landslide earthquake tremor eruption drought-order
""".split()
_ADJ = """new major controversial long-awaited delayed ambitious expensive modest
regional national local temporary permanent emergency annual quarterly record historic
fragile crucial disputed popular unpopular sweeping limited detailed independent
unexpected gradual sharp steady significant minor northern southern coastal rural urban
public private joint interim revised final draft formal official""".split()
_VERBS = """approve reject delay review fund expand close reopen rebuild replace extend
cut raise lower freeze suspend launch announce confirm deny investigate challenge
support oppose finance upgrade modernise restore protect monitor assess propose
scrap revive halt speed block clear back sell buy merge split rename relocate
privatise nationalise audit inspect reform scale rethink pause trial pilot
demolish repair insure underwrite subsidise tax license ban regulate""".split()
_PAST = """approved rejected delayed reviewed funded expanded closed reopened rebuilt
replaced extended cut raised lowered froze suspended launched announced confirmed denied
investigated challenged supported opposed financed upgraded modernised restored protected
monitored assessed proposed
scrapped revived halted sped blocked cleared backed sold bought merged split renamed relocated
privatised nationalised audited inspected reformed scaled rethought paused trialled piloted
demolished repaired insured underwrote subsidised taxed licensed banned regulated""".split()
_PLURALS = """residents workers passengers patients pupils households businesses
families farmers drivers visitors tenants homes jobs flights vehicles beds places
tonnes hectares kilometres complaints applications objections signatures""".split()
_DAYS = "on Monday,on Tuesday,on Wednesday,on Thursday,on Friday,at the weekend,last week,this morning,late on Sunday,earlier this month".split(",")
_SECTIONS = """News UK World Business Money Politics Health Education Science Environment
Technology Transport Local Sport Culture Opinion Weather Travel Property Jobs""".split()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


_A_AN = re.compile(r"\b([Aa]) (?=[aeiouAEIOU])")


def _articles(text: str) -> str:
    """'a urban plan' -> 'an urban plan'."""
    return _A_AN.sub(lambda m: m.group(1) + "n ", text)


def _word(rng: random.Random, syllables: int) -> str:
    parts = [rng.choice(_ONSET) + rng.choice(_NUCLEUS) + (rng.choice(_CODA) if rng.random() < 0.6 else "")
             for _ in range(syllables)]
    return "".join(parts).capitalize()


class Lexicon:
    """Seeded pools of people, places and organisations: thousands of distinct names, as in news."""

    def __init__(self, seed: int, size: int):
        rng = random.Random(f"{seed}:lexicon")
        self.surnames = sorted({_word(rng, rng.choice((2, 2, 3))) for _ in range(size)})
        self.places = sorted({_word(rng, rng.choice((1, 2))) .lower().capitalize() + rng.choice(_PLACE_END)
                              for _ in range(size)})
        self.orgs = [f"{rng.choice(self.places)} {rng.choice(_ORG_KIND)}" for _ in range(size // 2)]


@dataclass
class Event:
    """What one story is about; several outlets may cover the same event."""

    place: str
    person: str
    role: str
    org: str
    noun: str
    noun2: str
    adj: str
    verb: str
    past: str
    amount: str
    count: int
    headline: str
    topic: list[str] = field(default_factory=list)
    other: str = ""
    project: str = ""


def _amount(rng: random.Random) -> str:
    cur = rng.choice("£$€")
    if rng.random() < 0.5:
        return f"{cur}{rng.randint(2, 950)} million"
    return f"{cur}{rng.randint(1, 9)}.{rng.randint(1, 9)} billion"


def make_event(lex: Lexicon, seed: int, n: int) -> Event:
    rng = random.Random(f"{seed}:event:{n}")
    person = f"{rng.choice(_FIRST)} {rng.choice(lex.surnames)}"
    place, org = rng.choice(lex.places), rng.choice(lex.orgs)
    noun, noun2 = rng.sample(_NOUNS, 2)
    adj, i = rng.choice(_ADJ), rng.randrange(len(_VERBS))
    amount, count = _amount(rng), rng.choice((rng.randint(12, 990), rng.randint(1_000, 90_000)))
    # What real stories have: their own few topic words and named things, beside common words.
    topic = [noun, noun2, *rng.sample(_NOUNS, 5)]
    other = f"{rng.choice(_FIRST)} {rng.choice(lex.surnames)}"
    project = f"{rng.choice(lex.places)} {rng.choice(('Link', 'Scheme', 'Accord', 'Review', 'Fund', 'Act', 'Project', 'Plan'))}"
    return Event(place, person, rng.choice(_ROLES), org, noun, noun2, adj, _VERBS[i], _PAST[i], amount, count,
                 _headline_for(rng, place, person, org, project, topic, adj, i, amount, count), topic, other, project)


def _headline_for(rng: random.Random, place: str, person: str, org: str, project: str, topic: list[str], adj: str,
                  i: int, amount: str, count: int) -> str:
    """Headlines as varied as real ones: subject, verb, object and an optional qualifier, all drawn."""
    t1, t2, t3 = topic[0], topic[1], rng.choice(topic[2:])
    surname = person.split()[-1]
    subject = rng.choice((place, org, surname, f"{place} {t1}", project, f"{adj.capitalize()} {t1}"))
    third = _VERBS[i] + ("es" if _VERBS[i].endswith(("ch", "sh", "s", "x", "z")) else "s")
    verb = rng.choice((third, _PAST[i], third, "to " + _VERBS[i]))
    obj = rng.choice((f"{t2}", f"{adj} {t2}", f"{t2} {t3}", f"{place}'s {t2}", f"{t2} {rng.choice(_NOUNS)}"))
    tail = "" if rng.random() < 0.55 else rng.choice((
        f"after {count:,} object", f"in {amount} deal", f"amid {t3} row", f"over {t3}", f"as {t3} costs rise",
        f"in {place}", f"with {amount} {t3}", f"after {t3} {rng.choice(_NOUNS)}", f"near {rng.choice(_NOUNS)}",
    ))
    if subject == surname and rng.random() < 0.5:
        return f"{surname}: '{_cap(t2)} {rng.choice(('must', 'will', 'cannot'))} {_VERBS[i]} {t3}'"
    return " ".join(x for x in (subject, verb, obj, tail) if x)


class Writer:
    """Sentences of 12-30 words about an event, with names, numbers, quotes and dates."""

    def __init__(self, rng: random.Random, lex: Lexicon, event: Event):
        self.r, self.lex, self.e = rng, lex, event

    def person(self) -> str:
        r = self.r
        if r.random() < 0.4:
            return self.e.person
        if r.random() < 0.3:
            return self.e.other
        return f"{r.choice(_FIRST)} {r.choice(self.lex.surnames)}"

    def number(self) -> str:
        r = self.r
        k = r.random()
        if k < 0.25:
            return f"{r.randint(2, 98)} per cent"
        if k < 0.5:
            return f"{r.randint(1_000, 250_000):,}"
        if k < 0.7:
            return _amount(r)
        if k < 0.85:
            return str(r.randint(1995, 2031))
        return str(r.randint(3, 400))

    def noun(self) -> str:
        """Mostly the story's own topic words; otherwise a common word, Zipf-distributed."""
        r = self.r
        if r.random() < 0.65:
            return r.choice(self.e.topic)
        return _NOUNS[min(int(r.paretovariate(0.8)) - 1, len(_NOUNS) - 1)] if r.random() < 0.5 else r.choice(_NOUNS)

    def clause(self) -> str:
        r, e = self.r, self.e
        n, n2 = self.noun(), self.noun()
        forms = (
            lambda: f"the {r.choice(_ADJ)} {e.noun} in {e.place} would {r.choice(_VERBS)} the {n} by {self.number()}",
            lambda: f"{e.org} {r.choice(_PAST)} the {e.adj} {n} {r.choice(_DAYS)}",
            lambda: f"{self.number()} {r.choice(_PLURALS)} were affected by the {n} near {r.choice(self.lex.places)}",
            lambda: f"officials in {e.place} {r.choice(_PAST)} a {r.choice(_ADJ)} {n2} worth {_amount(r)}",
            lambda: f"the {e.noun} had been {r.choice(_PAST)} twice since {r.randint(1998, 2024)}",
            lambda: f"{self.person()}, the {r.choice(_ROLES)}, {r.choice(_PAST)} the {n} {r.choice(_DAYS)}",
            lambda: f"the cost of the {e.noun} rose to {e.amount} from {_amount(r)}",
            lambda: f"{e.count:,} {r.choice(_PLURALS)} in {e.place} depend on the {e.noun}",
            lambda: f"the {e.project} would {r.choice(_VERBS)} the {n} and the {n2} within {r.randint(2, 15)} years",
            lambda: f"{e.other} of {e.org} {r.choice(_PAST)} the {r.choice(_ADJ)} {n} at a meeting in {e.place}",
            lambda: f"{r.choice(_ADJ)} {n} costs have {r.choice(_PAST)} {r.choice(_PLURALS)} across {r.choice(self.lex.places)}",
        )
        return r.choice(forms)()

    def sentence(self) -> str:
        r, e = self.r, self.e
        k = r.random()
        if k < 0.18:
            s = f'"{_cap(self.clause())}," said {self.person()}, the {r.choice(_ROLES)} at {r.choice(self.lex.orgs)}'
        elif k < 0.3:
            s = f"According to {e.org}, {self.clause()}"
        elif k < 0.42:
            s = f"{e.person}, {e.role} of {e.org}, said {r.choice(_DAYS)} that {self.clause()}"
        else:
            s = _cap(self.clause())
        words = len(s.split())
        target = r.randint(12, 30)
        for _ in range(4):  # extend towards the target length, never past 30 words
            if words >= target:
                break
            extra = r.choice((", and ", ", while ", " after ", ", although ", " because ", ", but ")) + self.clause()
            n = len(extra.split())
            if words + n > 30:
                continue
            s += extra
            words += n
        return _articles(s) + ("!" if k < 0.18 and r.random() < 0.1 else ".")

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.r.randint(2, 5)))


# -- pages and feeds --------------------------------------------------------------------------


@dataclass
class Item:
    k: int
    i: int
    url: str
    guid: str
    title: str
    teaser: str
    author: str
    published: datetime
    section: str
    event: Event


class Corpus:
    """The farm's content, item by item, from the plan alone (used by the server and the benchmark)."""

    def __init__(self, plan: FarmPlan, port: int):
        self.plan, self.port = plan, port
        total = plan.feeds * plan.items
        self.lex = Lexicon(plan.seed, max(600, total // 3))
        # Fewer events than articles: some events are covered by several outlets, as in real news.
        self.n_events = max(1, int(total * 0.7))
        self.sites = [self._site_name(k) for k in range(plan.feeds)]

    def _site_name(self, k: int) -> str:
        rng = random.Random(f"{self.plan.seed}:site:{k}")
        return rng.choice(("The ", "", "")) + rng.choice(self.lex.places) + " " + rng.choice(
            ("Gazette", "Times", "Post", "Herald", "Chronicle", "Courier", "Observer", "Echo", "Mercury", "Star"))

    def base(self, k: int) -> str:
        return f"http://{self.plan.host(k)}:{self.port}"

    def feed_url(self, k: int) -> str:
        return self.base(k) + self.plan.feed_path(k)

    def item(self, k: int, i: int) -> Item:
        rng = random.Random(f"{self.plan.seed}:item:{k}:{i}")
        event = make_event(self.lex, self.plan.seed, rng.randrange(self.n_events))
        published = FARM_NOW - timedelta(minutes=30 + i * 50 + rng.randint(0, 40))
        slug = "-".join(event.headline.lower().replace("'", "").replace(",", "").replace("£", "").replace("$", "")
                        .replace("€", "").split()[:8])
        section = rng.choice(_SECTIONS)
        url = f"{self.base(k)}/{section.lower()}/{published:%Y/%m/%d}/{slug}-{k}x{i}.html"
        writer = Writer(rng, self.lex, event)
        teaser = writer.sentence()
        author = f"{rng.choice(_FIRST)} {rng.choice(self.lex.surnames)}"
        return Item(k, i, url, f"urn:newsdigest-farm:{k}:{i}", event.headline, teaser, author, published, section, event)

    # -- feeds

    def feed(self, k: int) -> bytes:
        items = [self.item(k, i) for i in range(self.plan.items)]
        site = self.sites[k]
        if self.plan.feed_format(k) == "atom":
            return _atom(self.base(k), self.feed_url(k), site, items)
        return _rss(self.base(k), self.feed_url(k), site, items)

    # -- pages

    def page(self, k: int, i: int) -> bytes:
        item = self.item(k, i)
        rng = random.Random(f"{self.plan.seed}:page:{k}:{i}")
        target = rng.randint(self.plan.min_page_bytes, self.plan.max_page_bytes)
        html = _page(rng, self, item, target)
        return html.encode("utf-8")


def _rss(base: str, url: str, site: str, items: list[Item]) -> bytes:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n',
        f"<title>{escape(site)}</title>\n<link>{base}/</link>\n<description>Latest news from {escape(site)}</description>\n",
        f'<language>en-gb</language>\n<atom:link href="{url}" rel="self" type="application/rss+xml"/>\n',
        f"<lastBuildDate>{format_datetime(FARM_NOW)}</lastBuildDate>\n",
    ]
    for it in items:
        out.append(
            f"<item>\n<title>{escape(it.title)}</title>\n<link>{it.url}</link>\n"
            f'<guid isPermaLink="false">{it.guid}</guid>\n<pubDate>{format_datetime(it.published)}</pubDate>\n'
            f"<dc:creator>{escape(it.author)}</dc:creator>\n<category>{it.section}</category>\n"
            f"<description>{escape('<p>' + escape(it.teaser) + '</p>')}</description>\n</item>\n"
        )
    out.append("</channel>\n</rss>\n")
    return "".join(out).encode("utf-8")


def _atom(base: str, url: str, site: str, items: list[Item]) -> bytes:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n',
        f"<title>{escape(site)}</title>\n<id>{base}/</id>\n<link href=\"{base}/\"/>\n<link rel=\"self\" href=\"{url}\"/>\n",
        f"<updated>{FARM_NOW.isoformat()}</updated>\n",
    ]
    for it in items:
        out.append(
            f"<entry>\n<title>{escape(it.title)}</title>\n<id>{it.guid}</id>\n"
            f'<link rel="alternate" type="text/html" href="{it.url}"/>\n'
            f"<published>{it.published.isoformat()}</published>\n<updated>{it.published.isoformat()}</updated>\n"
            f"<author><name>{escape(it.author)}</name></author>\n<category term=\"{it.section}\"/>\n"
            f'<summary type="html">{escape("<p>" + escape(it.teaser) + "</p>")}</summary>\n</entry>\n'
        )
    out.append("</feed>\n")
    return "".join(out).encode("utf-8")


_CSS = """body{margin:0;font-family:Georgia,serif;color:#121212;background:#fff}.site-header{border-bottom:1px solid #dcdcdc}
.primary-nav ul{display:flex;flex-wrap:wrap;list-style:none;margin:0;padding:0}.primary-nav a{padding:8px 10px;color:#052962;
text-decoration:none;font:700 15px/1.2 Helvetica,Arial,sans-serif}.story h1{font-size:2.4rem;line-height:1.1;margin:.4em 0}
.standfirst{font-size:1.2rem;color:#333}.byline{font:14px Helvetica,Arial,sans-serif}.story-body p{font-size:1.1rem;
line-height:1.6;margin:0 0 1em}.ad-slot{min-height:250px;background:#f6f6f6;text-align:center;font:12px sans-serif}
.related li,.most-read li{margin:0 0 12px}.site-footer{background:#052962;color:#fff;padding:24px}.site-footer a{color:#fff}
.cookie-consent{position:fixed;bottom:0;left:0;right:0;background:#fff;box-shadow:0 -2px 8px rgba(0,0,0,.2);padding:16px}
@media (max-width:740px){.story h1{font-size:1.8rem}.primary-nav ul{overflow-x:auto;flex-wrap:nowrap}}
"""


def _link_label(rng: random.Random, lex: Lexicon) -> str:
    return rng.choice((
        lambda: f"{rng.choice(lex.places)} {rng.choice(_NOUNS)}",
        lambda: rng.choice(_SECTIONS),
        lambda: f"{rng.choice(_ADJ).capitalize()} {rng.choice(_NOUNS)}",
        lambda: f"{rng.choice(_SECTIONS)}: {rng.choice(lex.places)}",
    ))()


def _headline(rng: random.Random, corpus: Corpus) -> str:
    return make_event(corpus.lex, corpus.plan.seed, rng.randrange(corpus.n_events)).headline


def _page(rng: random.Random, corpus: Corpus, item: Item, target: int) -> str:
    lex, base, site, e = corpus.lex, corpus.base(item.k), corpus.sites[item.k], item.event
    writer = Writer(rng, lex, e)
    title = escape(item.title)
    out: list[str] = []
    a = out.append
    a(f'<!DOCTYPE html>\n<html lang="en-GB" class="no-js">\n<head>\n<meta charset="utf-8">\n'
      f"<title>{title} | {escape(site)}</title>\n"
      f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
      f'<meta name="description" content="{escape(item.teaser)}">\n'
      f'<meta name="author" content="{escape(item.author)}">\n'
      f'<meta property="og:type" content="article">\n<meta property="og:title" content="{title}">\n'
      f'<meta property="og:url" content="{item.url}">\n<meta property="og:site_name" content="{escape(site)}">\n'
      f'<meta property="og:image" content="{base}/img/{item.k}x{item.i}-1200.jpg">\n'
      f'<meta property="article:published_time" content="{item.published.isoformat()}">\n'
      f'<meta property="article:section" content="{item.section}">\n<meta name="twitter:card" content="summary_large_image">\n'
      f'<link rel="canonical" href="{item.url}">\n<link rel="stylesheet" href="{base}/static/css/main.{rng.randrange(16**8):08x}.css">\n'
      f'<link rel="preload" as="font" href="{base}/static/fonts/serif-regular.woff2" crossorigin>\n'
      f"<style>{_CSS}</style>\n")
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": item.title,
          "datePublished": item.published.isoformat(), "dateModified": item.published.isoformat(),
          "author": [{"@type": "Person", "name": item.author}], "mainEntityOfPage": item.url,
          "publisher": {"@type": "Organization", "name": site, "logo": {"@type": "ImageObject", "url": f"{base}/logo.png"}},
          "image": [f"{base}/img/{item.k}x{item.i}-{w}.jpg" for w in (640, 1200, 2000)], "articleSection": item.section}
    a(f'<script type="application/ld+json">{json.dumps(ld)}</script>\n')
    a("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());"
      f"gtag('config','G-{rng.randrange(16**10):010X}',{{'anonymize_ip':true,'content_group':'{item.section}'}});"
      "(function(w,d,s){var j=d.createElement(s);j.async=true;j.src='/static/js/consent.js';d.head.appendChild(j)})(window,document,'script');"
      "</script>\n</head>\n")
    a(f'<body class="article-page section-{item.section.lower()}">\n<a class="skip-link" href="#maincontent">Skip to main content</a>\n')
    a('<div id="cookie-banner" class="cookie-consent" role="dialog" aria-label="Cookie consent">\n'
      "<p>We use cookies and similar technologies to personalise content and ads, to provide social media features and to "
      "analyse our traffic. By continuing to use this site you agree to our use of cookies.</p>\n"
      '<button class="accept">Accept all cookies</button> <button class="manage">Manage preferences</button> '
      f'<a href="{base}/help/cookies">Cookie policy</a>\n</div>\n')
    a(f'<header class="site-header">\n<a class="logo" href="{base}/">{escape(site)}</a>\n'
      f'<form class="search" action="{base}/search"><input type="search" name="q" placeholder="Search"><button>Search</button></form>\n'
      '<nav class="primary-nav" aria-label="Sections">\n<ul>\n')
    for _ in range(80):
        label = _link_label(rng, lex)
        a(f'<li><a href="{base}/{label.lower().replace(" ", "-").replace(":", "")}" data-link-name="nav : {escape(label)}">{escape(label)}</a></li>\n')
    a('</ul>\n</nav>\n<div class="mega-menu" hidden>\n')
    for section in rng.sample(_SECTIONS, rng.randint(4, 10)):
        a(f'<div class="mega-col"><h3>{section}</h3><ul>')
        for _ in range(rng.randint(6, 14)):
            label = _link_label(rng, lex)
            a(f'<li><a href="{base}/{section.lower()}/{label.lower().replace(" ", "-").replace(":", "")}">{escape(label)}</a></li>')
        a("</ul></div>\n")
    a("</div>\n</header>\n")
    a(f'<div class="breaking-ticker"><strong>Breaking</strong> <a href="{base}/live">{escape(_headline(rng, corpus))}</a></div>\n')
    a('<main id="maincontent">\n<article class="story" itemscope itemtype="https://schema.org/NewsArticle">\n<header class="story-header">\n'
      f'<p class="kicker"><a href="{base}/{item.section.lower()}">{item.section}</a></p>\n<h1 itemprop="headline">{title}</h1>\n'
      f'<p class="standfirst">{escape(item.teaser)}</p>\n'
      f'<div class="byline">By <a rel="author" href="{base}/profile/{item.author.lower().replace(" ", "-")}">{escape(item.author)}</a>, '
      f'{rng.choice(_ROLES)} correspondent</div>\n'
      f'<time datetime="{item.published.isoformat()}">{item.published:%a %d %b %Y %H.%M} GMT</time>\n'
      '<div class="share-row"><a class="share" href="#">Share on Facebook</a> <a class="share" href="#">Share on X</a> '
      '<a class="share" href="#">Email</a></div>\n</header>\n')
    credit = f"{rng.choice(_FIRST)} {rng.choice(lex.surnames)}/{rng.choice(('Reuters', 'AFP', 'PA Media', 'Getty Images'))}"
    a(f'<figure class="lead-image"><img src="{base}/img/{item.k}x{item.i}-640.jpg" srcset="{base}/img/{item.k}x{item.i}-1200.jpg 1200w" '
      f'alt="{escape(e.place)} {escape(e.noun)}" width="640" height="360"><figcaption>{escape(writer.sentence())} '
      f"Photograph: {escape(credit)}</figcaption></figure>\n")
    a('<div class="story-body" itemprop="articleBody">\n')
    paragraphs = rng.randint(8, 20)
    for p in range(paragraphs):
        a(f"<p>{escape(writer.paragraph())}</p>\n")
        if p == 2 or (p > 4 and rng.random() < 0.15):
            a(f'<p class="read-more"><strong>Read more:</strong> <a href="{base}/news/{rng.randrange(10**6)}">'
              f"{escape(_headline(rng, corpus))}</a></p>\n")
        if p in (3, 9, 15):
            a(f'<div class="ad-slot" id="ad-inline-{p}" data-ad-unit="/{rng.randrange(10**8)}/article/inline">'
              "<p>Advertisement</p></div>\n")
        if p == 6 and rng.random() < 0.5:
            a(f"<h2>{escape(_headline(rng, corpus))}</h2>\n")
        if p == 5 and rng.random() < 0.5:
            a(f"<blockquote><p>{escape(writer.sentence())}</p></blockquote>\n")
    a("</div>\n")
    a('<div class="tags">Topics: ' + ", ".join(f'<a href="{base}/topic/{t}">{t}</a>' for t in rng.sample(_NOUNS, 5)) + "</div>\n")
    a('<div class="newsletter-signup"><p>Sign up to our morning briefing newsletter: the day\'s top stories in your inbox.</p>'
      '<form><input type="email" placeholder="Email address"><button>Sign up</button></form></div>\n</article>\n')
    a('<aside class="related" aria-label="Related stories">\n<h2>Related stories</h2>\n<ul>\n')
    for _ in range(rng.randint(6, 12)):
        a(f'<li class="card"><a href="{base}/news/{rng.randrange(10**6)}"><img src="{base}/img/t{rng.randrange(10**6)}.jpg" alt="" '
          f'loading="lazy" width="160" height="90"><span class="card-headline">{escape(_headline(rng, corpus))}</span></a>'
          f'<span class="card-meta">{rng.randint(1, 23)}h ago</span></li>\n')
    a("</ul>\n</aside>\n")
    comments = rng.randint(0, 2400)
    a(f'<section class="comments-teaser"><h2>Comments ({comments:,})</h2><p>Join the conversation: comments are open for '
      f'registered readers.</p><button class="show-comments">Show comments</button></section>\n')
    a('<section class="most-read"><h2>Most read</h2><ol>\n')
    for _ in range(10):
        a(f'<li><a href="{base}/news/{rng.randrange(10**6)}">{escape(_headline(rng, corpus))}</a></li>\n')
    a("</ol></section>\n</main>\n")
    a('<footer class="site-footer">\n<div class="footer-columns">\n')
    for section in rng.sample(_SECTIONS, 5):
        a(f'<div class="footer-col"><h4>{section}</h4><ul>')
        for _ in range(rng.randint(10, 20)):
            label = _link_label(rng, lex)
            a(f'<li><a href="{base}/{section.lower()}/{label.lower().replace(" ", "-").replace(":", "")}">{escape(label)}</a></li>')
        a("</ul></div>\n")
    a("</div>\n")
    a(f'<div class="footer-apps"><a href="{base}/apps">Download our free app</a> <a href="{base}/newsletters">Newsletters</a> '
      f'<a href="{base}/advertise">Advertise with us</a> <a href="{base}/contact">Contact us</a> <a href="{base}/tips">Send us a tip</a></div>\n'
      f'<p class="legal">{escape(site)} is published by {escape(rng.choice(lex.orgs))} Media Ltd. Registered in England and Wales '
      f"No. {rng.randint(1_000_000, 9_999_999)}. Registered office: {rng.randint(1, 200)} {rng.choice(lex.places)} Road.</p>\n"
      f"<p class=\"copyright\">© {FARM_NOW.year} {escape(site)}. All rights reserved.</p>\n</footer>\n")
    # A hydration blob, as single-page-app news sites inline, fills the page to its size.
    size = sum(len(s) for s in out) + 40
    blob: list[str] = []
    filled = 0
    while size + filled < target:
        rec = json.dumps({"id": rng.randrange(10**9), "headline": _headline(rng, corpus), "section": rng.choice(_SECTIONS),
                          "url": f"{base}/news/{rng.randrange(10**6)}", "image": {"src": f"{base}/img/{rng.randrange(10**6)}.jpg",
                          "width": 1200, "height": 675}, "tracking": {"position": rng.randint(1, 40), "slot": "onward"}})
        blob.append(rec)
        filled += len(rec) + 1
    if blob:
        a('<script id="__INITIAL_STATE__">window.__INITIAL_STATE__={"onward":[' + ",".join(blob) + "]};</script>\n")
    a("</body>\n</html>\n")
    return "".join(out)


# -- the server -------------------------------------------------------------------------------


@dataclass
class Resource:
    kind: str  # "feed" or "page"
    body: bytes = b""
    gz: bytes | None = None
    ctype: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200
    delay: float = 0.0
    drop: bool = False


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:20] + '"'


def build_routes(plan: FarmPlan, port: int) -> tuple[dict[tuple[str, str], Resource], dict[str, int]]:
    """(address, path) -> what to answer, and facts about the generated content."""
    corpus = Corpus(plan, port)
    kinds = plan.kinds()
    routes: dict[tuple[str, str], Resource] = {}
    page_sizes: list[int] = []
    page_rng = random.Random(f"{plan.seed}:page-trouble")
    last_modified = format_datetime(FARM_NOW, usegmt=True)
    for k in range(plan.feeds):
        host, kind = plan.host(k), kinds[k]
        if kind == "refused":
            continue  # nothing listens on this host
        path = plan.feed_path(k)
        if kind == "error500":
            routes[(host, path)] = Resource("feed", b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                                            status=500)
            continue
        if kind == "drop":
            routes[(host, path)] = Resource("feed", drop=True)
            continue
        body = corpus.feed(k)
        ctype = "application/atom+xml; charset=utf-8" if plan.feed_format(k) == "atom" else "application/rss+xml; charset=utf-8"
        routes[(host, path)] = Resource("feed", body, gzip.compress(body, 6, mtime=0) if plan.gzip else None, ctype,
                                        _etag(body), last_modified, delay=plan.slow_delay if kind == "slow" else 0.0)
        for i in range(plan.items):
            url = corpus.item(k, i).url
            page_path = url.split(str(port), 1)[1]
            roll = page_rng.random()
            if roll < plan.missing_page_fraction:
                routes[(host, page_path)] = Resource("page", b"<html><body><h1>Not found</h1></body></html>", status=404)
                continue
            html = corpus.page(k, i)
            page_sizes.append(len(html))
            delay = plan.slow_page_delay if roll > 1 - plan.slow_page_fraction else 0.0
            routes[(host, page_path)] = Resource("page", html, gzip.compress(html, 6, mtime=0) if plan.gzip else None,
                                                 etag=_etag(html), last_modified=last_modified, delay=delay)
    page_sizes.sort()
    facts = {
        "pages": len(page_sizes),
        "page_bytes_total": sum(page_sizes),
        "page_bytes_min": page_sizes[0] if page_sizes else 0,
        "page_bytes_median": page_sizes[len(page_sizes) // 2] if page_sizes else 0,
        "page_bytes_max": page_sizes[-1] if page_sizes else 0,
        "gzip_bytes_total": sum(len(r.gz) for r in routes.values() if r.kind == "page" and r.gz),
    }
    return routes, facts


_REASONS = {200: "OK", 304: "Not Modified", 404: "Not Found", 500: "Internal Server Error"}


class _Http(asyncio.Protocol):
    """Just enough HTTP/1.1 for GET with keep-alive; answers from the prebuilt routes."""

    def __init__(self, farm: "_Server"):
        self.farm = farm
        self.buf = b""
        self.busy = False
        self.transport: asyncio.Transport | None = None
        self.addr = ""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.addr = transport.get_extra_info("sockname")[0]
        self.farm.connections += 1

    def data_received(self, data: bytes) -> None:
        self.buf += data
        self._next()

    def _next(self) -> None:
        if self.busy or b"\r\n\r\n" not in self.buf:
            return
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        path = parts[1].split("?", 1)[0] if len(parts) > 1 else "/"
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        res = self.farm.routes.get((self.addr, path))
        close = headers.get("connection", "").lower() == "close" or (len(parts) > 2 and parts[2] == "HTTP/1.0")
        if res is None:
            self.farm.count("other", 404)
            self._send(404, {"Content-Type": "text/plain"}, b"not found", close)
            return
        if res.drop:
            self.farm.count(res.kind, 0)
            assert self.transport is not None
            self.transport.close()
            return
        if res.status != 200:
            self.farm.count(res.kind, res.status)
            self._send(res.status, {"Content-Type": "text/html; charset=utf-8"}, res.body, close)
            return
        validators = {"ETag": res.etag or "", "Last-Modified": res.last_modified or "", "Cache-Control": "max-age=60"}
        if (res.etag and headers.get("if-none-match") == res.etag) or (
            res.last_modified and headers.get("if-modified-since") == res.last_modified
        ):
            self.farm.count(res.kind, 304)
            self._send(304, validators, b"", close)
            return
        extra = {"Content-Type": res.ctype, **validators, "Vary": "Accept-Encoding"}
        body = res.body
        if res.gz is not None and "gzip" in headers.get("accept-encoding", ""):
            body = res.gz
            extra["Content-Encoding"] = "gzip"
        self.farm.count(res.kind, 200, len(body))
        if res.delay:
            self.busy = True
            asyncio.get_running_loop().call_later(res.delay, self._delayed, extra, body, close)
        else:
            self._send(200, extra, body, close)

    def _delayed(self, extra: dict[str, str], body: bytes, close: bool) -> None:
        self.busy = False
        if self.transport is not None and not self.transport.is_closing():
            self._send(200, extra, body, close)
            self._next()

    def _send(self, status: int, headers: dict[str, str], body: bytes, close: bool) -> None:
        assert self.transport is not None
        head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}", "Server: newsdigest-farm",
                f"Date: {format_datetime(datetime.now(timezone.utc), usegmt=True)}"]
        head += [f"{k}: {v}" for k, v in headers.items() if v]
        if status != 304:
            head.append(f"Content-Length: {len(body)}")
        head.append("Connection: close" if close else "Connection: keep-alive")
        self.transport.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        if close:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None


class _Server:
    def __init__(self, routes: dict[tuple[str, str], Resource]):
        self.routes = routes
        self.connections = 0
        self.counts: dict[str, int] = {}
        self.bytes_sent = 0

    def count(self, kind: str, status: int, size: int = 0) -> None:
        key = f"{kind} {status or 'dropped'}"
        self.counts[key] = self.counts.get(key, 0) + 1
        self.bytes_sent += size

    def stats(self) -> dict[str, object]:
        return {"requests": dict(sorted(self.counts.items())), "connections": self.connections, "bytes_sent": self.bytes_sent}


def _listen(hosts: list[str]) -> tuple[int, list[socket.socket]]:
    """One listening socket per loopback host, all on the same port (retrying ports if one is taken)."""
    for _attempt in range(20):
        first = socket.socket()
        first.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        first.bind((hosts[0], 0))
        port = first.getsockname()[1]
        socks = [first]
        try:
            for host in hosts[1:]:
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                socks.append(s)
                s.bind((host, port))
        except OSError:
            for s in socks:
                s.close()
            continue
        for s in socks:
            s.listen(1024)
            s.setblocking(False)
        return port, socks
    raise RuntimeError("could not find one free port on all the farm's loopback addresses")


def _serve(plan: FarmPlan, conn: "multiprocessing.connection.Connection") -> None:
    """The farm process: build everything, report ready, answer until told to stop."""
    try:
        t0 = time.perf_counter()
        kinds = plan.kinds()
        # Refused feeds get no socket: a connection to their host is refused by the kernel.
        hosts = [plan.host(k) for k in range(plan.feeds) if kinds[k] != "refused"]
        port, socks = _listen(hosts)
        routes, facts = build_routes(plan, port)
        facts["build_seconds"] = round(time.perf_counter() - t0, 2)
        server = _Server(routes)
    except BaseException as exc:  # report instead of leaving the parent waiting
        conn.send(("error", repr(exc)))
        raise

    async def main() -> None:
        loop = asyncio.get_running_loop()
        servers = [await loop.create_server(lambda: _Http(server), sock=s, backlog=1024) for s in socks]
        stop = asyncio.Event()

        def on_message() -> None:
            try:
                msg = conn.recv()
            except EOFError:
                stop.set()
                return
            if msg == "stats":
                conn.send(server.stats())
            elif msg == "reset":
                server.counts.clear()
                server.bytes_sent = 0
                server.connections = 0
                conn.send(True)
            elif msg == "stop":
                stop.set()

        loop.add_reader(conn.fileno(), on_message)
        conn.send(("ready", port, facts))
        await stop.wait()
        for s in servers:
            s.close()

    asyncio.run(main())


class Farm:
    """Run the farm in its own process (``spawn``: a clean interpreter, no inherited threads)."""

    def __init__(self, plan: FarmPlan, start_timeout: float = 600.0):
        self.plan = plan
        self.start_timeout = start_timeout
        self.process: multiprocessing.process.BaseProcess | None = None
        self.port = 0
        self.facts: dict[str, int] = {}
        self.kinds = plan.kinds()

    def __enter__(self) -> "Farm":
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(self.plan, child), name="newsdigest-farm", daemon=True)
        self.process.start()
        child.close()
        if not self._conn.poll(self.start_timeout):
            self.__exit__()
            raise RuntimeError("the feed farm did not start in time")
        msg = self._conn.recv()
        if msg[0] != "ready":
            self.__exit__()
            raise RuntimeError(f"the feed farm failed to start: {msg[1]}")
        _, self.port, self.facts = msg
        self.corpus = Corpus(self.plan, self.port)
        return self

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    @property
    def feed_urls(self) -> list[str]:
        return [self.corpus.feed_url(k) for k in range(self.plan.feeds)]

    def names(self) -> list[str]:
        return list(self.corpus.sites)

    def stats(self) -> dict[str, object]:
        self._conn.send("stats")
        return self._conn.recv()

    def reset_stats(self) -> None:
        self._conn.send("reset")
        self._conn.recv()

    def __exit__(self, *exc: object) -> None:
        if self.process is None:
            return
        try:
            self._conn.send("stop")
        except (OSError, ValueError):
            pass
        self.process.join(10)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
        self._conn.close()
        self.process = None


def describe(plan: FarmPlan) -> dict[str, object]:
    kinds = plan.kinds()
    return {**asdict(plan), "kinds": {k: kinds.count(k) for k in sorted(set(kinds))}}


if __name__ == "__main__":  # a quick look: python benchmarks/farm.py [feeds] [items]
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    m = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    plan = FarmPlan(feeds=n, items=m)
    with Farm(plan) as farm:
        print(json.dumps(describe(plan), indent=1))
        print(json.dumps(farm.facts, indent=1))
        for url in farm.feed_urls:
            print(url)
        input("serving; press Enter to stop ") if sys.stdin.isatty() else None
