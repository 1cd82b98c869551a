"""The tone check run before a reply is sent: warnings, never a block.

Detection is per language (Italian and English registers differ), but the messages are in
English, the UI's language. Matching is case- and accent-insensitive on a folded copy of
the text whose characters map back to the original, so a warning can quote what was
written. Quoted lines ("> …") are the client's words, not the draft's, and are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ToneWarning:
    code: str  # after_hours | placeholder | exclamations | emoji | chummy | nickname
    message: str


def tone_check(
    text: str,
    language: str,
    *,
    now: datetime,
    quiet_until: datetime | None,
    formal: bool = True,
    contact_first_name: str = "",
) -> list[ToneWarning]:
    """Warnings about `text` (a reply about to be sent), at most one per code, in a fixed
    order. `quiet_until`: when a message written now may leave (None: it leaves now)."""
    own = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))
    folded, index = _fold(own)
    found: list[ToneWarning] = []
    if quiet_until is not None:
        when = when_text(quiet_until, now)
        found.append(
            ToneWarning(
                "after_hours", f"Quiet time: this will be held until {when} (ctrl+g sends now)"
            )
        )
    holes = _PLACEHOLDER.findall(own)
    if holes:
        more = " …" if len(holes) > 1 else ""
        plural = "s" if len(holes) > 1 else ""
        found.append(
            ToneWarning("placeholder", f"{len(holes)} placeholder{plural} left: {holes[0]}{more}")
        )
    bangs = own.count("!")
    if "!!" in own:
        found.append(ToneWarning("exclamations", "“!!” reads as shouting: one “!” at most"))
    elif bangs > 1:
        found.append(ToneWarning("exclamations", f"{bangs} exclamation marks: one at most"))
    emoji = _first_emoji(own)
    if emoji:
        found.append(ToneWarning("emoji", f"Emoji or emoticon “{emoji}”: keep replies plain"))
    chummy = _first_match(_CHUMMY.get(language, _CHUMMY_ANY), folded, index, own)
    if chummy:
        found.append(ToneWarning("chummy", f"Familiar wording “{chummy}”: friendly, not chummy"))
    address = _address_problems(own, folded, index, language, formal, contact_first_name)
    if address:
        found.append(ToneWarning("nickname", "; ".join(address)))
    return found


def when_text(at: datetime, now: datetime) -> str:
    """ "08:30" today, "Mon 08:30" within the week, "Mon 7 Dec 08:30" further away (a
    weekday alone would point at the wrong week after a long holiday)."""
    if at.tzinfo is not None and now.tzinfo is not None:
        at = at.astimezone(now.tzinfo)
    days = (at.date() - now.date()).days
    if days == 0:
        return f"{at:%H:%M}"
    day = _WEEKDAYS[at.weekday()]
    if not 0 < days < 7:
        day += f" {at.day} {_MONTHS[at.month - 1]}"
    return f"{day} {at:%H:%M}"


# --- folding -----------------------------------------------------------------------------


def _fold(text: str) -> tuple[str, list[int]]:
    """Lower-case, accent-free copy of `text` and, per folded character, its source index."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            folded = ch.lower()
        else:
            decomposed = unicodedata.normalize("NFKD", ch)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
            folded = folded.replace("\u2019", "'") or ch
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


def _span(m: re.Match[str], index: list[int], original: str, group: int = 0) -> str:
    return original[index[m.start(group)] : index[m.end(group) - 1] + 1]


def _first_match(
    pattern: re.Pattern[str], folded: str, index: list[int], original: str
) -> str | None:
    m = pattern.search(folded)
    if m is None:
        return None
    # A vocative names just the word ("tesoro"), not the greeting that came with it.
    group = next((g for g in range(1, (m.lastindex or 0) + 1) if m.group(g)), 0)
    return _span(m, index, original, group).strip()


# --- placeholders, emoji -----------------------------------------------------------------

_PLACEHOLDER = re.compile(r"«[^«»\n]*»")
# Faces after a digit or a colon would be clock times ("10:30") or URLs ("http://").
_EMOTICON = re.compile(
    r"(?<![\d:/=])[:;=][-']?[)(\]\[DPpOo*|](?![\w)(\]\[])"
    r"|(?<!\w)(?:[xX]D+|<3+|\^_?\^|T_T)(?!\w)"
)
# Extended_Pictographic, approximated by ranges; text-style symbols that professionals use
# plainly (©, ®, ™, arrows, bullets, ☐) are left out unless the emoji selector follows them.
_EMOJI_RANGES = (
    (0x203C, 0x203C), (0x2049, 0x2049), (0x231A, 0x231B), (0x23E9, 0x23F3),
    (0x23F8, 0x23FA), (0x24C2, 0x24C2), (0x2600, 0x260F), (0x2611, 0x2611),
    (0x2613, 0x26FF), (0x2700, 0x2705), (0x2708, 0x2712), (0x2714, 0x2714),
    (0x2716, 0x2716), (0x271D, 0x271D), (0x2721, 0x2721), (0x2728, 0x2728),
    (0x2733, 0x2734), (0x2744, 0x2744), (0x2747, 0x2747), (0x274C, 0x274C),
    (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2763, 0x2767),
    (0x2795, 0x2797), (0x27A1, 0x27A1), (0x27B0, 0x27B0), (0x27BF, 0x27BF),
    (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x1F000, 0x1FAFF), (0x1FC00, 0x1FFFD),
)  # fmt: skip
_SELECTORS = ("\ufe0f", "\u20e3")
_EMOJI_STARTS = tuple(start for start, _ in _EMOJI_RANGES)


def _is_emoji(ch: str) -> bool:
    cp = ord(ch)
    i = bisect_right(_EMOJI_STARTS, cp) - 1
    return i >= 0 and cp <= _EMOJI_RANGES[i][1]


def _first_emoji(text: str) -> str | None:
    for i, ch in enumerate(text):
        # A selector makes even a digit or "©" an emoji: "1️⃣", "©️".
        if (ord(ch) >= 0x2000 and _is_emoji(ch)) or text[i + 1 : i + 2] in _SELECTORS:
            return ch
    m = _EMOTICON.search(text)
    return m.group(0) if m else None


# --- register ----------------------------------------------------------------------------

_GREET_IT = r"ciao|ehi|hey|grazie|buongiorno|buonasera|salve"
_GREET_EN = r"hi|hey|hello|thanks|thank you|cheers|morning|ta|yo|alright|ok|okay"


def _vocative(words: str, greet: str) -> str:
    """`words` used to address someone: after a greeting, or set off by commas."""
    return (
        rf"\b(?:{greet})[ \t]*,?[ \t]+({words})\b"
        rf"|(?:^|[.!?]\s+)({words})\s*[,!]"
        rf"|,\s*({words})\s*(?=[!.?,;:]|$)"
    )


_LAUGH = r"\b(?:a?(?:ha){2,}h*|(?:ah){2,}h*|(?:eh){2,}h*|(?:he){2,}h*|lol|lmao|rofl|xoxo)\b"
_IT_MARKERS = (
    _vocative(r"tesoro|tesorino|bella|bello|bellezza|amore|cocca|cocco", _GREET_IT),
    r"\b(?:tesoro|amore) mio\b|\bcara mia\b|\bcaro mio\b|\bcarissim[oaie]\b",
    r"\bbac(?:io|i|ioni|ione|etto|etti)\b|\babbracci(?:o|one|oni)?\b",
    r"\btv(?:t{1,2})?b\b|\bgrazie\s+mille\s+mille\b|\behi\b|\bhey+\b",
    _LAUGH,
)
_EN_MARKERS = (
    _vocative(r"mate|hun|hon|love|babe|sweetie|sweetheart|darling", _GREET_EN),
    r"\bhey+\b|\bhiya\b|\bbabe\b|\bsweetie\b|\bdude\b|\bbuddy\b",
    r"\bmy (?:darling|dear)\b",  # "Darling" alone is also a surname
    r"\blove (?:ya|you)\b|\bluv\b|\bhugs\b|\bkisses\b|\bcheers\s*!{2,}|^\s*(?:lots of )?love,?\s*$",
    _LAUGH,
)
_CHUMMY = {
    "it": re.compile("|".join(_IT_MARKERS), re.M),
    "en": re.compile("|".join(_EN_MARKERS), re.M),
}
_CHUMMY_ANY = re.compile("|".join(_IT_MARKERS + _EN_MARKERS), re.M)

# --- nicknames and informal address --------------------------------------------------------

# Diminutives that are not simply the start of the name (those are caught by a rule).
_NICKNAMES_TEXT = """
roberta: robi roby robbi berta | roberto: robi roby robbi berto | federica: fede fedi chicca
federico: fede fedi chicco | alessandro: ale alex sandro | alessandra: ale alex sandra
valentina: vale | valentino: vale | valeria: vale | valerio: vale | giulia: giuli giuly
giulio: giuli | francesca: fra franci franky chicca | francesco: fra franci checco cesco
giuseppe: beppe peppe pino peppino | giovanni: gianni vanni nanni | giovanna: gianna vanna
antonio: toni tony nino | antonella: anto nella | elisabetta: betta betti lisa
caterina: cate rina | margherita: marghe rita | massimo: max | maurizio: mauri | luigi: gigi gino
stefano: ste stefi | stefania: ste stefi | daniele: dani | daniela: dani | emanuele: manu lele
emanuela: manu | gabriele: gabri lele | gabriella: gabri | lorenzo: lollo lore renzo
simone: simo | simona: simo | salvatore: toto salvo turi | vincenzo: enzo vince | beatrice: bea
domenico: mimmo nico | raffaele: lele raffa | raffaella: raffa lella | cristina: cri cris
veronica: vero | matteo: teo | michele: miky micky michi | riccardo: ricky riki | eleonora: ele
tommaso: tommy tom maso | benedetta: bene | ludovica: ludo | martina: marti | edoardo: edo
filippo: pippo | leonardo: leo | camilla: cami | andrea: andre andy | nicola: nico
michael: mike mikey mick micky | elizabeth: liz lizzie lizzy beth betty eliza libby bess
katherine: kate katie kathy kat kitty | catherine: kate katie cathy cat | kathryn: kate katie
thomas: tom tommy | robert: bob bobby rob robbie bert | william: will bill billy liam
richard: rick ricky dick rich richie | james: jim jimmy jamie | joseph: joe joey
jennifer: jen jenny | margaret: maggie meg peggy | patricia: pat patty trish tricia
christopher: chris kit | christine: chris chrissy | christina: chris tina | daniel: dan danny
anthony: tony | andrew: andy drew | edward: ed eddie ted teddy ned | alexander: alex al sandy
alexandra: alex lexi | benjamin: ben benny | samuel: sam sammy | samantha: sam sammy
nicholas: nick nicky | jonathan: jon jonny | matthew: matt matty | david: dave davey
stephen: steve stevie | steven: steve stevie | susan: sue susie | rebecca: becky becca
victoria: vicky tori | deborah: deb debbie | jessica: jess jessie | charles: charlie chuck
timothy: tim timmy | gregory: greg | peter: pete | abigail: abby | joshua: josh
frederick: fred freddie | henry: harry hank | kenneth: ken kenny | philip: phil | ronald: ron
theodore: ted teddy theo | amanda: mandy | barbara: barb babs | pamela: pam | sandra: sandy
"""
_NICKNAMES: dict[str, frozenset[str]] = {}
for _entry in _NICKNAMES_TEXT.replace("\n", "|").split("|"):
    _name, _, _nicks = _entry.replace(":", " ", 1).strip().partition(" ")
    if _name:
        _NICKNAMES[_name] = _NICKNAMES.get(_name, frozenset()) | frozenset(_nicks.split())

_GREETINGS = (
    r"ciao|salve|buongiorno|buonasera|gentile|gentilissim[oa]|car[oa]|carissim[oa]|ehi|grazie"
    r"|hi|hey|hello|dear|good morning|good afternoon|good evening|morning|hiya|thanks|thank you"
)
# On one line: "Thanks,\nRobert" is a sign-off, not an address.
_GREETED = re.compile(rf"\b(?:{_GREETINGS})[ \t]*,?[ \t]+([a-z]+)\b")
_VOCATIVE = re.compile(r"(?:^|[.!?]\s+)([a-z]+)\s*[,!]|,\s*([a-z]+)\s*(?=[!.?]|$)", re.M)
# Names in their own right that start another name: "Robert" is not a nickname of Roberta.
_FULL_NAMES = set(_NICKNAMES) | {"simon", "gabriel", "michel", "emanuel", "carl", "martin"}
_FULL_NAMES |= {"christian", "cristian", "julian", "adrian", "valentin", "anna", "maria"}
_TITLES = {"dott", "dottssa", "dr", "avv", "ing", "sig", "sigra", "prof", "mr", "mrs", "ms"}

# Unambiguous tu-forms; "sei" only where it cannot be the number six ("sei mesi").
_TU = re.compile(
    r"\b(?:ti|tuo|tua|tuoi|tue|hai|puoi|vuoi|sai|potresti|vorresti|dovresti"
    r"|(?:per|con|a|di|da) te|tu sei"
    r"|sei (?:stat[oa]|liber[oa]|disponibile|riuscit[oa]|sicur[oa]|d'accordo|in grado))\b"
)
_TU_STRONG = re.compile(r"\b(?:fammi sapere|fammi|dimmi|scrivimi|chiamami|sentiamoci)\b")
_CIAO = re.compile(r"^\s*ciao\b", re.M)


def _first_name(name: str) -> tuple[str, str]:
    """The given name, folded and as written, past any title: "Dott.ssa Anna Verdi"."""
    for word in name.split():
        shown = word.strip(".,;'\"")
        key = _fold(shown)[0].replace(".", "")
        if key and key not in _TITLES:
            return key, shown
    return "", ""


def _is_nickname(token: str, name: str, prefix_rule: bool) -> bool:
    if token == name or len(token) < 2:
        return False
    if token in _NICKNAMES.get(name, ()):
        return True
    if not prefix_rule or len(token) >= len(name) or token in _FULL_NAMES:
        return False
    # "Robe" for Roberta, and the same with a pet ending: "Roby", "Robi".
    stem = token[:-1] if token[-1] in "iy" and len(token) > 2 else token
    return name.startswith(token) or name.startswith(stem)


def _address_problems(
    original: str, folded: str, index: list[int], language: str, formal: bool, first_name: str
) -> list[str]:
    out: list[str] = []
    name, shown_name = _first_name(first_name)
    if name:
        for pattern, prefix_rule in ((_GREETED, True), (_VOCATIVE, False)):
            for m in pattern.finditer(folded):
                group = next(g for g in range(1, (m.lastindex or 0) + 1) if m.group(g))
                written = _span(m, index, original, group)
                # A nickname is a name: capitalised. "grazie al suo…" is no "Al".
                if written[:1].isupper() and _is_nickname(m.group(group), name, prefix_rule):
                    out.append(f"“{written}” is a nickname: address {shown_name} by name")
                    break
            if out:
                break
    if formal and language == "it":
        strong = _TU_STRONG.search(folded)
        forms = list(_TU.finditer(folded))
        if strong or len(forms) >= 2 or (forms and _CIAO.search(folded)):
            shown = _span(strong or forms[0], index, original)
            out.append(f"Informal “tu” (“{shown}”) for a contact you address with “Lei”")
    return out
