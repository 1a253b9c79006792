"""Boilerplate rules: the rule families and the rulebooks that try them fast."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from bot.text.furniture import GLUED_FAMILIES

__all__ = ["RULE_FAMILIES", "Rule"]

# Rules work on one line (or sentence) at a time and look at its SHAPE: a
# prompt at the start of a short line, a row of share buttons, a credit, a
# lone byline or date. A phrase in the middle of a real sentence ("Officials
# said they would read more of the report.") never matches. Site names are
# never used.
#
# Every rule belongs to a family (RULE_FAMILIES); benchmarks/extraction_quality.py
# switches each family off alone and reports the F1 it adds on real pages
# (Zyte's article-extraction benchmark, dev split), overall and on two halves.
# Families that changed nothing there (share, audio, advertising, cookies,
# widget, click-here, app, nav, byline, inline, trailing-prompt, paywall) are
# kept for feed text, which that benchmark does not contain, and are covered
# by tests/stages/test_text.py. Measured and removed (they lowered F1: the true
# article texts keep embedded posts whole): the signature line of an embedded
# social post ("— Jane Roe (@jroe) December 27, 2017") and cutting
# pic.twitter.com / t.co links out of lines.

_I = re.IGNORECASE

# Phrases cut out wherever they appear (NYT inserts them inside paragraphs),
# and prompts cut off the end of a line ("... Read more", "Continue reading →").
_INLINE_JUNK = re.compile(
    r"\s*\b(?:advertisement\s+)?continue reading the main story\b\s*"
    r"|\s*\bscroll (?:down |below )?(?:for|to see) (?:the )?video\b\W*",
    _I,
)
# Words every trailing prompt contains, looked for first in a line's lower-cased end.
_TRAILING_HINT = re.compile(r"more|read|continu|leia|saiba|leer|lire|weiter")
_TRAILING_PROMPT = re.compile(  # capitalised: "... they would read more." is a sentence
    r"(?<!\S)(?:\(?(?:Read|See) [Mm]ore\)?|READ MORE|\((?:[Rr]ead )?more(?:…|\.\.\.)?\)"
    r"|Continue reading|CONTINUE READING|Keep reading|Leia mais|LEIA MAIS|Saiba mais"
    r"|SAIBA MAIS|Continue lendo|Leer más|Lire la suite|Weiterlesen)"
    r"\s*(?:[.…:»›>→]+|&raquo;)?\s*$"
)

# Building blocks for the rules below.
_PROMPT = (
    r"(?:read|see|view|watch) (?:more|also|next|the full (?:story|article)|full (?:story|article))"
    r"|also read|more on this(?: story)?|more from|more stories|related(?: articles?| stories"
    r"| coverage| content| news| links?| topics)?|recommended(?: for you| reading| stories)?"
    r"|you (?:may|might) also like|further reading|top stories|most (?:read|popular)"
    r"|read or share this story|now playing|about the author|email the author|contact the author"
    r"|leia (?:mais|também|tambem|a íntegra)|saiba mais|veja (?:também|tambem|mais)"
    r"|confira(?: também)?|mais lidas?|leer más|lea también|lire aussi|à lire aussi"
    r"|weiterlesen|mehr zum thema|lesen sie auch"
    r"|don'?t miss|do not miss|não perca|no te pierdas|à ne pas manquer|nicht verpassen"
    r"|latest (?:stories|news|headlines|articles|posts|videos)|trending(?: now| stories| news)?"
    r"|popular (?:now|stories|articles)|editor'?s'? (?:picks|choice)|what to read next"
    r"|in case you missed it|more (?:news|headlines|articles|videos)|(?:mais|últimas) notícias"
)
_SOCIAL = (
    r"facebook|twitter|x|email|e-mail|mail|whatsapp|linkedin|pinterest|reddit"
    r"|telegram|messenger|flipboard|tumblr|instagram|youtube|tiktok|threads|bluesky"
    r"|google\+?|print|imprimir|copy(?: link)?|copiar(?: link)?|link|comments?"
    r"|comentários|share|shares|tweet|pin|save|sms|compartilhe|compartilhar"
)
_AGENCY = (
    r"reuters|ap|afp|ap photo|associated press|getty(?: images)?|epa|efe|dpa|ansa|lusa"
    r"|pa|pa wire|pa media|xinhua|anadolu(?: agency)?|bloomberg|shutterstock|alamy"
    r"|istock(?:photo)?|rex(?: features)?|rex/shutterstock|splash news|aap|sipa|abaca"
    r"|folhapress|estadão conteúdo|agência brasil|agência o globo|divulgação|reprodução"
    r"|arquivo(?: pessoal)?|unsplash|wikimedia commons|handout|file photo|pool"
)
_MONTH = (
    r"jan(?:uary|eiro)?|feb(?:ruary)?|fev(?:ereiro)?|mar(?:ch|ço|co)?|apr(?:il)?|abr(?:il)?"
    r"|may|mai(?:o)?|june?|jun(?:ho)?|july?|jul(?:ho)?|aug(?:ust)?|ago(?:sto)?"
    r"|sept?(?:ember)?|set(?:embro)?|oct(?:ober)?|out(?:ubro)?|nov(?:ember|embro)?"
    r"|dec(?:ember)?|dez(?:embro)?"
)
_WEEKDAY = (
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?|segunda(?:-feira)?|terça(?:-feira)?|quarta(?:-feira)?"
    r"|quinta(?:-feira)?|sexta(?:-feira)?|sábado|domingo"
)
_DATE_WORD = (
    rf"\d[\d:./h-]*(?:st|nd|rd|th|h|min)?|{_MONTH}|{_WEEKDAY}|[ap]\.?m\.?|et|est|edt|gmt"
    r"|bst|utc|pst|pdt|cet|cest|brt|jst|aest|hours?|hrs?|minutes?|mins?|days?|weeks?"
    r"|ago|today|yesterday|hoje|ontem|há|horas?|de|do|da|of|at|on|the|em|às|as|and|e"
    r"|updated|published|posted|last|modified|atualizad[oa]|publicad[oa]|actualizado"
    r"|publié|aktualisiert|veröffentlicht|am|um|uhr|le|el"
)
_NAME = r"[A-ZÀ-Ý][\w'’.\-]*"
_NAME_PARTICLE = r"(?:de|da|do|dos|das|van|von|der|den|del|la|le|al|bin|and|e|y|&)"


class Rule(NamedTuple):
    """One boilerplate rule: ``pattern`` is matched at the start of a line with single spaces,
    on lines of at most ``max_words`` words (so a prompt-like opening cannot condemn a long
    real paragraph).

    ``needs``: lower-case strings of which any line the pattern matches contains one. Only
    for patterns that can match anywhere in the line (".{0,200}cookies"): a substring test
    skips them on ordinary sentences, where they cost most of the rules' time (profiled).
    """

    family: str
    pattern: re.Pattern[str]
    max_words: int
    needs: tuple[str, ...] = ()


_SPECS: list[tuple[Any, ...]] = [  # (family, pattern, max_words[, needs]), made Rules below
    # "Read more", "Read more: headline", "RELATED: ...", "Leia também: ..."
    ("read-more", re.compile(rf"(?:{_PROMPT})\s*(?:[:|»›>→\-–—…]|\.\.\.|$)", _I), 40),
    ("read-more", re.compile(rf"(?:{_PROMPT})(?: (?:about|here|sobre|aqui)\b.*)?\W*$", _I), 12),
    ("read-more", re.compile(r"(?:read|see|view) (?:the )?(?:full|more|original) (?:article|story|post)?"
                r"\s*(?:at|on|in)\b", _I), 20),
    ("read-more", re.compile(r"(?:read|see) more (?:at|on|from|about)\b", _I), 20),
    ("read-more", re.compile(r"continue reading\b|keep reading\b|continue lendo\b"
                r"|continua (?:depois|após) (?:da|a) publicidade", _I), 12),
    # newsletters and subscriptions
    ("newsletter", re.compile(r"(?:sign up|subscribe)\b.{0,80}\b(?:newsletters?|alerts|(?:news|our|free|daily|weekly)"
                r" e-?mails?|e-?mail (?:alerts|updates)|briefing|digest|inbox)\b", _I), 30),
    ("newsletter", re.compile(r"(?:sign up|sign in|log in|subscribe|register)(?: now| today| here| for free| free)?\W*$", _I), 4),
    ("newsletter", re.compile(r"(?:sign up|subscribe) (?:to|for) (?:our|my|this)\b", _I), 12),
    ("newsletter", re.compile(r"(?:subscribe|become a (?:subscriber|member)|already a subscriber|subscribers? only)\b"
                r".{0,80}\b(?:now|today|here|log in|sign in|unlimited|access|free trial"
                r"|per (?:month|week))\b", _I), 25),
    ("newsletter", re.compile(r"(?:assine|cadastre-se|inscreva-se)\b.{0,80}\b(?:newsletter|e-?mail|notícias|conteúdos?"
                r"|ilimitado|já|agora|aqui)\b", _I), 30),
    ("newsletter", re.compile(r"receba (?:as |nossas |a |o |os )?(?:\w+ )?(?:notícias|newsletter|novidades|alertas)\b", _I), 30),
    ("newsletter", re.compile(r"assine\b", _I), 12),
    ("newsletter", re.compile(r"thanks? (?:you )?for (?:subscribing|signing up|reading)\b", _I), 20),
    # the sign-up form's own text: "Newsletter Sign Up Please verify you're not a robot ...", "Enter your
    # email address", "Invalid email address.", "You must select a newsletter ...", "You agree to receive ..."
    ("newsletter", re.compile(r"(?:[\w&.'’-]+ ){0,3}(?:newsletters?|e-?mail)\b.{0,20}\b(?:sign[ -]?up|subscribe|enter your)\b"
                              r"|(?:please )?(?:enter|re-?enter|confirm|verify) (?:your|an|a valid) e-?mail\b"
                              r"|(?:please )?verify (?:that )?you(?:'re|’re| are) not a robot\b"
                              r"|(?:invalid|your) e-?mail(?: address)? is (?:invalid|not valid|required)\b"
                              r"|invalid e-?mail(?: address)?\W*$|please re-?enter\W*$"
                              r"|you (?:must|need to) (?:select|choose|pick) (?:a|at least one) newsletter\b"
                              r"|(?:sign up )?(?:by signing up,? )?you agree to receive\b"
                              r"|view all (?:[\w&.'’-]+ ){0,4}newsletters\b", _I), 60),
    # sharing
    ("share", re.compile(rf"(?:share|compartilhe|compartilhar|partager|teilen|compartir|comparte)"
                rf"(?: (?:this|esta|este|essa|esse)(?: (?:article|story|post|page|link|video|matéria|notícia"
                rf"|reportagem|artigo|página|vídeo))?| (?:on|via|no|na|em|sur|auf|en) (?:{_SOCIAL}))?"
                rf"[\s:!.]*$", _I), 8),
    ("share", re.compile(rf"(?:(?:{_SOCIAL})(?: on| no| via)?[\s,|/·•]*)+$", _I), 25),
    # audio / reading time
    ("audio", re.compile(r"(?:listen to (?:this|the) (?:article|story)|ouça (?:esta|a|o) (?:notícia|reportagem"
                r"|matéria|texto)|ouvir (?:texto|notícia|matéria)|play audio)\b|audio\W*$", _I), 12),
    ("audio", re.compile(r"\d+\s*(?:min(?:ute)?s?|minutos?)(?: de)? (?:read|leitura)$", _I), 6),
    # a broadcast promoted: "Listen to the full interview on Sport on Five and the website from 1900 GMT."
    ("audio", re.compile(r"(?:listen(?: again)?|tune in) to (?:the |our |this )?(?:full |whole |complete |entire )?"
                r"(?:interview|programme|program|show|podcast|broadcast|commentary|debate|conversation|discussion)s?\b"
                r".{0,80}\b(?:on|at|via|from)\b|(?:watch|hear) (?:the |our )?(?:full|whole|complete|entire) "
                r"(?:interview|programme|program|show|broadcast|debate|conversation|discussion)s? (?:on|at|via)\b", _I), 30),
    # advertising
    ("advertising", re.compile(r"(?:advertisement|advertising|sponsored(?: content)?|ad|publicidade|anúncio"
                r"|publicité|anzeige|publicidad|story continues below(?: advertisement)?"
                r"|article continues below(?: advertisement)?)\W*$", _I), 6),
    # cookies and consent
    ("cookies", re.compile(r"(?:we(?: and our partners)?|our partners) (?:use|may use|set|store)\b.{0,60}\bcookies?\b", _I), 80,
     ("cookie",)),
    ("cookies", re.compile(r"(?:this|our) (?:web)?site (?:uses|stores|sets)\b.{0,60}\bcookies?\b", _I), 80, ("cookie",)),
    ("cookies", re.compile(r"(?:(?:accept|allow|manage|reject)(?: all)? cookies|cookie (?:policy|settings"
                r"|preferences|notice|consent))\b", _I), 80, ("cookie",)),
    ("cookies", re.compile(r".{0,200}\bcookies?\b.{0,200}\b(?:you (?:agree|accept|consent)|by continuing"
                r"|your (?:browsing|experience|preferences|consent|settings|device))", _I), 80, ("cookie",)),
    ("cookies", re.compile(r"(?:usamos|utilizamos|este (?:site|portal) (?:usa|utiliza))\b.{0,80}\bcookies\b", _I), 80,
     ("cookie",)),
    ("cookies", re.compile(r".{0,200}\bcookies\b.{0,200}\b(?:você concorda|ao continuar)", _I), 80, ("cookie",)),
    ("cookies", re.compile(r"by (?:clicking|continuing|using|tapping)\b.{0,80}\b(?:you (?:agree|accept|consent)"
                           r"|consent)\b|we value your privacy\b"
                           r"|(?:manage|privacy) (?:preferences|settings|choices)\W*$", _I), 40),
    # paywalls
    ("paywall", re.compile(r"this (?:article|story|content|page) is (?:only )?(?:for|available to|available for|reserved for"
                           r"|exclusive to|exclusively for) (?:our )?(?:paying )?(?:subscribers|members|premium)\b"
                           r"|(?:subscribe|log ?in|sign in) (?:now |today )?to (?:continue|keep) reading\b"
                           r"|(?:to continue reading|continue reading with)\b.{0,60}\b(?:subscri|log ?in|sign in|account)"
                           r"|(?:you have|you've) (?:reached|used) (?:your|all of your|the) (?:free )?(?:article )?"
                           r"(?:limit|free articles)"
                           r"|conteúdo exclusivo para assinantes|exclusivo para assinantes", _I), 30),
    # broken widgets
    ("widget", re.compile(r"(?:oops!?|ops!?|sorry)\W.{0,60}\b(?:went wrong|error|not available|unavailable)", _I), 20),
    ("widget", re.compile(r"(?:something went wrong|(?:please )?(?:try again later|refresh the page|enable javascript)"
                r"|javascript is (?:disabled|required)|your browser does not support"
                r"|this (?:video|content) is (?:not|no longer) available|loading\W*$)", _I), 20),
    # photo credits and captions
    ("credit", re.compile(r"\(?(?:photo|photograph|image|picture|pic|video|graphic|illustration|foto"
                r"|imagem|fotografia|crédito|credit|ilustração|vídeo)s?"
                r"(?: by| credit| courtesy| de| por)?\s*[:|]", _I), 25),
    ("credit", re.compile(r"(?:photos?|photographs?|images?|pictures?|videos?|gallery|fotos?|vídeos?|galeria"
                r"|enlarge this image|hide caption|toggle caption)\W*$", _I), 3),
    ("credit", re.compile(r"(?:image (?:copyright|caption|source)|enlarge this image|toggle caption|hide caption)\b", _I), 40),
    ("credit", re.compile(r"(?:(?:photo|photograph|image)s? (?:by|courtesy of)|fotos? (?:por|cedidas? por))\b", _I), 12),
    ("credit", re.compile(rf"[(\[]?(?:(?:{_AGENCY})(?:\s*(?:[/,|\-–—]|via)\s*)?)+[)\]]?\W*$", _I), 8),
    ("credit", re.compile(rf"[-–—(\[]?\s*(?:{_NAME}\s+){{0,4}}{_NAME}\s*/\s*(?:{_NAME}\s*){{1,4}}"
                rf"(?:via (?:[\w&.'’\-]+\s*){{1,3}})?[)\]]?\.?$"), 10),
    ("credit", re.compile(r"[(\[][^()\[\]]{0,80}\b(?:getty|reuters|afp|ap|epa|images?|photos?|fotos?|courtesy"
                r"|divulgação|reprodução)\b[^()\[\]]{0,60}[)\]]\.?$", _I), 14),
    # a caption: words with no sentence end, then "(Getty Images)" / "(PA)"
    ("credit", re.compile(r"[^.!?]{1,200}[(\[](?:getty images|reuters|afp|ap photo|associated press|shutterstock"
                r"|alamy|splash news|rex features|istock|folhapress|divulgação|reprodução)"
                r"(?:\s*[/,]\s*[\w .]{1,30})?[)\]]\.?$", _I), 25, ("(", "[")),
    ("credit", re.compile(r"[^.!?]{1,120}\b(?:photographer|photo|image|foto)s?\s*:\s*[^.!?]{1,80}$", _I), 14,
     ("photo", "image", "foto")),
    ("credit", re.compile(rf"[^.!?]{{1,120}}\bvia (?:{_AGENCY}|storyful)\W*$", _I), 14, ("via ",)),
    ("credit", re.compile(r"(?:Getty Images|GETTY(?: IMAGES)?|Shutterstock|Alamy|Splash News|Rex Features)\s+[A-Z]"), 25),
    # calls to action
    ("click-here", re.compile(r"(?:click|tap|clique|toque|haga clic|pulse|cliquez) (?:here|aqui|ici)\b"
                r"|(?:click|clique) (?:on|no|na|em)\b", _I), 25),
    ("follow", re.compile(r"(?:like|curta) (?:us|a gente|nossa página)\b", _I), 12),
    ("follow", re.compile(r"(?:follow|siga|sígueme|síguenos|suivez|folgen sie)\b.{0,40}"
                r"\b(?:on|no|na|em|en|sur|auf) (?:twitter|x|facebook|instagram|linkedin|youtube"
                r"|tiktok|threads|bluesky|whatsapp|telegram|google news|social media|redes sociais)\b", _I), 25),
    ("follow", re.compile(r"(?:follow us|siga-nos|sigam-nos|connect with us)\b", _I), 12),
    ("app", re.compile(r"(?:download|baixe) (?:our|the|o nosso|nosso) (?:free )?app\b", _I), 20),
    # rights and copyright
    ("rights", re.compile(r".*\b(?:all rights reserved|todos os direitos reservados|todos los derechos reservados"
                r"|tous droits réservés|alle rechte vorbehalten)\b", _I), 30,
     ("rights reserved", "direitos reservados", "derechos reservados", "droits réservés", "rechte vorbehalten")),
    ("rights", re.compile(r"(?:©|\(c\)\s*\d|copyright\s*(?:©|\(c\)|\d{4}))", _I), 30),
    # feed footers and credits lines
    ("footer", re.compile(r"the post .{1,200} appeared first on .{1,100}$", _I), 60),
    ("footer", re.compile(r".{1,120}\bcontributed (?:reporting|to this (?:report|story|article|post))\W*$", _I), 30,
     ("contributed",)),
    ("footer", re.compile(r"[-–—]?\s*with (?:additional )?(?:assistance|reporting) (?:by|from)\b", _I), 20),
    ("footer", re.compile(r"(?:this is a (?:breaking|developing) (?:news )?story"
                r"|this (?:story|post|article) (?:has been|was|will be) updated)\b|more (?:to follow|follows)\W*$", _I), 15),
    ("footer", re.compile(r"\(?(?:additional )?(?:reporting|writing|editing|compiled|translated) by\b.{0,200}\)?\.?$", _I), 40),
    ("footer", re.compile(r"(?:source|sources|fonte|fontes)\s*:\s*\S.{0,60}$", _I), 8),
    ("footer", re.compile(r"[a-z]{2,3}/[a-z]{2,3}(?:/[a-z]{2,3})?(?:\s*\([^()]{1,40}\))?$"), 6),
    ("footer", re.compile(r"(?:got a (?:story|tip)|have a (?:story|tip)|story highlights$|chat with us in)\b", _I), 30),
    ("nav", re.compile(r"(?:skip to (?:main )?content|back to top|next|prev|previous|next article"
                r"|previous article|close|menu|home|comments?|show comments|print|email"
                r"|voltar ao topo|comentários|fechar)\W*$", _I), 3),
    # bylines: "By Jane Doe", "By JANE DOE and JOHN ROE, Reuters", "Por Fulano da Silva"
    ("byline", re.compile(rf"(?:[Bb]y|BY|[Pp]or|POR|[Vv]on|[Pp]ar|(?:[Ww]ith )?(?:additional )?(?:reporting|assistance) by)"
                rf"\s+{_NAME}(?:(?:\s+|,\s*|\s*[|·•—–-]\s*)"
                rf"(?:{_NAME}|{_NAME_PARTICLE}|(?:{_AGENCY})|\d[\d:/.,-]*|{_MONTH}))*\s*$"), 12),
    # a line that is only a date and/or time, optionally labelled
    # (the run of date words is tested first: it fails at once on a sentence; the look-ahead
    # over the whole line does not)
    ("timestamp", re.compile(rf"(?=(?:(?:{_DATE_WORD})(?:[\s,.|·•—–/-]+|$))+$)"
                rf"(?=.*(?:\b(?:{_MONTH}|{_WEEKDAY}|ago|gmt|utc)\b|\d[:/h-]\d))", _I), 16),
    # "Xinhua | Updated: 2017-09-15 17:52"
    ("timestamp", re.compile(rf".{{0,60}}[|·•]\s*(?:updated|published|posted|atualizado|publicado)\b\s*(?:on|at|em|às)?\s*:?"
                rf"\s*(?:\d|{_MONTH}|{_WEEKDAY})", _I), 16, ("|", "·", "•")),
    ("timestamp", re.compile(r"(?:updated|published|posted|last updated|atualizado|publicado|actualizado|publié"
                r"|mis à jour|aktualisiert|veröffentlicht)(?: (?:on|at|em|às|el|le|am))?\s*:", _I), 16),
]
# Lines made of a few capitalised words ending in a web domain: "Jane Roe, CTVNews.ca".
_NAME_AND_DOMAIN = re.compile(rf"(?:{_NAME}\s+){{1,4}}{_NAME},?\s+[\w.-]+\.(?:com|net|org|ca|co\.uk|com\.br|com\.au)$")
_SPECS.append(("byline", _NAME_AND_DOMAIN, 6, (".com", ".net", ".org", ".ca", ".co.uk")))
_SPECS += [
    # newsletter names on a line of their own: "Pick Six Newsletter"
    ("newsletter", re.compile(r"(?:[A-Z0-9][\w'’&.+-]* ){0,4}(?:[Nn]ewsletters?|NEWSLETTERS?)\s*:?$"), 5, ("newsletter",)),
    # reader comments: prompts and moderation notices
    ("comments", re.compile(r"(?:leave|post|add|write) (?:a|your) (?:comment|reply)\b"
                            r"|comments? (?:are|have been) (?:closed|disabled)\b"
                            r"|(?:tell|let) us (?:what you think|know what you think|your thoughts)\b"
                            r"|join the (?:conversation|discussion)\b"
                            r"|(?:deixe|escreva) (?:seu|o seu|um|sua) (?:comentário|opinião)\b|comente\W*$", _I), 12),
    ("comments", re.compile(r".{0,40}\b(?:comments?|comentários?|comentarios?|kommentare)\b.{0,120}"
                            r"\b(?:moderators?|moderador(?:es)?|moderation|moderação|moderación"
                            r"|(?:are|is|will be|may be|são|serão) (?:moderated|moderados))\b", _I), 40, ("modera",)),
    # CMS shortcodes that leaked into the text: "[button link=...]Send us ...[/button]"
    ("markup", re.compile(r".*\[/[a-z_]{2,20}\]|\[[a-z_]{2,20}\s+[a-z_]{2,20}\s*=", _I), 60, ("[",)),
    # copyright lines without the © sign, and captions that carry one
    ("rights", re.compile(r"(?:copyright|COPYRIGHT|Copyright)\s+(?:[A-Z][\w&.,'’-]*\s+){0,6}(?:19|20)\d\d\b[^.!?]*$"), 15),
    ("credit", re.compile(r"[^.!?]{0,150}©[^.!?]{0,80}$"), 25, ("©",)),
]
_SPECS += [
    # photo descriptions: "In this Nov. 2, 2017 file photo, X poses ...", "This photo released by ... shows ...",
    # "X is seen from ...", "X pictured with ..."
    ("caption", re.compile(r".{0,200}?\b(?:[Ii]n|[Tt]his|[Tt]hese) (?:[\w.,'’-]+ ){0,4}?(?:file|handout|undated|aerial"
                           r"|satellite|pool) (?:photos?|photographs?|images?|pictures?)\b", _I), 60,
     ("photo", "image", "picture")),
    ("caption", re.compile(r"(?!.*\b(?:said|says|told|according)\b|.*[.!?] [A-Z])(?:An?|The) (?:[\w'’-]+ ){0,2}"
                           r"(?:photo|photograph|image|picture|video grab|screen ?grab)s?"
                           r" (?:issued|released|provided|taken|distributed|handed out|obtained|posted) by\b"), 60,
     ("photo", "image", "picture", "grab")),
    # "X ... announced in the Oval Office, with President Y in the background, that ...": what a picture shows
    ("caption", re.compile(r"(?!.*\b(?:said|says|told|according)\b|.*[.!?] [A-Z]).{0,200}?, with (?:[\w.'’-]+ ){0,4}?"
                           r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)* in the (?:background|foreground),"), 60,
     ("background", "foreground")),
    ("caption", re.compile(r"(?:.{0,200}?\b[Ii]n )?[Tt]h(?:is|ese) (?:[\w.,'’-]+ ){0,4}?(?:photos?|photographs?|images?"
                           r"|pictures?|video grab|screen ?grab)s? (?:released|provided|made available|taken|distributed"
                           r"|handed out|shows?|showing|obtained|posted|courtesy)\b"), 60, ("photo", "image", "picture", "grab")),
    ("caption", re.compile(r"(?!.*\b(?:said|says|told|according)\b)[^\"“”.!?]{1,200}?\b(?:(?:poses|posing) (?:for|with|at"
                           r"|during|in|on|outside|inside|near|before)|(?<![,(] )(?<!being )pictured (?:with|at|in|during|on"
                           r"|outside"
                           r"|leaving|arriving)|(?:looks|look) on (?:as|during|from|while)\b|(?:gestures|smiles|waves) (?:to|as"
                           r"|during|while|at)|(?:is|are|can be) seen (?:from|during|outside|inside|near|walking|leaving"
                           r"|arriving|here))\b[^\"“”]{0,200}$"), 35,
     ("pose", "posing", "posed", "pictured", " seen", "look", "gesture", "smile", "wave")),
    ("caption", re.compile(r"[^\"“”.!?]{5,150}, (?:in|at|near) [A-Z][\w .'’-]{1,60}(?:, [A-Z][\w .'’-]{1,40})?, on "
                           r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|[A-Z][a-z]{2,8}\.? \d{1,2})"
                           r"[^.!?]{0,40}\.$"), 30, (", on ",)),
    # notices about the page or the article, not news: reprint, licensing, external links, disclosures
    ("notice", re.compile(r"(?:this (?:article|story|post|piece|column|report) (?:was|has been|is|first|originally)"
                          r"(?: \w+){0,2} (?:published|posted|appeared|republished|reprinted|syndicated)"
                          r"|(?:originally|first) (?:published|appeared|posted) (?:in|on|at|by)\b"
                          r"|(?:republished|reprinted|reproduced) (?:with|by|from|under)\b"
                          r"|(?:for|to request) (?:reprints?|licensing|syndication|permissions?)\b"
                          r"|.{0,80}\b(?:this|the|such|any) (?:material|content|article)s? (?:may|must|shall|cannot"
                          r"|can not) (?:not )?be (?:published|reproduced|republished|redistributed|broadcast)"
                          r"|(?:the |all |any )?(?:content|material)s?\b.{0,80}? (?:published|posted) (?:in|on) this"
                          r" (?:site|website|web site) (?:belongs to|is owned by|is (?:the )?(?:property|copyright) of)"
                          r"|.{0,80}(?:is|are) (?:suggested|recommended) for this (?:site|website)"
                          r"|.{0,60}\bthis (?:site|website) is best viewed"
                          r"|(?:[\w-]+ ){0,4}(?:license|licence|registration) (?:number|no\.?|for publishing)\b"
                          r"[^.]{0,60}\d{4,}\s*$"
                          r"|external links are provided|.{1,60} is not responsible for the content of external"
                          r"|all opinions (?:expressed )?are (?:my|mine|our|his|her|their)\b"
                          r"|this (?:shop|post|article|content) (?:has been|is|was) (?:compensated|sponsored|paid)"
                          r"|[\[(]?editor['’]?s? note\b|spoilers? (?:follow|ahead)\b)", _I), 45,
     # each alternative holds one of these (its scans from every position cost more than all other rules);
     # cut to start with a letter other needs start with, or a rare one: the search skips other letters
     ("publish", "posted", "ppeared", "reprint", "syndicat", "reproduced", "licen", "permission", "redistributed",
      "broadcast", "suggested", "recommended", "best viewed", "registration", "xternal", "pinions", "compensated",
      "sponsored", "paid", "ditor", "spoiler")),
    # an author's bio line: "Jane Roe is CNN's digital correspondent ...", "JP Roe is a FinTech enthusiast living in ..."
    ("bio", re.compile(r"(?:[A-Z][\w'’.-]+ ){1,3}is (?:a|an|the|(?:[A-Z][\w.&]* ){0,2}[A-Z][\w.&]*['’]s)\b"
                       r"[^.!?]{0,100}\b(?:correspondent|reporter"
                       r"|writer|editor|columnist|contributor|journalist|enthusiast|blogger|author|freelancer|editor-at-large)"
                       r"\b[^.!?]{0,120}[.!]?$"), 30),
    ("read-more", re.compile(r"(?:read|see) (?:her|his|their|my|our) (?:other |latest |previous )?(?:columns?|stories|articles"
                             r"|work|posts|reports)\b|follow (?:her|his|their) (?:reports?|work|columns?) (?:at|on)\b", _I), 30),
    ("comments", re.compile(r"(?:let|tell) us (?:know )?(?:\w+ ){0,4}(?:in the comments?|in the comment section|below)\b"
                            r"|(?:share|leave|post|tell us) your (?:thoughts|views|comments|opinion)\b"
                            r"|what do you think\?", _I), 16),
]
_RULES = [Rule(*spec) for spec in _SPECS]
# Families whose match in the LAST sentence of a short paragraph condemns the
# paragraph: "Get the latest updates in your inbox. Subscribe to our newsletters."
_CTA_FAMILIES = frozenset({"newsletter", "follow", "app", "comments", "share"})
# Families that may head a list of headlines ("Related:", "Don't miss").
_HEADER_FAMILIES = frozenset({"read-more"})
# Line-level families plus the steps of clean_text that are not single rules.
RULE_FAMILIES = tuple(dict.fromkeys(rule.family for rule in _RULES)) + (
    "inline", "trailing-prompt", "cta-sentence", "related-run", "keywords", "headline-list") + GLUED_FAMILIES


class _Rulebook(NamedTuple):
    """The rules that apply to lines of one length.

    Most lines are not boilerplate, so the question asked of every line is only "does any rule match?". A few
    regexes, each the alternation of the unguarded rules of a band of lengths (_BANDS), answer "no" for most lines
    (faster than a Python loop over the patterns); compiled once and shared by all lengths (an alternation per length
    cost half a second per process). A line meets only the bands whose rules reach its length. Where one says
    "maybe", the rules of this length are tried one by one; the guarded rules only where their substrings are (one
    scan for any of them first, ``any_need``). Which rule matched is asked only of lines known to be boilerplate.
    """

    rules: tuple[Rule, ...]
    any_unguarded: tuple[re.Pattern[str], ...]  # a line all of them miss matches no unguarded rule of this length
    unguarded: tuple[Rule, ...]
    guarded: tuple[Rule, ...]
    any_need: re.Pattern[str] | None  # finds any guarded rule's substrings, in one scan


def _rulebook(skip: frozenset[str], n_words: int) -> _Rulebook:
    """The rulebook for lines of ``n_words`` words (a shelf, see _SHELF), built once. A plain dict rather than
    lru_cache: this is looked up for every line, and the dict look-up costs a fraction of lru_cache's."""
    book = _BOOKS.get((skip, n_words))
    if book is None:
        book = _BOOKS[skip, n_words] = _build_rulebook(skip, n_words)
    return book


# Word limits that part the unguarded rules into bands, each with one alternation: most sentences have 13 to 30 words,
# and the rules for shorter lines are a third of the whole alternation's time.
_BANDS = (13, 26)


def _any_unguarded(skip: frozenset[str], n_words: int) -> tuple[re.Pattern[str], ...]:
    """The unguarded rules' alternations (one per band, compiled once per ``skip``) with a rule for ``n_words`` words."""
    if skip not in _ANY:
        bands: dict[int, list[Rule]] = {}
        for rule in _RULES:
            if rule.family not in skip and not rule.needs:
                bands.setdefault(sum(rule.max_words >= limit for limit in _BANDS), []).append(rule)
        _ANY[skip] = [(max(rule.max_words for rule in rules), re.compile("|".join(
            f"(?{'i' if rule.pattern.flags & re.IGNORECASE else ''}:{rule.pattern.pattern})" for rule in rules)))
            for _, rules in sorted(bands.items(), reverse=True)]
    return tuple(pattern for reach, pattern in _ANY[skip] if reach >= n_words)


def _build_rulebook(skip: frozenset[str], n_words: int) -> _Rulebook:
    rules = tuple(rule for rule in _RULES if rule.family not in skip and n_words <= rule.max_words)
    unguarded = tuple(rule for rule in rules if not rule.needs)
    guarded = tuple(rule for rule in rules if rule.needs)
    needs = {need for rule in guarded for need in rule.needs}
    return _Rulebook(rules, _any_unguarded(skip, n_words) if unguarded else (), unguarded, guarded,
                     re.compile(_any_of({_rare_tail(need) for need in needs})) if needs else None)


_COMMON = " etaoinsrhldcumfpgwybvk.,"  # characters by how often English text has them, most often first


def _rare_tail(need: str) -> str:
    """What ``any_need`` looks for in place of ``need``: its tail of 4 characters or more from its least common one (a
    line holding ``need`` holds it; a line found is a maybe: the rules' own strings are tested next), so the tree opens
    with fewer, rarer characters, which the engine skips to."""
    at = max(range(max(len(need) - 3, 1)), key=lambda k: (_COMMON.find(need[k]) % (len(_COMMON) + 1), -k))
    return need[at:]


def _any_of(strings: set[str]) -> str:
    """A regex that finds any of ``strings`` (exactly where one of them is a substring), as a tree on their first
    letters: the engine skips a branch whose first letter differs without entering it, several times faster than a
    flat alternation. Built once per set of strings (shelves share them: most of a first line's rulebook time)."""
    key = frozenset(strings)
    tree = _ANY_OF.get(key)
    if tree is None:
        tree = _ANY_OF[key] = _tree(key, anywhere=True)
    return tree


def _tree(strings: frozenset[str], anywhere: bool) -> str:
    # A string that holds another is found wherever that one is: only the others are looked for, so no string left
    # is the start of another one. Shortest first, each against those kept: a string holding another holds a kept one
    # too (the shortest it holds). Below the first letter the tails follow their head: a tail may be dropped only for
    # one it starts with ("osted" does not go for "st": "p" + "st" would not find "posted").
    kept: list[str] = []
    for s in sorted(strings, key=len):
        if not any((t in s) if anywhere else s.startswith(t) for t in kept):
            kept.append(s)
    heads: dict[str, set[str]] = {}
    for string in kept:
        heads.setdefault(string[0], set()).add(string[1:])
    return "|".join(re.escape(head) + (re.escape(tails.pop()) if len(tails) == 1
                                       else f"(?:{_tree(frozenset(tails), anywhere=False)})")
                    for head, tails in sorted(heads.items()))


def _needed(rule: Rule, low: str) -> bool:
    return not rule.needs or any(need in low for need in rule.needs)


# Lines whose lengths fall between the same two word limits meet the same rules: one rulebook serves them all.
_LIMITS = sorted({rule.max_words for rule in _RULES})
_SHELF = [next((m for m in _LIMITS if m >= n), _LIMITS[-1] + 1) for n in range(_LIMITS[-1] + 2)]
_BOOKS: dict[tuple[frozenset[str], int], _Rulebook] = {}  # (families skipped, shelf) → rulebook
_ANY: dict[frozenset[str], list[tuple[int, re.Pattern[str]]]] = {}  # skipped → (a band's longest line, its alternation)
_ANY_OF: dict[frozenset[str], str] = {}  # strings → _any_of's regex
