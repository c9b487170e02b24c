"""Claim kinds: Full Fact's typology (factdesk.model.CLAIM_KINDS) of a sentence.

A multinomial logistic model over a few dozen signs read off the sentence (amounts,
words of prediction, cause, law, first person, opinion, questions, pleasantries, ...),
the check-worthiness model's "states a verifiable fact" output (a kind is what sort of
claim a sentence makes, whether or not it is worth checking) and the sentence encoder's
vector (factdesk.claims.encoder: the scorer's model and vectors, not a second one). The
weights are learned from sentences labelled by hand (scripts/kinds/labelled.jsonl, method
in its README) by scripts/train_kinds.py, and shipped in resources/kinds/model.npz.

Two rules stand above the weights (issue 24): a number alone never makes a quantity
(a sentence is a quantity only with an amount: a figure that is not a date, an address,
a citation marker, a list heading or a name, or words of size, change or comparison),
and an opinion is never a cause (a sentence with signs of opinion, a question or an
instruction is not "correlation or causation"); the next most likely kind is taken.

Pure functions; the weights are read once, on first use.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

import numpy as np

from factdesk import paths
from factdesk.claims.encoder import DIMENSIONS, embed
from factdesk.claims.weights import MAX_CHARS, WeightsError, plain_text, read_arrays
from factdesk.model import CLAIM_KINDS

WEIGHTS_NAME = "kinds/model.npz"


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


# The signs run on lower-cased text (faster than re.IGNORECASE).
_PLEASANTRY = re.compile(
    r"^\W*(?:(?:well|oh|and|so|yes|no|okay|ok|look|please|sir|madam|folks)\W+)*"
    r"(?:thank(?:s| you)\b.*|hello|hi|good (?:morning|afternoon|evening|night)|"
    r"welcome\b.*|congratulations\b.*|goodbye|bye|yes|no|okay|ok|right|sure|"
    r"absolutely|exactly|of course|i agree|let me (?:finish|say|be clear)\b.*)\W*$",
)
_PRESUPPOSING_QUESTION = re.compile(r"^\W*(?:why|how come)\b")
_QUESTION_OPENING = re.compile(
    r"^\W*(?:are|is|was|were|do|does|did|has|have|had|can|could|will|would|should|shall|"
    r"what|who|where|when|which|how)\b"
)
_PERSONAL = re.compile(
    r"\b(?:i|we)(?:['’](?:ve|d|m))?\s+(?:(?:have|had|was|were|am|'ve|just|once|never|"
    r"actually|personally|really|also|myself|ourselves|been)\s+){0,2}"
    r"(?:saw|seen|see|met|meet|felt|feel|experienced|waited|visited|lived|grew up|"
    r"worked|went|heard|remember|watched|suffered|lost|been|spent|talked|spoke|"
    r"travel(?:l)?ed|tried|tested|joined|bought|needed|found|got|had|have)\b"
    r"|\b(?:happened to|told) (?:me|us)\b|\bmy (?:own )?(?:experience|family|"
    r"son|daughter|wife|husband|mother|father|mum|mom|dad|doctor|home|business|books?)\b",
)
_FIRST_PERSON = _words(r"i", r"i['’]m", r"i['’]ve", r"i['’]d", r"me", r"my", r"mine", r"myself")
_FIRST_PERSON_PLURAL = _words(r"we", r"we['’]re", r"we['’]ve", r"us", r"our", r"ours")
_FIRST_PERSON_FUTURE = re.compile(
    r"\bi(?:['’]ll| will| won['’]t| shall| am going to|['’]m going to| am gonna|['’]m gonna)\b",
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|(?:in|since|until|by|from|of)\s+(?:19|20)\d\d)\b",
)
_PREDICTION = _words(
    r"will",
    r"won['’]t",
    r"(?:you|we|they|he|she|it|that)['’]ll",
    r"going to",
    r"gonna",
    r"(?:is|are|was|were) (?:expected|projected|forecast|predicted|set|likely|unlikely) to",
    r"forecasts?",
    r"predict(?:s|ed|ion)?",
    r"projects?",
    r"projections?",
    r"next (?:year|month|week|decade|century)",
    r"in the (?:coming|next) (?:years|months|decades|weeks)",
    r"by (?:the end of )?(?:20|21)\d\d",
    r"later (?:today|this)",
    r"scheduled",
)
_MODAL = _words(r"could", r"may", r"might", r"would", r"should")
_CAUSATION = _words(
    r"because",
    r"caus(?:e|es|ed|ing)",
    r"led to",
    r"leads? to",
    r"leading to",
    r"results? (?:of|in)",
    r"resulted in",
    r"as a result",
    r"due to",
    r"thanks to",
    r"responsible for",
    r"contribut(?:ed|es|ing) to",
    r"(?:increase|raise|reduce|lower)s? the (?:risk|chance|likelihood)",
    r"so that",
    r"therefore",
    r"drives?",
    r"helps?",
    r"enabled?",
    r"triggering",
    r"effects? (?:of|on)",
    r"protect(?:s|ed|ion)? (?:\w+ )?against",
    r"prevent(?:s|ed)?",
    r"kill(?:s|ed)? (?:the )?(?:virus|bacteria|germs|cancer|cells)",
    r"spread(?:s)? (?:\w+ )?(?:by|through|via)",
    r"(?:cure|treat)s?",
)
# Who someone is ("X is a Tory activist", "she was the company's chief executive"):
# affiliations and roles a public source can confirm.
_ROLE = re.compile(
    r"\b(?:is|are|was|were|has been|had been|became|becomes)\s+(?:a|an|the|one of the)\s+"
    r"(?:[\w'’-]+\s+){0,3}(?:member|activist|supporter|donor|founder|co-founder|leader|"
    r"chair(?:man|woman)?|president|ceo|chief executive|director|spokes(?:man|woman|person)|"
    r"employee|candidate|official|agent|lobbyist|adviser|advisor|minister|mp|senator|owner|"
    r"investor|partner|wife|husband|son|daughter|brother|sister|friend|ally|critic|officer|"
    r"player|coach|manager|author|editor|lawyer|doctor|judge)s?\b"
)
# A statement of findings ("research shows", "a study found"): checkable, whatever it says.
_RESEARCH = _words(
    r"research(?:ers)?",
    r"stud(?:y|ies)",
    r"scientists?",
    r"evidence",
    r"(?:data|figures|statistics|survey|poll|report) (?:show|shows|showed|found|suggest|suggests)",
    r"trials?",
)
_CORRELATION = _words(
    r"linked (?:to|with)",
    r"associated with",
    r"correlat(?:ed|es|ion)",
    r"every time",
    r"whenever",
    r"related to",
    r"unrelated",
)
_NUMBER_WORD = _words(
    r"percent|per cent|million|billion|trillion|thousands?|hundreds?|dozens?",
    r"half|quarter|twice|double[ds]?|tripled?|halved|majority|minority",
    r"one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty",
)
_CHANGE = _words(
    r"rise|rises|rose|risen|rising|fell|fallen|falling|increased?|decreased?|increases",
    r"decreases|grew|grown|declined?|dropped|soared|plummeted|slumped|gained|lost|cut",
)
_COMPARISON = re.compile(
    r"\b(?:highest|lowest|largest|smallest|biggest|most|least|best|worst|record|first|"
    r"more than|less than|fewer than|average|rate|top|ranked|second-highest)\b|\w+est\b"
)
_MONEY_OR_PERCENT = re.compile(r"[%$£€]|\b(?:rs|usd|eur|gbp|yen)\b")
_LAW = _words(
    r"laws?",
    r"legal(?:ly)?",
    r"illegal(?:ly)?",
    r"unlawful",
    r"rules?",
    r"regulations?",
    r"legislation",
    r"required to",
    r"requires?",
    r"mandatory",
    r"banned",
    r"bans?",
    r"prohibit(?:s|ed)?",
    r"allowed to",
    r"not allowed",
    r"permitted",
    r"entitled",
    r"constitution(?:al)?",
    r"statute",
    r"court (?:ruled|ruling)",
    r"(?:the|this|that) (?:bill|act)",
    r"polic(?:y|ies)",
    r"may not",
    r"must",
    r"programs?|programmes?",
)
_OPINION = _words(
    r"i think",
    r"i believe",
    r"i feel",
    r"i want",
    r"i hope",
    r"we hope",
    r"i['’]m (?:sure|not sure|convinced)",
    r"in my (?:view|opinion)",
    r"(?:we|you|they|people|everyone) (?:should|must|need to|ought to)",
    r"refuse[sd]?",
    r"no comment",
    r"won['’]t comment",
    r"(?:is|are|was|were) (?:so |very |really |too )?(?:bad|good|wrong|right|unfair|"
    r"disgraceful|shameful|outrageous|ridiculous|absurd|stupid|brilliant|excellent|"
    r"uninspiring|boring|exciting|important|crucial|critical)",
    r"the (?:real )?(?:threat|problem|issue|question) (?:is|was)",
    r"(?:beautiful|lovely|horrible|disgusting|shameful|disgrace|pathetic|ridiculous)",
    r"love",
    r"awful",
    r"great",
    r"amazing",
    r"wonderful",
    r"terrible",
    r"despicable",
    r"nonsense",
    r"interesting",
    r"fantastic",
    r"simple",
    r"easy",
    r"best",
    r"must",
    r"should",
)
_IMPERATIVE = re.compile(
    r"^\W*(?:add|turn|eat|try|read|visit|attend|book|click|see|watch|join|follow|share|"
    r"beware|don['’]t|do|let['’]s|make|take|get|check|buy|sign|vote|remember|imagine|"
    r"look|go|come|use|keep)\b"
)
_REPORTED = _words(r"said", r"says", r"told", r"according to", r"reported", r"announced")
_NAMED_STATEMENT = re.compile(
    r"\b(?!(?:He|She|It|They|We|You|This|That|There|These|Those|What|Who|Here|And|But|So)\b)"
    r"[A-Z][a-z]+(?: [A-Z][a-z]+)* (?:is|are|was|were|has|have|had|did|does)\b"
)
_PAST_EVENT = _words(
    r"was|were|had|did|found|won|lost|killed|arrested|convicted|announced|reported",
    r"released|launched|acquired|elected|signed|died|scored",
)

_DIGIT = re.compile(r"(?<![a-z])\d")  # not in a word: "Jews4Labour", "covid19"
# Numbers that are not amounts (issue 24: "a number alone never makes a quantity"): a
# citation marker "(37)", a list heading "7 key questions", an ordinal "6th", a time
# "17:46", a year, an address "12 High Street", a model or catalogue number "75188", a
# phone number, a range of seasons in a title "(Stagioni 1-8)". Blanked before the
# number signs are read.
_INCIDENTAL_NUMBER = re.compile(
    r"[(\[]\d{1,3}[)\]]"
    r"|(?:^|(?<=\0))[^\w\0]*\d{1,2}\s+(?:\w+\s+){0,2}(?:things|ways|reasons|questions|tips|"
    r"facts|steps|signs|mistakes|ideas|tricks|secrets|lessons|rules|places|foods|books|"
    r"songs|games|best|key|top|simple|easy|great|must)\b"
    r"|\b\d+(?:st|nd|rd|th)\b"
    r"|\b\d{1,2}:\d\d\b"
    r"|\b(?:1[89]|20)\d\d(?:s|-\d\d)?\b"
    r"|\b\d+[a-z]?\s+(?:[a-z]+\s+){0,3}(?:street|st|road|rd|avenue|ave|lane|drive|boulevard|"
    r"blvd|way|place|square|court|close)\b"
    r"|\b\d{5,}\b"
    r"|\+\d[\d -]{7,}\d|\b\d{3}[-. ]\d{3}[-. ]\d{4}\b",
)
# An amount: a figure with a unit, money or a share; a size word; "more/fewer than N".
_AMOUNT = re.compile(
    r"[%$£€]\s?\d|\d\s?(?:%|percent|per cent)"
    r"|\d[\d,.]*\s*(?:million|billion|trillion|thousand|hundred|bn|m|k|lakh|crore)\b"
    r"|\d[\d,.]*\s*(?:kg|km|mph|kmh|kwh|kw|mw|gw|mm|cm|m|ft|lbs?|pounds|miles|metres|meters|"
    r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|points?|votes?|seats?|people|"
    r"deaths|cases|jobs|dollars|euros|yards|goals|saves|tackles|calories|grams|tonnes|tons|"
    r"degrees|times)\b"
    r"|\b(?:more|less|fewer|over|under|nearly|almost|about|around|roughly|up to|at least|"
    r"a total of)\s+(?:than\s+)?\d"
    r"|\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|many)\s+"
    r"(?:million|billion|trillion|thousand|hundred)\b"
    r"|\b(?:millions|billions|thousands|hundreds|dozens|half|twice|double[ds]?|tripled?|"
    r"halved|majority|per capita|average|rate|zero|a ton of|lots of)\b"
    # A rank or a count by its ordinal: "sits in third place", "a 6th fatality".
    r"|\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
    r"tenth)\s+(?:straight\s+|consecutive\s+)?(?:place|appearance|fatality|death|case|victory|"
    r"win|loss|defeat|title|time|quarter|consecutive)s?\b"
    r"|\b\w+er than\b|\bmore \w+ than\b"
)
_QUESTION_END = re.compile(r"\?[ ”\"’')]*$")

# The signs, in the order of the weights' columns. Most are searched for in the whole batch
# at once (the sentences joined by NUL, which no pattern matches across): one regex call
# per sign and batch, not per sentence.
SEARCHED = (
    ("digit", _DIGIT, "undated"),  # a number that is not part of a date or a name
    ("amount", _AMOUNT, "lowered"),  # its own figures are not dates or names
    ("date", _DATE, "lowered"),
    ("number word", _NUMBER_WORD, "lowered"),
    ("change", _CHANGE, "lowered"),
    ("comparison", _COMPARISON, "lowered"),
    ("money or percent", _MONEY_OR_PERCENT, "lowered"),
    ("prediction", _PREDICTION, "not first person future"),  # "I will" is an intention
    ("first person future", _FIRST_PERSON_FUTURE, "lowered"),
    ("modal", _MODAL, "lowered"),
    ("causation", _CAUSATION, "lowered"),
    ("correlation", _CORRELATION, "lowered"),
    ("research", _RESEARCH, "lowered"),
    ("role", _ROLE, "lowered"),
    ("law", _LAW, "lowered"),
    ("personal", _PERSONAL, "lowered"),
    ("first person", _FIRST_PERSON, "lowered"),
    ("first person plural", _FIRST_PERSON_PLURAL, "lowered"),
    ("opinion", _OPINION, "lowered"),
    ("reported", _REPORTED, "lowered"),
    ("named statement", _NAMED_STATEMENT, "plain"),
    ("past event", _PAST_EVENT, "lowered"),
)
# Signs read off each sentence on its own: its start and end, its length.
OPENINGS = (
    ("question opening", _QUESTION_OPENING),
    ("presupposing question", _PRESUPPOSING_QUESTION),
    ("pleasantry", _PLEASANTRY),
    ("imperative", _IMPERATIVE),
)
SIGNS = (
    *(name for name, _, _ in SEARCHED),
    *(name for name, _ in OPENINGS),
    "question",
    "short",
    "long",
    "not latin",
)
# Beside the signs: the "states a verifiable fact" output (a margin, around -5..5), then
# the encoder's vector times VECTOR_SCALE (unit vectors have small entries: scaled, one
# regularisation suits both the 0/1 signs and the vector; chosen by cross-validation).
N_SIGNS = len(SIGNS) + 1
VECTOR_SCALE = 3.0
N_FEATURES = N_SIGNS + DIMENSIONS


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """`text` with the matches of `pattern` blanked out (offsets kept)."""
    return pattern.sub(lambda match: " " * len(match.group()), text)


def signs(texts: Sequence[str], verifiable: Sequence[float] | np.ndarray) -> np.ndarray:
    """The sign matrix of each text (0/1 per sign), then its "verifiable" output."""
    n = len(texts)
    rows = np.zeros((n, N_SIGNS))
    # As in the scorer, only a sentence's first MAX_CHARS characters count.
    plain = [plain_text(text[:MAX_CHARS]).strip().replace("\0", " ") for text in texts]
    lowered = [text.lower() for text in plain]
    starts = np.cumsum([0] + [len(text) + 1 for text in plain[:-1]]) if n else np.zeros(0)
    joined = {"plain": "\0".join(plain), "lowered": "\0".join(lowered)}
    joined["undated"] = _blank(_INCIDENTAL_NUMBER, _blank(_DATE, joined["lowered"]))
    joined["not first person future"] = _blank(_FIRST_PERSON_FUTURE, joined["lowered"])
    for column, (_name, pattern, source) in enumerate(SEARCHED):
        found = [match.start() for match in pattern.finditer(joined[source])]
        rows[np.searchsorted(starts, found, side="right") - 1, column] = 1.0
    column = len(SEARCHED)
    for i, text in enumerate(lowered):
        for j, (_name, pattern) in enumerate(OPENINGS):
            rows[i, column + j] = pattern.match(text) is not None
        words = len(text.split())
        rows[i, column + len(OPENINGS) : -1] = (
            _QUESTION_END.search(text) is not None,
            words <= 5,
            words >= 25,
            len(text.encode("ascii", "ignore")) < 0.5 * len(text),  # another script
        )
    rows[:, -1] = np.asarray(verifiable, dtype=np.float64)
    return rows


def encoder_vectors(texts: Sequence[str]) -> np.ndarray:
    """The texts' encoder vectors, as the scorer reads them (so its cache serves both)."""
    return embed([plain_text(text[:MAX_CHARS]) for text in texts])


def features(
    texts: Sequence[str],
    verifiable: Sequence[float] | np.ndarray,
    vectors: np.ndarray | None = None,
) -> np.ndarray:
    """Each text's signs and "verifiable" output, then its scaled encoder vector
    (`vectors` when the caller has them, e.g. the scorer: else computed)."""
    if vectors is None:
        vectors = encoder_vectors(texts)
    vectors = np.asarray(vectors, dtype=np.float64).reshape(len(texts), DIMENSIONS)
    return np.hstack([signs(texts, verifiable), vectors * VECTOR_SCALE])


@dataclass(frozen=True)
class _KindModel:
    weights: np.ndarray  # (len(CLAIM_KINDS), N_FEATURES)
    bias: np.ndarray  # (len(CLAIM_KINDS),)


_model: _KindModel | None = None
_model_lock = threading.Lock()


def _load_model() -> _KindModel:
    global _model
    with _model_lock:
        if _model is None:
            _model = load_weights(paths.resource(WEIGHTS_NAME))
    return _model


def load_weights(source: Traversable | Path) -> _KindModel:
    name = getattr(source, "name", str(source))
    arrays = read_arrays(
        source,
        ("weights", "bias", "kinds", "signs"),
        what="claim kind",
        trainer="scripts/train_kinds.py",
    )
    try:
        weights = arrays["weights"].astype(np.float64)
        bias = arrays["bias"].astype(np.float64)
        kinds = tuple(str(k) for k in arrays["kinds"])
        signs = tuple(str(s) for s in arrays["signs"])
    except Exception as error:  # dtype errors: all mean a bad file
        raise WeightsError(f"{name}: claim kind weights are corrupt: {error}") from error
    if (
        kinds != CLAIM_KINDS
        or signs != SIGNS
        or weights.shape != (len(CLAIM_KINDS), N_FEATURES)
        or bias.shape != (len(CLAIM_KINDS),)
    ):
        raise WeightsError(f"{name}: claim kind weights do not match this version")
    return _KindModel(weights, bias)


_COLUMN = {name: i for i, name in enumerate(SIGNS)}
# Any of these makes a sentence's number an amount (a digit here is one left after dates
# and incidental numbers are blanked).
_AMOUNT_SIGNS = [
    _COLUMN[name]
    for name in ("digit", "amount", "number word", "money or percent", "change", "comparison")
]
# Any of these makes a sentence a view, a question or an instruction: not a cause.
_OPINION_SIGNS = [
    _COLUMN[name]
    for name in (
        "opinion",
        "question",
        "question opening",
        "presupposing question",
        "imperative",
        "pleasantry",
    )
]
# "Not a claim" is taken only when it is clearly the likeliest: its probability counts for
# this share before the kinds are compared. Calling a checkable sentence "not a claim"
# costs a checker more than the reverse (the claim then loses its post's score, and the
# mission's example, "Chief Rabbi Mirvis is a Tory activist", its flag); cross-validated
# on the labelled set this costs no balanced accuracy (0.634 against 0.632 at 1.0) and
# makes "not a claim" right more often (precision 0.80 against 0.74), at the price of
# finding fewer of them (recall 0.53 against 0.69; plain accuracy 0.59 against 0.62).
NOT_A_CLAIM_WEIGHT = 0.6
_NOT_A_CLAIM_COLUMN = CLAIM_KINDS.index("not a claim")
_QUANTITY_COLUMN = CLAIM_KINDS.index("quantity")
_CAUSATION_COLUMN = CLAIM_KINDS.index("correlation or causation")
_PREDICTION_COLUMN = CLAIM_KINDS.index("prediction")
_PREDICTION_SIGN = _COLUMN["prediction"]
TIE = 0.05  # probabilities closer than this are a tie between quantity and prediction


def allowed_kinds(sign_rows: np.ndarray) -> np.ndarray:
    """Which kinds each sentence may have (n, len(CLAIM_KINDS)), from its signs: a
    quantity needs an amount, and an opinion is never a cause."""
    allowed = np.ones((len(sign_rows), len(CLAIM_KINDS)), dtype=bool)
    allowed[:, _QUANTITY_COLUMN] = sign_rows[:, _AMOUNT_SIGNS].any(axis=1)
    allowed[:, _CAUSATION_COLUMN] = ~sign_rows[:, _OPINION_SIGNS].any(axis=1)
    return allowed


def probabilities_from(x: np.ndarray, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """The kinds' probabilities of feature rows `x` under a model, "not a claim" weighed
    by NOT_A_CLAIM_WEIGHT and the kinds a sentence may not have (allowed_kinds) set to 0."""
    logits = x @ weights.T + bias
    logits[:, _NOT_A_CLAIM_COLUMN] += np.log(NOT_A_CLAIM_WEIGHT)
    logits[~allowed_kinds(x[:, : len(SIGNS)])] = -np.inf
    logits -= logits.max(axis=1, keepdims=True) if len(x) else 0
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def kind_probabilities(
    texts: Sequence[str],
    verifiable: Sequence[float] | np.ndarray,
    vectors: np.ndarray | None = None,
) -> np.ndarray:
    """Each text's probability of each kind, in the order of CLAIM_KINDS, given the
    check-worthiness model's "verifiable" output for it (and its encoder vector, when
    the caller has it)."""
    model = _load_model()
    return probabilities_from(features(texts, verifiable, vectors), model.weights, model.bias)


def claim_kinds(
    texts: Sequence[str],
    verifiable: Sequence[float] | np.ndarray,
    vectors: np.ndarray | None = None,
) -> list[str]:
    """The most likely kind of each text (see kind_probabilities)."""
    if not len(texts):
        return []
    model = _load_model()
    x = features(texts, verifiable, vectors)
    probabilities = probabilities_from(x, model.weights, model.bias)
    chosen = probabilities.argmax(axis=1)
    # A forecast of an amount that the model finds as much a quantity as a prediction is
    # a prediction: near such a tie the int8 encoder's last digits, which differ from one
    # CPU to another (with or without VNNI), would otherwise decide. (No labelled sentence
    # is this close: the cross-validated figures are unchanged.)
    near_tie = (
        (chosen == _QUANTITY_COLUMN)
        & (x[:, _PREDICTION_SIGN] > 0)
        & (probabilities[:, _QUANTITY_COLUMN] - probabilities[:, _PREDICTION_COLUMN] < TIE)
    )
    chosen[near_tie] = _PREDICTION_COLUMN
    return [CLAIM_KINDS[i] for i in chosen]
