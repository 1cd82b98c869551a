"""The chat request that asks a model to rephrase one template draft.

The system prompt, in the draft's language, names the draft's structure and the way the
client is addressed, and lists the rules for the answer (keep the «placeholders», add no
facts); the user turn carries the client's message, cut short, and the draft. Pure: no
network, no secrets.
"""

from __future__ import annotations

from typing import Any

from inbox_tui.core.config_suggest import SuggestSettings
from inbox_tui.core.sanitize import clean
from inbox_tui.core.suggest.models import Draft, SuggestContext

_CONTEXT_CHARS = 3000  # of the client's message sent along, enough to keep it pertinent

_STRUCTURE = {
    "it": {
        "mediated": "riconosci la richiesta, proponi l'alternativa sostenibile con la sua "
        "ragione e chiudi il testo, prima dei saluti, con la domanda che chiede il parere "
        "del cliente",
        "boundary": "cortese e pertinente, riporta il discorso all'orario di lavoro o alla "
        "sede giusta",
        "acknowledge": "conferma di aver ricevuto il messaggio e dice quando arriverà la risposta",
        "apology": "si scusa dove il reclamo è fondato, offre un rimedio e invita a rispondere",
    },
    "en": {
        "mediated": "acknowledge the request, offer the sustainable alternative with its "
        "reason, and end the text, before the closing, with the question asking for the "
        "client's view",
        "boundary": "courteous and pertinent, it brings the matter back to working hours or "
        "to the right setting",
        "acknowledge": "it confirms the message arrived and says when the answer will come",
        "apology": "it apologises where the complaint is founded, offers a remedy and invites "
        "a reply",
    },
}
_SYSTEM = {
    "it": (
        "Riscrivi la bozza di risposta di un professionista a un cliente in un italiano "
        "naturale e curato, come la scriverebbe chi scrive bene. Regole:\n"
        "- mantieni il significato e la struttura: {structure};\n"
        "- lascia identici i segnaposto tra « e »: non tradurli e non compilarli;\n"
        "- {address};\n"
        "- non aggiungere fatti, date, cifre, promesse o saluti nuovi;\n"
        "- mantieni il saluto iniziale e la firma;\n"
        "- rispondi in italiano, solo con il testo della bozza, senza commenti."
    ),
    "en": (
        "Rewrite a professional's draft reply to a client in natural, well-written English, "
        "as someone who writes well would. Rules:\n"
        "- keep the meaning and the structure: {structure};\n"
        "- keep every placeholder between « and » exactly as it is: do not translate or "
        "fill it;\n"
        "- {address};\n"
        "- add no new facts, dates, figures, promises or greetings;\n"
        "- keep the opening greeting and the signature;\n"
        "- answer in English, with the text of the draft only, no comments."
    ),
}
_ADDRESS = {
    ("it", True): "dai del Lei al cliente (Le, Suo, mi faccia sapere), come la bozza",
    ("it", False): "dai del tu al cliente (ti, tuo, fammi sapere), come la bozza",
}
_ADDRESS_EN = "address the client as the draft does (title and surname, or first name)"
_USER = {
    "it": "Messaggio del cliente:\n---\n{message}\n---\n\nBozza da riscrivere:\n---\n{draft}\n---",
    "en": "The client's message:\n---\n{message}\n---\n\nDraft to rewrite:\n---\n{draft}\n---",
}


def chat_request(
    draft: Draft, ctx: SuggestContext, language: str, settings: SuggestSettings
) -> dict[str, Any]:
    lang = language if language in _SYSTEM else "en"
    system = _SYSTEM[lang].format(
        structure=_STRUCTURE[lang][draft.kind],
        address=_ADDRESS.get((lang, ctx.formal), _ADDRESS_EN),
    )
    message = clean(ctx.text).strip()[:_CONTEXT_CHARS]
    return {
        "model": settings.llm_model,
        "messages": [
            {"role": "system", "content": system},
            {"role": "user", "content": _USER[lang].format(message=message, draft=draft.text)},
        ],
        "temperature": 0.2,  # a rewording, not a new letter
        # Room for an answer twice the draft's length (about 3 characters a token), no more.
        "max_tokens": min(2048, 64 + len(draft.text) * 2 // 3),
        "stream": False,
    }
