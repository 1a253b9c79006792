"""Portuguese sentences that cannot stand alone in a story summary, by family (PORTUGUESE_FAMILIES).

The English rules of bot.summarise.openings, known and anchors read English words; Portuguese says the same
things its own way. A sentence leaning on the one before it (:func:`leans_back`): a pronoun after an opening
word or phrase ("Quando ele entrou ...", "Segundo ela, ...", "Agora, ela diz ..."), a subject left out, the
person being the last one named ("Aos 74 anos, conquistou ..."), "Ambos", or an explanation of what was just
quoted ("Vicentinho se referia aos pontos ..."). A person named by nationality, party or role ("O brasileiro
liderou ...", "O senador defende ...") whom the text named before (:func:`person_as_known`): the sentence
naming them comes first. A sentence that is no opening (:func:`opening_problem`): background ("... já estava
cheio"), the writer's own voice ("nos encontrávamos"), something pointed to ("daquele aparato"), a maxim
naming nothing. A sentence
that is half a thought (:func:`unfinished`): "não apenas ..." whose other half is the next sentence.
Examples in tests/stages/test_trust_portuguese.py; none is keyed to an article.
"""

from __future__ import annotations

import re

__all__ = ["PORTUGUESE_FAMILIES", "leans_back", "opening_problem", "person_as_known", "subhead", "takes_as_known",
           "unfinished"]

PORTUGUESE_FAMILIES = ("subhead", "pronoun-after-intro", "null-subject", "both", "refers-back", "pronoun-nameless", "person",
                       "thing-as-known", "points-back", "background", "first-person", "no-event", "unfinished")

_PRONOUNS = r"(?:ele|ela|eles|elas)"
# Words opening a sentence that a pronoun right after leans on: subordinators and prepositions
# ("Quando ele ...", "Segundo ela, ...", "Para eles, ...", "De acordo com ele, ...").
_INTRO_WORDS = (r"(?:Quando|Se|Embora|Enquanto|Porque|Como|Segundo|Conforme|Para|Com|Após|Depois que|Antes que"
                r"|Assim que|Logo que|Desde que|Mesmo que|Ainda que|Caso|Para que|De acordo com|Na opinião de"
                r"|Na avaliação de|Na visão de|Sem|Contra|Sobre|Por)")
_PRONOUN_AFTER_WORD = re.compile(rf"{_INTRO_WORDS},? {_PRONOUNS}\b")
# ... or a phrase ending with a comma, then the pronoun as the clause's subject: "Agora, ela diz ...",
# "Internado em um hospital em Buenos Aires, ele teve ..." (the phrase names nobody: no capital after its first word).
_PRONOUN_AFTER_PHRASE = re.compile(rf"[A-ZÀ-Ý][\wÀ-ÿ-]*(?: [^\sA-ZÀ-Ý,][^\s,]*){{0,10}}, {_PRONOUNS} (?=[a-zà-ÿ])")
# A verb in the third person, by its ending or its form: the subject of a clause that opens with it, after a
# phrase and a comma, is left out ("Aos 74 anos, em boa forma, conquistou ..."; "Na presidência da CPI, somou ...").
_FINITE = (r"(?:[a-zà-ÿ]{2,}(?:ou|eu|iu|aram|eram|iram|ava|avam|ara|era|ira)"
           r"|foi|foram|é|são|era|eram|está|estão|estava|estavam|tem|têm|tinha|tinham|teve|tiveram|vai|vão|ia"
           r"|deve|devem|pode|podem|disse|disseram|fez|fizeram|quer|querem|diz|dizem|fica|ficam|pretende|acha"
           r"|afirma|admite|defende|considera|acredita|sabe|vê|viu|pôs|trouxe|soube|houve)")
_NOT_VERBS = frozenset("seu meu teu europeu judeu ateu museu chapéu céu troféu liceu apogeu camafeu plebeu pneu era ara "
                       "primeira terceira carreira maneira bandeira cadeira fronteira feira cera esfera atmosfera "
                       "primavera espera fera galera opera ópera pantera cratera carteira madeira "
                       "mira tira ira".split())
_ADVERBIAL = (r"(?:em|no|na|nos|nas|com|ao|aos|à|às|de|do|da|por|pelo|pela|para|após|durante|depois|antes|sem|segundo"
              r"|desde|até|entre|sob|sobre|diante|mesmo|ainda|já|também|apesar|além)")
# The phrases: the first any, the others adverbial (a subject among them, "Em 2004, o Brasil, que ..., venceu", is
# no phrase); then the verb right after the last comma.
_NULL_SUBJECT = re.compile(rf"[A-ZÀ-Ý][^,;:.!?\"“]{{1,80}}, (?:{_ADVERBIAL} [^,;:.!?\"“]{{1,80}}, ){{0,3}}"
                           rf"(?:também |ainda |já |não |só |logo |então |se |lhe )?({_FINITE})\b(?![-'’])"
                           rf"( [a-zà-ÿ]+(?:ado|ada|ados|adas|ido|ida|idos|idas)\b)?")
# Verbs whose subject often comes after them: the passive ("Na madrugada, foram registrados ataques"), and verbs of
# happening ("Ontem, começou a votação", "No domingo, morreram três pessoas"): no subject left out there.
_BE = frozenset("foi foram é são era eram está estão estava estavam".split())
_HAPPENING = re.compile(r"(?:começ|termin|acab|morr|ocorr|acontec|cheg|surg|sa[ií]|ca[ií]|falt|exist|rest|sobr|houve"
                        r"|vei|vier)")
_INTRO_FIRST = frozenset("aos ao no na nos nas em com aos depois antes após durante desde até sem para por pelo pela "
                         "diante perante entre sob sobre aos".split())
# "Ambos mencionam ...", "Ambas foram ...": the two named before.
_BOTH = re.compile(r"(?:Ambos|Ambas|Outro|Outra|Outros|Outras) [a-zà-ÿ\d]")  # ("Outro requerimento ... também pede")
# A person as a pronoun in a sentence naming nobody: "Semelhanças que começam nas medidas que cada um deles anuncia."
_PRONOUN_ANY = re.compile(r"\b(?:ele|ela|eles|elas|dele|dela|deles|delas|nele|nela|neles|nelas)\b")
# What was just quoted, explained: "Vicentinho se referia aos pontos ...", "Ele referia-se a ...".
_REFERS = re.compile(r"^(?:[A-ZÀ-Ý][\wÀ-ÿ-]*(?: [A-ZÀ-Ý][\wÀ-ÿ-]*){0,3}|O [a-zà-ÿ]+|A [a-zà-ÿ]+) (?:se referia|referia-se"
                     r"|se referiu|referiu-se|se refere|refere-se|estava se referindo|referindo-se)\b")


def leans_back(sentence: str) -> bool:
    """True if the Portuguese sentence needs the one before it (see the module's families): it is shown only right
    after that one."""
    if _PRONOUN_AFTER_WORD.match(sentence) or _BOTH.match(sentence) or _REFERS.match(sentence):
        return True
    words = sentence.split()
    if len(words) <= 20 and not any(w[:1].isupper() for w in words[1:]) and _PRONOUN_ANY.search(_QUOTED.sub(" ", sentence)):
        return True
    if ", " not in sentence[:120]:
        return False
    if (m := _PRONOUN_AFTER_PHRASE.match(sentence)) and sentence[:m.start()].count('"') % 2 == 0:
        return True
    first = sentence.split(" ", 1)[0].lower()
    if first in _INTRO_FIRST and (n := _NULL_SUBJECT.match(sentence)) and n.group(1) not in _NOT_VERBS \
            and not (n.group(1) in _BE and n.group(2)) and not _HAPPENING.match(n.group(1)):
        return True  # ("Em 2004, o Brasil venceu": a subject after the phrase; "Aos 74 anos, conquistou": none)
    return False


# A person named by what they are: a nationality, a party, a role. With "O"/"A" and a verb after it, someone
# the text named before ("O brasileiro Thiago Pereira conquista ..." then "O brasileiro liderou ...").
_DEMONYMS = ("brasileiro brasileira argentino argentina americano americana norte-americano norte-americana "
             "canadense mexicano mexicana chileno chilena uruguaio uruguaia paraguaio paraguaia peruano peruana "
             "colombiano colombiana venezuelano venezuelana boliviano boliviana equatoriano equatoriana cubano cubana "
             "português portuguesa espanhol espanhola francês francesa italiano italiana alemão alemã inglês inglesa "
             "britânico britânica russo russa chinês chinesa japonês japonesa coreano coreana australiano australiana "
             "sueco sueca suíço suíça holandês holandesa belga grego grega turco turca israelense palestino palestina "
             "iraniano iraniana iraquiano iraquiana sírio síria libanês libanesa egípcio egípcia africano africana "
             "sul-africano sul-africana nigeriano nigeriana queniano queniana etíope jamaicano jamaicana indiano "
             "indiana paulista carioca mineiro mineira gaúcho gaúcha baiano baiana pernambucano pernambucana "
             "paranaense catarinense capixaba goiano goiana cearense paraense amazonense alagoano alagoana").split()
_PARTIES = "petista tucano tucana peemedebista pefelista pedetista petebista democrata republicano trabalhista".split()
_ROLES = ("senador senadora deputado deputada vereador vereadora ministro ministra governador governadora prefeito "
          "prefeita presidente premiê chanceler secretário secretária líder relator relatora juiz juíza desembargador "
          "promotor promotora procurador procuradora delegado delegada advogado advogada réu acusado acusada suspeito "
          "suspeita preso presa técnico técnica treinador treinadora jogador jogadora atacante zagueiro goleiro "
          "meia lateral volante craque atleta nadador nadadora tenista piloto ciclista corredor corredora "
          "pugilista lutador lutadora campeão campeã artilheiro capitão ator atriz cantor cantora compositor "
          "escritor escritora diretor diretora empresário empresária executivo executiva economista porta-voz "
          "candidato candidata ex-presidente ex-ministro ex-senador ex-jogador ex-governador médico médica "
          "legista bispo papa cardeal padre pastor general coronel comandante sargento soldado policial "
          "garoto garota menino menina jovem idoso idosa rapaz moça marido mulher viúvo viúva pai mãe filho "
          "filha irmão irmã namorado namorada").split()
_PEOPLE = frozenset(_DEMONYMS + _PARTIES + _ROLES)
# What may follow the noun without making it a verb's subject: a name's introduction ("O senador João Pedro"), a
# qualifier ("O presidente da Câmara", "O jogador que ..."), another noun or adjective joined by "e".
_QUALIFIERS = frozenset("de da do das dos em no na nos nas que e ou com para por pelo pela a o as os um uma ao à "
                        "cujo cuja quem como mais".split())
_PERSON_OPENING = re.compile(r"(?:O|A) ([a-zà-ÿ-]+)(?: ([a-zà-ÿ-]+))? ")


def person_as_known(sentence: str, text: str) -> frozenset[str] | None:
    """For a sentence opening with a person named by nationality, party or role and no name ("O brasileiro liderou
    ...", "O senador defende ..."): the last word of the name the text gave that person before (the sentence naming
    them must be shown first), or an empty set when the text before names nobody so (the person is the one the
    sentence before told of: the sentence leans on it). None for any other sentence, and for an article's first
    sentence (nothing before it: "O brasileiro hoje morre ..." is everyone)."""
    m = _PERSON_OPENING.match(sentence)
    if not m or m.group(1) not in _PEOPLE:
        return None
    after = m.group(2)
    if after is None or after in _QUALIFIERS or after in _PEOPLE:
        return None  # ("O presidente da Câmara", "O senador João Pedro": introduced there)
    at = text.find(sentence[:40])
    if at <= 0:
        return None
    before = text[:at]
    names = re.findall(rf"\b(?i:{re.escape(m.group(1))}),? ([A-ZÀ-Ý][\wÀ-ÿ'’-]+(?: (?:(?:da|de|do|dos|das) )?"
                       r"[A-ZÀ-Ý][\wÀ-ÿ'’-]+)*)", before)
    return frozenset({names[-1].split()[-1]}) if names else frozenset()


# A thing named as known, as the subject: "O requerimento faz parte da estratégia ..." (which one, another sentence
# said). Not one introduced there ("O presidente da Câmara", "O prazo que ...", "O fundo FEF") nor one that is one
# wherever the story is ("O governo", "A polícia"), nor a time ("O dia").
_THING_OPENING = re.compile(r"(?:O|A|Os|As) ([a-zà-ÿ][a-zà-ÿ-]{3,}) ([a-zà-ÿ]+)\b(?![-'’])")
_UNIQUE = frozenset("governo polícia presidente congresso país estado mundo economia tempo imprensa oposição "
                    "justiça população mercado dia dias ano anos mês semana hora horas noite manhã tarde "
                    "resultado".split())


def takes_as_known(sentence: str) -> frozenset[str]:
    """The noun of a definite description opening the sentence as its subject ("O requerimento faz parte ..." →
    requerimento): bot.group.restate.named_before then asks whether the text named it before (a shown sentence
    must then name it). Empty for a description introduced there, a person (:func:`person_as_known`), a time or a
    thing that is one wherever the story is."""
    m = _THING_OPENING.match(sentence)
    if not m or m.group(1) in _UNIQUE or m.group(1) in _PEOPLE or m.group(2) in _QUALIFIERS \
            or m.group(2) in _PEOPLE or m.group(2).endswith(("ense", "ano", "ana", "eiro", "eira", "ês", "esa")):
        return frozenset()  # ("O quarteto brasileiro": an adjective after the noun says which)
    return frozenset({m.group(1)})


# Background rather than the news: a state already reached, or the pluperfect ("o ginásio já estava cheio", "a
# mídia já havia confirmado"): what stood before the event.
_BACKGROUND = re.compile(r"\bjá (?:estava|estavam|era|eram|havia|haviam|tinha|tinham)\b"
                         r"|\b(?:havia|haviam|tinha|tinham) (?:sido |já )?[a-zà-ÿ]+(?:ado|ido|ada|ida|ados|idos|to|tos)\b")
# The writer speaking: the first person outside quotation marks ("alguns dos que nos encontrávamos ali",
# "Não nos parecia lógico"); not a name ("Nosso Senhor do Bonfim", "Nossa Senhora").
_FIRST_PERSON = re.compile(r"\b(?:[Ee]u|[Nn]ós|conosco|[Nn]oss[oa]s?(?! [A-ZÀ-Ý])"
                           r"|[a-zà-ÿ]+(?:ávamos|íamos|êramos|áramos|éramos|amos|emos)"
                           r"|nos (?=[a-zà-ÿ]+(?:ávamos|íamos|amos|emos|ia|ava)\b))\b")
_NOT_FIRST = frozenset("ramos gamos extremos supremos blasfemos".split())
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")


# Something told before, pointed to: "este conglomerado de poder", "daquele aparato de imprensa" (not a time:
# "essa semana", "esse ano").
# ("nesta campanha", "deste governo": the one now, not one told before)
_DEMONSTRATIVE = re.compile(r"\b(?:[Ee]st[ea]s?|[DdNn]?[Ee]ss[ea]s?|[DdNn]?[Aa]quel[ea]s?|àquel[ea]s?)"
                            r" ([a-zà-ÿ][a-zà-ÿ-]+)")
_TIMES = frozenset("ano anos mês meses semana semanas dia dias fim manhã tarde noite madrugada segunda-feira terça-feira "
                   "quarta-feira quinta-feira sexta-feira sábado domingo século década época momento hora horas vez "
                   "temporada janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
                   "dezembro".split())


def _points_back(told: str) -> bool:
    return any(m.group(1) not in _TIMES and m.group(1) not in _QUALIFIERS for m in _DEMONSTRATIVE.finditer(told))


# A verb telling something that happened: the past ("prendeu", "foram", "anunciaram").
_PAST = re.compile(r"\b(?:[a-zà-ÿ]{2,}(?:ou|eu|iu|aram|eram|iram)|foi|foram|fez|fizeram|disse|disseram|teve|tiveram"
                   r"|houve|pôs|deu|deram)\b")


def _names_nothing(sentence: str) -> bool:
    """Ten words at most, no number, no capitalised word after the first, nothing told in the past: a maxim ("Mudam
    os governos, permanecem os escândalos."), a verdict ("O título reforça a superioridade da equipe."); not a short
    event ("A polícia prendeu o suspeito.")."""
    words = sentence.split()
    return len(words) <= 10 and not any(ch.isdigit() for ch in sentence) \
        and not any(w[:1].isupper() for w in words[1:]) and not _PAST.search(sentence.lower())


def opening_problem(sentence: str, lede: bool = False) -> str | None:
    """Why a Portuguese sentence cannot open a story (a family of PORTUGUESE_FAMILIES), or None. ``lede``: the
    sentence is its article's first, where the writer's own voice is the column itself (further down, "Não nos
    parecia lógico ..." is the writer's aside)."""
    told = _QUOTED.sub(" ", sentence)
    if _points_back(told):
        return "points-back"
    if not lede and any(m.group(0).lower() not in _NOT_FIRST for m in _FIRST_PERSON.finditer(told)):
        return "first-person"
    if (m := _BACKGROUND.search(told)) and " que " not in told[:m.start()]:
        return "background"  # (not reported speech: "disse que o suspeito havia fugido" is the news told)
    if _names_nothing(sentence):
        return "no-event"
    return None


# "... não apenas por revelar X." with no "mas também" after it: the other half is the next sentence.
_NOT_ONLY = re.compile(r"\bnão (?:apenas|só|somente)\b")
_BUT_ALSO = re.compile(r"\b(?:mas|como|e|senão) (?:também|ainda)\b|\bmas\b|\bcomo\b")


def unfinished(sentence: str) -> bool:
    """True if the sentence says "não apenas/só ..." and not what else (no "mas também" after it): half a thought,
    whose other half is the next sentence ("O dado é preocupante não apenas por revelar a baixa taxa de cidadania.")."""
    m = _NOT_ONLY.search(sentence)
    return m is not None and not _BUT_ALSO.search(sentence, m.end())


# A section's heading glued to its first sentence with a dash: "Mal-estar - Mesmo aceitando conversar, Xis ...",
# "Tratado de paz - Muitos analistas ...": one to three words in sentence case (a dateline is in capitals: screen's),
# not a sentence's own subject ("O presidente - que ...", "Lula - O ...": an article or a name then a clause).
_SUBHEAD = re.compile(r"(?!(?:O|A|Os|As|Um|Uma|Ele|Ela|Eles|Elas|Isso|Este|Esta|Esse|Essa|Em|No|Na|De|Do|Da|Para|Por|Com"
                      r"|Segundo|Mas|E)\b)[A-ZÀ-Ý][a-zà-ÿ][\wÀ-ÿ-]*(?: [a-zà-ÿ][\wÀ-ÿ-]*){0,2} [-–] (?=[\"“A-ZÀ-Ý])")


def subhead(sentence: str) -> re.Match[str] | None:
    """The heading glued before a Portuguese sentence with a dash ("Alvos - Um porta-voz do governo ..."), to cut."""
    return _SUBHEAD.match(sentence)
