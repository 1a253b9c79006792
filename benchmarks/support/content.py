"""The farm's content: feeds (RSS, Atom) and article pages like real sites send."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from html import escape

from benchmarks.support.news import _ADJ, _FIRST, _NOUNS, _ROLES, _SECTIONS, Event, Lexicon, Writer, make_event
from benchmarks.support.plan import FARM_NOW, FarmPlan

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
      f'<link rel="canonical" href="{item.url}">\n'
      f'<link rel="stylesheet" href="{base}/static/css/main.{rng.randrange(16**8):08x}.css">\n'
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
      "(function(w,d,s){var j=d.createElement(s);j.async=true;"
      "j.src='/static/js/consent.js';d.head.appendChild(j)})(window,document,'script');"
      "</script>\n</head>\n")
    a(f'<body class="article-page section-{item.section.lower()}">\n'
      f'<a class="skip-link" href="#maincontent">Skip to main content</a>\n')
    a('<div id="cookie-banner" class="cookie-consent" role="dialog" aria-label="Cookie consent">\n'
      "<p>We use cookies and similar technologies to personalise content and ads, to provide social media features and to "
      "analyse our traffic. By continuing to use this site you agree to our use of cookies.</p>\n"
      '<button class="accept">Accept all cookies</button> <button class="manage">Manage preferences</button> '
      f'<a href="{base}/help/cookies">Cookie policy</a>\n</div>\n')
    a(f'<header class="site-header">\n<a class="logo" href="{base}/">{escape(site)}</a>\n'
      f'<form class="search" action="{base}/search">'
      f'<input type="search" name="q" placeholder="Search"><button>Search</button></form>\n'
      '<nav class="primary-nav" aria-label="Sections">\n<ul>\n')
    for _ in range(80):
        label = _link_label(rng, lex)
        a(f'<li>'
          f'<a href="{base}/{label.lower().replace(" ", "-").replace(":", "")}" '
          f'data-link-name="nav : {escape(label)}">{escape(label)}</a></li>\n')
    a('</ul>\n</nav>\n<div class="mega-menu" hidden>\n')
    for section in rng.sample(_SECTIONS, rng.randint(4, 10)):
        a(f'<div class="mega-col"><h3>{section}</h3><ul>')
        for _ in range(rng.randint(6, 14)):
            label = _link_label(rng, lex)
            a(f'<li>'
              f'<a href="{base}/{section.lower()}/{label.lower().replace(" ", "-").replace(":", "")}">{escape(label)}</a></li>')
        a("</ul></div>\n")
    a("</div>\n</header>\n")
    a(f'<div class="breaking-ticker"><strong>Breaking</strong> '
      f'<a href="{base}/live">{escape(_headline(rng, corpus))}</a></div>\n')
    a('<main id="maincontent">\n'
      '<article class="story" itemscope itemtype="https://schema.org/NewsArticle">\n<header class="story-header">\n'
      f'<p class="kicker"><a href="{base}/{item.section.lower()}">{item.section}</a></p>\n<h1 itemprop="headline">{title}</h1>\n'
      f'<p class="standfirst">{escape(item.teaser)}</p>\n'
      f'<div class="byline">'
      f'By <a rel="author" href="{base}/profile/{item.author.lower().replace(" ", "-")}">{escape(item.author)}</a>, '
      f'{rng.choice(_ROLES)} correspondent</div>\n'
      f'<time datetime="{item.published.isoformat()}">{item.published:%a %d %b %Y %H.%M} GMT</time>\n'
      '<div class="share-row"><a class="share" href="#">Share on Facebook</a> <a class="share" href="#">Share on X</a> '
      '<a class="share" href="#">Email</a></div>\n</header>\n')
    credit = f"{rng.choice(_FIRST)} {rng.choice(lex.surnames)}/{rng.choice(('Reuters', 'AFP', 'PA Media', 'Getty Images'))}"
    a(f'<figure class="lead-image"><img src="{base}/img/{item.k}x{item.i}-640.jpg" '
      f'srcset="{base}/img/{item.k}x{item.i}-1200.jpg 1200w" '
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
        a(f'<li class="card">'
          f'<a href="{base}/news/{rng.randrange(10**6)}"><img src="{base}/img/t{rng.randrange(10**6)}.jpg" alt="" '
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
            a(f'<li>'
              f'<a href="{base}/{section.lower()}/{label.lower().replace(" ", "-").replace(":", "")}">{escape(label)}</a></li>')
        a("</ul></div>\n")
    a("</div>\n")
    a(f'<div class="footer-apps"><a href="{base}/apps">Download our free app</a> <a href="{base}/newsletters">Newsletters</a> '
      f'<a href="{base}/advertise">Advertise with us</a> <a href="{base}/contact">Contact us</a> '
      f'<a href="{base}/tips">Send us a tip</a></div>\n'
      f'<p class="legal">{escape(site)} is published by {escape(rng.choice(lex.orgs))} Media Ltd. '
      f'Registered in England and Wales '
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
