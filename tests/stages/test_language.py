"""bot.language: the detection model kept unpacked between runs; sumy's stop words and stemmers
reached without sumy's heavy modules (the same stop words in every case; Snowball stems from the
Snowball project's own C build, as NLTK's Python port gives them for nearly every word)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import language

SAMPLES = [
    "The council approved the new budget on Monday after a long debate about roads and schools.",
    "O conselho aprovou o novo orçamento na segunda-feira depois de um longo debate sobre estradas.",
    "Der Stadtrat hat am Montag nach einer langen Debatte den neuen Haushalt für Straßen beschlossen.",
    "Le conseil a approuvé le nouveau budget lundi après un long débat sur les routes et les écoles.",
    "El consejo aprobó el nuevo presupuesto el lunes tras un largo debate sobre carreteras y escuelas.",
    "Il consiglio ha approvato il nuovo bilancio lunedì dopo un lungo dibattito su strade e scuole.",
    "Rada města v pondělí po dlouhé debatě schválila nový rozpočet na silnice a školy v regionu.",
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(language.CACHE_ENV, str(tmp_path / "cache"))
    language._detector.cache_clear()
    yield tmp_path / "cache"
    language._detector.cache_clear()


def _packed():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(sorted(c for c in language._CODES if c in set(identifier.nb_classes)))
    return identifier


def test_the_unpacked_model_is_kept_and_gives_the_packed_models_answers(cache):
    first = language._detector()  # nothing kept yet: unpacks, then keeps it
    kept = [p for p in cache.iterdir() if p.is_dir()]
    assert len(kept) == 1 and not list(cache.glob("*.tmp"))
    language._detector.cache_clear()
    second = language._detector()
    assert isinstance(second.tk_nextmove, memoryview)  # mapped from the cache, not unpacked
    packed = _packed()
    texts = SAMPLES + [s[:40] for s in SAMPLES] + [" ".join(SAMPLES)]
    assert [second.classify(t) for t in texts] == [packed.classify(t) for t in texts] == [first.classify(t) for t in texts]
    assert [language.detect_language(t) for t in SAMPLES[:3]] == ["english", "portuguese", "german"]


def test_the_kept_model_answers_as_py3langid_does_on_any_text(cache):
    language._detector()
    language._detector.cache_clear()
    kept = language._detector()
    assert isinstance(kept, language._Kept)  # py3langid's steps over the mapped arrays
    packed = _packed()
    odd = ["", "A", "NO LOWER CASE AT ALL", "12345 !!", "\ud800 a lone surrogate", "ﬁne ligatures and e\u0301",
           "日本語のテキストです", "Ελληνικά κείμενα", "x" * 600]
    texts = odd + [s.upper() for s in SAMPLES] + [s[i:i + 23] for s in SAMPLES for i in range(0, 60, 7)]
    assert [kept.classify(t) for t in texts] == [packed.classify(t) for t in texts]


def test_a_damaged_cache_is_replaced(cache):
    language._detector()
    folder = next(p for p in cache.iterdir() if p.is_dir())
    (folder / "nextmove.npy").write_bytes(b"\x93NUMPY truncated")
    language._detector.cache_clear()
    assert language.detect_language(SAMPLES[1]) == "portuguese"  # the packed model served
    language._detector.cache_clear()
    assert isinstance(language._detector().tk_nextmove, memoryview)  # and the cache was written anew


def test_an_unwritable_cache_costs_only_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(language.CACHE_ENV, str(blocker / "cache"))
    language._detector.cache_clear()
    try:
        assert language.detect_language(SAMPLES[0]) == "english"
    finally:
        language._detector.cache_clear()


def _words() -> list[str]:
    text = " ".join(SAMPLES) + " running runs ran easily fairly agreed generously Britain's O'Neill"
    return sorted(set(re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text)))


@pytest.mark.parametrize("name", language.LANGUAGES)
def test_stemmers_and_stop_words_are_sumys(name: str):
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    assert not language._SNOWBALL & set(Stemmer.SPECIAL_STEMMERS)  # the shortcut covers only Snowball's
    ours = language.stemmer(name)
    try:
        theirs = Stemmer(name)
        theirs("test")
    except (LookupError, ValueError, ImportError):
        theirs = None
    assert (ours is None) == (theirs is None)
    if ours is not None and theirs is not None:
        words = sorted({w.lower() for w in _words()})  # every caller stems lower-case words
        same = sum(ours(w) == theirs(w) for w in words)
        if name in language._SNOWBALL:  # one algorithm, two builds and revisions (Snowball 3 rewrote Dutch)
            assert same >= 0.8 * len(words), [(w, ours(w), theirs(w)) for w in words if ours(w) != theirs(w)]
        else:
            assert same == len(words)
    try:
        expected = frozenset(w.lower() for w in get_stop_words(name))
    except LookupError:
        expected = frozenset()
    assert language.stop_words(name) == expected


def test_snowball_stems_read_a_curly_apostrophe_as_a_straight_one():
    stem = language.stemmer("english")
    assert stem is not None
    assert stem("britain’s") == stem("britain's") == stem("britain")
    assert stem("added") == stem("adding") == stem("add")  # Snowball 3's English


def test_stemming_loads_no_nltk():
    import subprocess
    import sys

    code = ("import sys; from bot.language import stemmer; stemmer('english')('running'); "
            "stemmer('portuguese')('correndo'); print('nltk' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_stop_words_by_code_still_go_through_sumy():
    assert language.stop_words("en") == language.stop_words("english") != frozenset()
