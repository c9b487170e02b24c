"""The words and patterns attribution reads: reporting verbs, titles, organisation
words, names as regular expressions (shared by factdesk.claims.subjects, .names and
.attribution)."""

from __future__ import annotations

import re

from factdesk.claims.learned_verbs import LEARNED_REPORTING_VERBS


def _words(listing: str) -> frozenset[str]:
    return frozenset(listing.split())


REPORTING_VERBS = _words(
    """
    said says say told tells claimed claims argued argues added adds insisted insists
    stated states warned warns noted notes wrote writes tweeted tweets posted announced
    announces suggested suggests explained explains declared declares alleged alleges
    maintained maintains asserted asserts admitted admits acknowledged acknowledges
    conceded concedes revealed reveals confirmed confirms denied denies believes believed
    thinks predicted predicts promised promises pledged pledges vowed vows replied replies
    responded responds commented comments observed observes reported reports estimated
    estimates concluded concludes stressed stresses emphasised emphasized boasted boasts
    asked asks testified testifies continued bemoaned bemoans recalled recalls reiterated
    reiterates remembered remembers respond reply pointed urged urges written
    """
)
# and those learnt from news text (scripts/learn_reporting_verbs.py): "shouts", "assures"
REPORTING_VERBS |= LEARNED_REPORTING_VERBS
# Words that may sit between the subject and the verb: "has said", "also told".
_AUXILIARIES = _words(
    """
    has had have also later previously repeatedly once then recently publicly reportedly
    has also had also further again earlier today yesterday last week still instead since
    """
)
# Title words before a name: stripped from the speaker, used to resolve a bare surname.
TITLES = _words(
    """
    Mr Mrs Ms Mx Miss Dr Prof Professor Sir Dame Lord Lady Baroness Baron Rabbi Chief Rev
    Reverend Father Bishop Archbishop Cardinal Pope Imam Sheikh President Vice Prime
    Minister Secretary Chancellor Senator Sen Rep Representative Congressman Congresswoman
    Governor Gov Mayor Councillor Cllr Judge Justice General Gen Colonel Col Captain Capt
    Lieutenant Lt Sergeant Sgt Officer Detective Det Inspector Insp Superintendent Supt
    Constable Commissioner Ambassador King Queen Prince Princess Duke Duchess Earl MP MEP
    Leader Deputy Shadow Home Foreign Attorney Solicitor Chairman Chairwoman CEO Director
    Dean Saint St Speaker Commander Admiral Major Pastor Sister Brother Dame Madam
    Administrator Executive Founder Co-founder Spokesman Spokeswoman Spokesperson
    """
)
# Title words only when another title word follows ("Home Secretary", "Deputy Mayor"):
# "Home Depot" is a shop, not Mr Depot.
_TITLE_MODIFIERS = _words("Home Foreign Shadow Deputy Vice Prime Executive")
# Titles that tell whether "he" or "she" can refer to a person.
_MALE_TITLES = _words(
    "Mr Sir Lord Baron King Prince Duke Earl Father Brother Congressman Chairman Spokesman"
)
_FEMALE_TITLES = _words(
    """
    Mrs Ms Miss Dame Lady Baroness Queen Princess Duchess Sister Congresswoman Chairwoman
    Spokeswoman Madam
    """
)
# A run of capitalised words with one of these is an organisation, not a person.
ORGANISATION_WORDS = _words(
    """
    Office Department Ministry Council Party Bank Agency Service Services Police
    Government Commission Committee Inc Ltd Plc Corp Corporation Company Co University
    College School Association Union Board Trust Group Institute Authority Organisation
    Organization Foundation Federation Society Club Court Parliament Congress Senate House
    Assembly Network News Times Post Guardian Telegraph Journal Herald Tribune BBC CNN
    Reuters AP AFP NHS UN EU WHO FBI CIA NASA Labour Conservatives Tories Tory Democrats
    Republicans GOP Campaign Centre Center Fund Force Army Navy Airways Airlines Railway
    Railways Water Energy Council Hospital Church Synagogue Mosque Administration Bureau
    Institution Alliance Coalition League Watch Press Media Insurance Holdings Systems
    Technologies Labs Group Greens Liberal Democrats Lib Dems SNP Brexit Reform Express
    United States Kingdom Republic Area City County State Street Road Avenue Island
    Islands Valley River Lake Park Airport Station Square Bridge Embassy Pentagon Kremlin
    White Downing Whitehall Congress Capitol Prosecution Prosecutors Awards Infirmary
    Clinic Depot Store Stores Mart Motors Electric Sciences Studios Entertainment Partners
    Capital Securities Ventures Brands Foods Pharmaceuticals Equities Research Games
    """
)
# Capitalised words that do not start a person's name.
_NOT_FIRST_NAMES = _words(
    """
    The A An This That These Those It He She We They I You His Her Our Their My Your There
    Here But And So Yet Or In On At For If When While After Before As Although Since Because
    What Why How Who Where Which Is Are Was Were Do Does Did Can Could Will Would Should May
    Many Some Most Other Others Such Not No Yes Still Also Then Now Today Yesterday Last Next
    Both Each Every All One Earlier Later According With Without From To Of By Under Over
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday British English Scottish Welsh
    Irish American French German Jewish Muslim Christian Catholic Labour Tory Conservative
    Democratic Republican UK US USA EU UN Mr Mrs Ms Dr Great New North South East West
    Another Someone Everyone Nobody Anyone Thanks Thank Congratulations Welcome Hi Hello
    Dear
    """
)
_CAPITALISED = re.compile(r"[A-ZÀ-Þ][\w’'\-]*\.?$")
# One word of a name: "Mirvis", "McKinley", "O’Brien", "Lloyd-Webber", "NASA", "J.",
# "U.S.". It starts with its capital (so the regex engine skips ahead to capitals), then
# checks that no letter came before.
_NAME_WORD = (
    r"[A-ZÀ-Þ](?<![\w’'][A-ZÀ-Þ])(?:[’'](?=[A-ZÀ-Þ][a-zà-ÿ]))?"
    r"(?:[A-Za-zÀ-ÿ]+(?:[-’'][A-Za-zÀ-ÿ]+)*\.?|\.(?:[A-Z]\.)*)"
)
# A run of name words on one line ("UK Chief Rabbi Ephraim Mirvis", "Ludwig van Beethoven").
_NAME_RUN = re.compile(
    rf"{_NAME_WORD}(?:[ \u00a0]+(?:{_NAME_WORD}|(?:van|von|de|del|der|bin|al|da|di|le)"
    r"(?=[ \u00a0]+[A-Z])))*"
)
_APPOSITIVE = re.compile(
    r",\s*(?:who|which|whose|himself|herself|themselves|a|an|the|now|then|once|former|"
    r"also|aged|\d{1,3})\b[^,]*,\s*$"
)
# "Jeff Sanborn, president of Chapter & Verse, said": a role between commas after a name.
_ROLE_APPOSITIVE = re.compile(r",\s*[a-z][\w’'-]*(?:\s+[^,]*)?,\s*$")
_SPOKESPERSON = re.compile(
    r"(?:(?:an?|the)\s+)?(?:spokes(?:person|man|woman)|representative|statement|source|"
    r"official|officials|press\s+officer?|lawyer|lawyers)\s+(?:for|from|at|of|with)\s+"
    r"(?:the\s+)?(?P<org>(?:[A-Z][\w’'\-&]*\.?(?:\s+(?:of|for|and|&|the)(?=\s+[A-Z]))?\s*)+)$"
)
_POSSESSIVE_SPOKESPERSON = re.compile(
    r"(?P<org>(?:[A-Z][\w\-&]*\s+)*[A-Z][\w\-&]*)['’]s?\s+"
    r"(?:spokes(?:person|man|woman)|office|campaign|team|press\s+office)$"
)
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
_LEADING_CONNECTIVE = re.compile(r"\s*(?:But|And|Yet|So|However|Meanwhile|Still)\s*,?\s*")


def _trie_pattern(words: frozenset[str]) -> str:
    """An alternation of `words` as a prefix tree ("sa(?:id|ys?)"): the regex engine then
    tries one branch per letter instead of every word at every position."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")" if len(branches) > 1 or "" in node else branches[0]
        return body + "?" if "" in node else body

    return emit(tree)


_VERB_AT = re.compile(r"\b" + _trie_pattern(REPORTING_VERBS) + r"\b")
_RESUMED_QUOTE = re.compile(r",\s*(?=[“\"‘])")
_LOWER_AFTER_COMMA = re.compile(r",\s*(?=[a-z])")
_OPEN_QUOTES = "“‘\"'«"
_CLOSE_QUOTES = "”’\"'»"
