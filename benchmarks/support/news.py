"""The farm's news: a seeded lexicon, events and the sentences written about them."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

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
Medical School, Law Society, Bar Council, Audit Office, Ethics Committee, Heritage Society,
Angling Club""".replace("\n", " ").split(", ")
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
_DAYS = ("on Monday,on Tuesday,on Wednesday,on Thursday,on Friday,at the weekend,last week,this morning,late on Sunday,"
         "earlier this month").split(",")
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
