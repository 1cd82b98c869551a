"""Italian or English, from the words a client uses most without thinking about them.

Function words (articles, prepositions, pronouns) and the abbreviations of text messages
("nn", "xke", "u", "pls") carry the language even in a three-word SMS; content words do
not ("ok", "meeting", "report" are used in both).
"""

from __future__ import annotations

import re

from inbox_tui.core.suggest.models import Language
from inbox_tui.core.suggest.text_prep import fold, written_part

_ITALIAN = frozenset(
    re.findall(
        r"\S+",
        """
    il lo la le gli un una uno del della dello dei degli delle al alla allo ai agli alle
    dal dalla dai dalle nel nella nei nelle sul sulla sui sulle di da in con su per tra fra
    che non e ed sono sei siamo siete ho hai ha abbiamo avete hanno mi ti si ci vi ne
    perche perché pero però anche ma se come quando dove cosa chi questo questa questi
    quello quella io lei lui noi voi loro mio mia miei mie suo sua suoi sue tuo tua nostro
    vostro grazie buongiorno buonasera ciao salve gentile egregio cordiali saluti domani
    oggi ieri stasera sera mattina settimana ancora gia già piu più molto poco tutto tutti
    posso puo può potrebbe vorrei volevo devo deve sto sta stai fatto fare essere avere
    nn xke xk cmq ke qnd sn tt grz anke dv pk nulla niente allora quindi dopo prima bene
    va vado andiamo scusi scusa scusate buona buon molto dei mai sempre qui qua li
    """,
    )
)
_ENGLISH = frozenset(
    re.findall(
        r"\S+",
        """
    the an and or but of to in on at for with from by about is are was were be been
    being have has had do does did i you he she we they me him her us them my your his
    its our their this that these those it not can could would should will shall may
    might must what when where why how who which there here thanks thank hi hello dear
    please regards best sorry just also very much more some any all if so than then
    tomorrow today tonight yesterday week morning evening get got im i'm i'll don't can't
    won't it's u ur pls plz thx tmrw tnx gonna wanna yeah yes cheers kind
    sincerely let know need want like would'nt didn't isn't wasn't we're you're
    """,
    )
)
_WORD = re.compile(r"[a-z']+")


def detect_language(text: str, subject: str = "", fallback: Language = "en") -> Language:
    """The message's language; `fallback` when the words do not tell (e.g. "ok 10:30")."""
    words = _WORD.findall(fold(f"{subject}\n{written_part(text)}"))
    it = sum(1 for w in words if w in _ITALIAN)
    en = sum(1 for w in words if w in _ENGLISH)
    # Accented vowels at word ends are Italian's signature ("perché", "città", "può").
    it += len(re.findall(r"[àèéìòù](?:\W|$)", text.lower()))
    if it == en:
        return fallback
    return "it" if it > en else "en"
