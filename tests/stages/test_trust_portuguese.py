"""Portuguese families (bot.summarise.portuguese, bot.text.furniture's "pointer" and "caption-names"), each with
made-up sentences: what leans on the sentence before it, a person named by what they are, a thing taken as known,
what cannot open a story, half a thought, and furniture glued into a sentence."""

from __future__ import annotations

import pytest

from bot.group import story_summary
from bot.models import Article, Story
from bot.summarise.known import takes_as_known, unfinished, unintroduced
from bot.summarise.openings import needs_before, opening_problem
from bot.summarise.portuguese import PORTUGUESE_FAMILIES, leans_back
from bot.text import clean_text
from bot.text.furniture import GLUED_FAMILIES, cut_furniture

PT = "portuguese"


@pytest.mark.parametrize("family, sentence", [
    ("pronoun-after-intro", "Quando ela chegou ao estádio, a torcida de Xville aplaudiu de pé."),
    ("pronoun-after-intro", "Segundo ele, a obra da ponte fica pronta em março."),
    ("pronoun-after-intro", "De acordo com eles, o acordo vale por dois anos."),
    ("pronoun-after-intro", "Agora, ela afirma que não viu o carro passar pela rua."),
    ("null-subject", "Aos 52 anos, em plena forma, venceu a maratona de Xville pela terceira vez."),
    ("null-subject", "Na presidência da comissão, somou mais críticas que elogios."),
    ("both", "Ambos negaram ter recebido dinheiro da empreiteira."),
    ("both", "Outro pedido apresentado pela oposição também adia a votação."),
    ("refers-back", "Roberto Xis se referia aos acordos assinados com o sindicato em maio."),
    ("pronoun-nameless", "Diferenças que aparecem nas primeiras propostas que cada um deles apresenta."),
])
def test_a_leaning_sentence_needs_the_one_before_it(family, sentence):
    assert family in PORTUGUESE_FAMILIES
    assert leans_back(sentence) and needs_before(sentence, PT)
    assert opening_problem(sentence, PT) == "leans"
    assert not needs_before(sentence, "english")  # (Portuguese words: nothing an English sentence says)


@pytest.mark.parametrize("sentence", [
    "Em 2004, o Brasil venceu a Argentina na final em Lima.",  # (a subject after the phrase)
    "Na madrugada, foram registrados ataques a ônibus em Xville.",  # (the subject after its verb)
    "No domingo, morreram três pessoas em Xville.",  # (a verb of happening: its subject comes after it)
    "Com a vitória, a seleção conquistou seu quinto título.",
    "Quando o prefeito chegou, a praça já estava cheia.",  # (a subordinator, then a subject that is no pronoun)
    "Segundo a polícia, o suspeito fugiu de carro.",
    "O senador Xavier Roe (PXX-AM) disse que vai votar contra.",
    "Dona de 65% do mercado, a Xis reúne 220 funcionários.",
    "Outubro foi o mês mais chuvoso em Xville.",  # ("Outro" is not "Outubro")
])
def test_a_sentence_telling_its_own_subject_does_not_lean(sentence):
    assert not needs_before(sentence, PT)


def test_a_person_named_by_what_they_are_needs_the_sentence_naming_them():
    text = ("O brasileiro Tiago Xis venceu com folga os 400 m medley, segundo ouro do Brasil.\n\n"
            "O brasileiro liderou de ponta a ponta e bateu o recorde, com 4min11s.")
    assert unintroduced("O brasileiro liderou de ponta a ponta e bateu o recorde, com 4min11s.", text, PT) == {"Xis"}
    senator = "O senador Al Roe (PXX-AM) pediu a suspensão do caso. O senador defende que o conselho espere a Câmara."
    assert unintroduced("O senador defende que o conselho espere a Câmara.", senator, PT) == {"Roe"}
    # introduced right there, or the article's first sentence (nobody before it: everyone), or a qualifier after it
    assert not unintroduced("O brasileiro Tiago Xis venceu com folga os 400 m medley, segundo ouro do Brasil.", text, PT)
    generic = "O brasileiro hoje morre de maneira diferente do que há 30 anos."
    assert not unintroduced(generic, generic + " As doenças mudaram.", PT)
    assert not unintroduced("O presidente da Câmara marcou a votação.", "Xis disse. O presidente da Câmara marcou a votação.", PT)


def test_a_story_shows_a_person_by_role_only_after_their_name():
    lead = Article(1, "Brasil ganha ouro no revezamento", "https://a.test/1", "A", None,
                   "A equipe de revezamento do Brasil conquistou nesta terça-feira o ouro nos Jogos de Yville.\n\n"
                   "O quarteto terminou a prova com o tempo de 7min12s, recorde dos Jogos.",
                   ["A equipe de revezamento do Brasil conquistou nesta terça-feira o ouro nos Jogos de Yville.",
                    "O quarteto terminou a prova com o tempo de 7min12s, recorde dos Jogos."], language=PT)
    medley = ("O brasileiro Tiago Xis conquista com folga o primeiro lugar nos 400 m medley nos Jogos de Yville.\n\n"
              "O brasileiro liderou de ponta a ponta e bateu o recorde dos Jogos, com o tempo de 4min11s.")
    other = Article(2, "Xis leva ouro no medley", "https://b.test/2", "B", None, medley,
                    ["O brasileiro liderou de ponta a ponta e bateu o recorde dos Jogos, com o tempo de 4min11s."], language=PT)
    shown = [s for s, _ in story_summary(Story([lead, other]))]
    assert shown[0].startswith("A equipe de revezamento")
    assert "O brasileiro liderou de ponta a ponta e bateu o recorde dos Jogos, com o tempo de 4min11s." not in shown
    # (shown, if at all, after the sentence naming Tiago Xis: never as the relay's time)


def test_a_thing_taken_as_known_is_its_noun():
    assert takes_as_known("O requerimento faz parte da estratégia da oposição.", PT) == {"requerimento"}
    for introduced in ("O prazo para a renúncia termina hoje.", "O governo anunciou cortes.",
                       "O quarteto brasileiro terminou a prova.", "O senador defende a proposta."):
        assert not takes_as_known(introduced, PT)


@pytest.mark.parametrize("family, sentence", [
    ("points-back", "Xis é apenas um rosto mais visível em meio a este conglomerado de poder."),
    ("points-back", "Aquela hipótese previa um acordo com os proprietários da região."),
    ("background", "Duas horas antes do jogo, o Ginásio de Xville já estava cheio."),
    ("background", "A imprensa local havia confirmado dezenas de mortes no mês passado."),
    ("no-event", "Mudam os prefeitos, ficam os buracos."),
    ("first-person", "Não nos parecia lógico que o governo recuasse diante da greve."),
])
def test_what_cannot_open_a_portuguese_story(family, sentence):
    assert family in PORTUGUESE_FAMILIES
    assert opening_problem(sentence, PT) == family


def test_what_can_open_a_portuguese_story():
    for sentence in ("O prefeito de Xville, Al Roe, anunciou nesta terça-feira o fim da greve dos motoristas.",
                     "A polícia informou que o suspeito havia fugido para Yville.",  # (reported speech: the news)
                     "Nesta semana, a Câmara aprova o orçamento de Xville.",  # (a time, not something told)
                     "A polícia prendeu o suspeito.",  # (short, naming nothing, but an event)
                     "A festa de Nosso Senhor do Bonfim reuniu 5 mil fiéis em Xville.",  # (a name, not the writer)
                     "Termina hoje, às 20 horas, o prazo para as inscrições no concurso de Xville."):
        assert opening_problem(sentence, PT) is None
    lede = "Alguns dos que nos encontrávamos ali começamos a armar uma hipótese sobre a crise de Xville."
    assert opening_problem(lede, PT) == "first-person" and opening_problem(lede, PT, lede=True) is None


def test_half_a_thought_is_unfinished():
    assert unfinished("O dado é preocupante não apenas por revelar a baixa renda.", PT)
    assert not unfinished("O dado é preocupante não apenas por revelar a baixa renda, mas também o atraso.", PT)
    assert not unfinished("O dado é preocupante não apenas por revelar a baixa renda.", "english")


@pytest.mark.parametrize("family, line, kept", [
    ("pointer", "A economia da região cresce, conforme relatório da Cepal (leia texto abaixo).",
     "A economia da região cresce, conforme relatório da Cepal."),
    ("pointer", "O número de mortos chegou a 40 (veja quadro ao lado) e a polícia investiga o caso.",
     "O número de mortos chegou a 40 e a polícia investiga o caso."),
    ("caption-names", "O presidente da [Ana Xis e Rui Yvo] Federação de Xville não confia no governo.",
     "O presidente da Federação de Xville não confia no governo."),
])
def test_portuguese_furniture_glued_in_a_sentence_is_cut(family, line, kept):
    assert family in GLUED_FAMILIES
    assert clean_text(line) == kept
    assert cut_furniture(line, skip=frozenset({family})) == [line]  # the family alone does it


def test_a_subheading_glued_before_a_sentence_is_cut():
    from bot.summarise import usable_sentences

    text = "Mal-estar - Mesmo aceitando conversar com o governo, Xis fez questão de mostrar sua postura de oposição."
    assert usable_sentences(text, PT) == [text.split(" - ", 1)[1]]
    assert usable_sentences("Tratado de paz - Muitos analistas acreditam que Xlândia espera um acordo.", PT)[0] \
        .startswith("Muitos analistas")
    for kept in ("Lula - que foi eleito em 2002 - visitou Xville ontem.", "O presidente - Xis - visitou Xville ontem."):
        assert usable_sentences(kept, PT) == [kept]
    assert usable_sentences(text, "english")[0].startswith("Mal-estar")  # (the rule reads Portuguese headings only)


def test_an_editors_word_in_brackets_stays():
    for line in ('"Ele [o ministro] errou", disse Xis.', "O relator [Al Roe] pediu vista do processo de Xville.",
                 "A proposta (leia-se: o corte) passou na Câmara de Xville."):
        assert cut_furniture(line) == [line]
