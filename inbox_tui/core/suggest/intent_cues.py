"""The cues of each intent, in Italian and English, as weighted patterns over folded text
(lower case, no accents: see text_prep.fold).

Weights: 3 is a cue that alone decides (an "unsubscribe" link, a bailiff at the door),
2 a strong hint, 1 a weak one that only counts together with others. Patterns are written
for how clients really type: SMS abbreviations ("nn", "xke", "u", "pls"), missing accents
and apostrophes, regional forms.
"""

from __future__ import annotations

import re

Cue = tuple[re.Pattern[str], float]


def _cues(*pairs: tuple[str, float]) -> tuple[Cue, ...]:
    return tuple((re.compile(p), w) for p, w in pairs)


AUTOMATED = _cues(
    (r"\b(?:do[- ]?not[- ]?reply|no[- ]?reply|noreply|non rispondere a quest[oa])", 3),
    (r"\b(?:unsubscribe|disiscriv|annull\w* (?:l'|la )?iscrizione|cancellati dalla)", 3),
    (r"\bnewsletter\b", 2),
    (
        r"\b(?:automated (?:message|email|notification|reply)|automatically generated"
        r"|messaggio (?:generato )?automatic|generat[oa] automaticamente|risposta automatica"
        r"|auto[- ]?reply)",
        3,
    ),
    (
        r"\b(?:out of (?:the )?office|fuori ufficio|sono assente (?:dal|fino)"
        r"|i am (?:currently )?away|i'm (?:currently )?away from|rientrero il|back in the office"
        r"|in ferie fino al|on (?:annual )?leave until|with limited access to (?:my )?e-?mail)",
        3,
    ),
    (
        r"\b(?:verification code|security code|one[- ]time (?:code|password)|\botp\b"
        r"|codice (?:di verifica|di sicurezza|otp)|il tuo codice (?:e|:))",
        3,
    ),
    (
        r"\b(?:your order|il tuo ordine|il suo ordine|order (?:number|#|n\.)|ordine n\.?"
        r"|tracking|tracciamento|your (?:parcel|package)|il tuo pacco|spedizione|shipped)",
        2,
    ),
    (
        r"\b(?:view (?:this email )?in (?:your )?browser|visualizza (?:nel|la versione)"
        r"|manage (?:your )?(?:preferences|subscription)|gestisci le preferenze"
        r"|privacy policy|informativa (?:sulla )?privacy|all rights reserved"
        r"|tutti i diritti riservati)",
        3,
    ),
    (
        r"\b(?:password reset|reset your password|reimposta(?:re)? (?:la )?password"
        r"|new sign[- ]?in|nuovo accesso|accesso (?:da un )?nuovo dispositivo)",
        3,
    ),
    (
        r"\b(?:\d+ ?% (?:off|di sconto)|sconto del \d+|saldi|black friday|offerta (?:speciale|valida)"
        r"|limited time|promo(?:zione|code)?\b|coupon|codice sconto)",
        2,
    ),
    (
        r"\b(?:invitation|invito|accepted|accettato|declined|rifiutato|updated invitation"
        r"|invito aggiornato):",
        3,
    ),
    (
        r"\b(?:this is (?:an automatic|a reminder)|promemoria automatico|reminder automatico"
        r"|questo e un promemoria|we're writing to let you know|ti informiamo che|la informiamo che"
        r"|your (?:invoice|receipt|statement) (?:is ready|is available|for)"
        r"|la tua fattura (?:e disponibile|n)|e disponibile la (?:tua|sua) fattura)",
        2,
    ),
    (
        r"\b(?:click here|clicca qui|scopri di piu|learn more|shop now|acquista ora"
        r"|download the app|scarica l'app)",
        1,
    ),
    (r"\b(?:stop al \d+|invia stop|reply stop|text stop|rispondi stop)", 3),
)

URGENT = _cues(
    (r"\b(?:urgent[ei]?|urgentissim\w*|emergenz\w*|emergency|asap|sos)\b", 2),
    (
        r"\b(?:subito|immediatamente|right (?:now|away)|straight away|immediately|at once"
        r"|al piu presto|prima possibile|as soon as possible)",
        1.5,
    ),
    (
        r"\b(?:oggi stesso|entro (?:stasera|oggi|stanotte|le \d+|mezzogiorno)|by (?:tonight|today"
        r"|noon|end of (?:the )?day|\d+ ?(?:am|pm|o'clock))|\beod\b|before (?:tomorrow|tonight))",
        1.5,
    ),
    (
        r"\b(?:udienza (?:e |e' )?domani|domani (?:ho |c'e )?(?:l')?udienza|hearing (?:is )?tomorrow"
        r"|court (?:is )?tomorrow|in tribunale domani|scade (?:oggi|domani|stasera|tra \d+ ore)"
        r"|scadenza (?:e )?(?:oggi|domani)|deadline (?:is )?(?:today|tonight|tomorrow)"
        r"|due (?:today|tomorrow|tonight)|expires? (?:today|tonight|tomorrow))",
        2.5,
    ),
    (
        r"\b(?:ufficiale giudiziario|pignorament\w*|sfratt\w*|bailiff|eviction|enforcement agent"
        r"|polizia|carabinieri|police|sequestr\w*|arrest\w*|denunciat\w*)",
        3,
    ),
    (
        r"\b(?:reazione allergica|allergic reaction|pronto soccorso|a&e|ambulan\w*"
        r"|ospedale|hospital|svenut\w*|fainted|can't breathe|non respiro|gonfi\w*|swollen"
        r"|orticaria|hives|vomit\w*|chest pain|dolore al petto)",
        3,
    ),
    (
        r"\b(?:(?:sito|server|sistema|app|gestionale|e-?commerce|shop) (?:e |e' )?(?:down|giu|offline"
        r"|bloccat\w*|irraggiungibile|fermo)|(?:site|server|system|website|app) (?:is |went )?(?:down"
        r"|offline)|crash\w*|outage|hacked|hackerat\w*|data breach)",
        3,
    ),
    (
        r"\b(?:locked out|can't (?:log ?in|access|get in)|cannot (?:log ?in|access)"
        r"|non riesco (?:piu )?ad? (?:entrare|accedere)|account bloccat\w*|conto bloccat\w*"
        r"|carta bloccat\w*|blocked my account)",
        2,
    ),
    (r"\b(?:aiuto|help me|please help|mi aiuti|aiutami|panico|panic\w*|disperat\w*)\b", 1.5),
    (r"!{2,}", 0.5),
    (
        r"\b(?:firmare entro|sign (?:it )?by|da firmare (?:oggi|entro)|needs? to be signed (?:today"
        r"|tonight|by))",
        2,
    ),
)

COMPLAINT = _cues(
    (
        r"\b(?:non (?:sono|siamo) (?:per niente |affatto |molto |per nulla )?soddisfatt\w*"
        r"|insoddisfatt\w*|not (?:at all )?(?:happy|satisfied|pleased)|unhappy|dissatisfied"
        r"|disappoint\w*|delus[oaie]\b|delusione|amareggiat\w*|frustrat\w*)",
        2.5,
    ),
    (
        r"\b(?:inaccettabile|unacceptable|vergogn\w*|ridicol\w*|assurd\w*|absurd|outrageous"
        r"|scandalos\w*|poco professional\w*|unprofessional|not good enough|pessim\w*)",
        2.5,
    ),
    (r"\b(?:reclamo|complaint|lamentel\w*|mi lamento|complain\w*|segnalare un problema)", 2.5),
    (
        r"\b(?:(?:ancora |still )?nessuna risposta|(?:no ?one|nobody) (?:has )?(?:answer|repl|got"
        r" back|call)\w*|still (?:no|haven't|have not|not|waiting)|sto ancora aspettando"
        r"|aspetto (?:ancora|da)|ho aspettato|waited (?:for )?\w+ (?:days|weeks)|da (?:due|tre|\d+)"
        r" settimane|for (?:two|three|\d+) weeks|nessuno (?:mi )?(?:ha )?rispost\w*"
        r"|non mi (?:ha )?(?:mai )?rispost\w*|never (?:got|received) (?:a )?(?:reply|answer))",
        2,
    ),
    (
        r"\b(?:fattura|parcella|conto|importo|preventivo|invoice|bill|charge\w*|quote)\b[^.?!\n]{0,60}"
        r"\b(?:piu alt[oa]|superiore|sbagliat\w*|errat\w*|gonfiat\w*|doppi\w*|higher|more than"
        r"|wrong|incorrect|double)",
        2.5,
    ),
    (
        r"\b(?:overcharg\w*|addebitat\w* (?:due volte|il doppio|in piu)|charged (?:twice|me twice"
        r"|extra|more))",
        2.5,
    ),
    (
        r"\b(?:non (?:sta )?funziona(?:ndo)?|doesn't work|isn't working|not working|didn't work"
        r"|non ha funzionato|no results|nessun risultato|zero risultati|peggiorat\w*|got worse)",
        1.5,
    ),
    (r"\b(?:errore|error|mistake|sbagli\w*|wrong|scorrett\w*|inesatt\w*)", 1),
    (
        r"\b(?:(?:mi |ci )?aveva(?:te)? promesso|you promised|avevamo concordato|we (?:had )?agreed"
        r"|as agreed|come concordato|era stato detto|i was told)",
        1.5,
    ),
    (r"\b(?:rimbors\w*|refund\w*|soldi indietro|money back|restituzion\w*)", 1.5),
    (r"\b(?:scortes\w*|maleducat\w*|rude|sgarbat\w*|dismissive|trattat\w* male|treated)", 2),
    (r"\b(?:in ritardo|ritardo|delay\w*|late again|ancora in ritardo|behind schedule)", 1),
    (
        r"\b(?:mi aspettavo|i expected|expected (?:better|more)|mi sarei aspettat\w*"
        r"|non e (?:quello|cio) che|not what (?:i|we))",
        1.5,
    ),
    (r"\b(?:pago|ho pagato|i(?:'ve| have)? paid|paying)\b", 0.5),
)

PERSONAL = _cues(
    (
        r"\b(?:(?:sua|tua) (?:moglie|famiglia|figlia|ragazza)|(?:suo|tuo) (?:marito|figlio|ragazzo"
        r"|compagno|fidanzato)|(?:i suoi|i tuoi) (?:figli|bambini)|your (?:wife|husband|kids"
        r"|children|family|boyfriend|girlfriend|partner|son|daughter))",
        2.5,
    ),
    (
        r"\b(?:cena|cenare|dinner|aperitiv\w*|apericena|drinks?|un caffe|a coffee|prendere un caffe"
        r"|grab (?:a )?(?:coffee|drink|bite)|birra|beer|pranzo insieme|lunch together"
        r"|uscire (?:insieme|a cena|una sera)|go out|hang out)",
        2.5,
    ),
    (
        r"\b(?:(?:sei|e) (?:fidanzat\w*|sposat\w*|single)|are you (?:single|married|seeing"
        r"|taken)|hai (?:un|il) (?:ragazzo|fidanzato)|do you have (?:a )?(?:boyfriend|girlfriend"
        r"|kids|children))",
        3,
    ),
    (
        r"\b(?:numero (?:privato|personale)|(?:private|personal) (?:number|phone|mobile|email)"
        r"|whatsapp (?:personale|privato)|il tuo (?:cellulare|numero)|your (?:own|personal) number)",
        2.5,
    ),
    (
        r"\b(?:instagram|facebook|\binsta\b|tiktok|amicizia|friend request|add you|aggiungerti"
        r"|seguirti|follow (?:you|each other)|linkedin privat\w*)",
        2,
    ),
    (
        r"\b(?:mi manchi|miss you|ti penso|thinking (?:of|about) you|sei (?:carina|bellissima"
        r"|bellissimo|simpatic\w*)|you(?:'re| are) (?:beautiful|cute|pretty|gorgeous|lovely)"
        r"|bella voce|lovely voice|un bacio|kisses|xoxo|tesoro|sweetie|darling)",
        3,
    ),
    (r"\b(?:weekend|fine settimana|ferie|vacanz\w*|holiday|vacation)\b", 0.5),
    (
        r"\b(?:com'e andat[oa]|how was|come (?:e|e' )andat[oa]|cosa fai|what are you doing"
        r"|che fai|what do you do for fun|hobby|hobbies)",
        1.5,
    ),
    (r"\b(?:compleanno|birthday|natale insieme|festa|party)\b", 1),
    (
        r"\b(?:non riesco a dormire|can't sleep|mi sento sol[oa]|feel(?:ing)? lonely|lonely"
        r"|sono triste|i'm sad|giornataccia|terrible day|rough day|need someone to talk"
        r"|ho bisogno di parlare|sfogo|sfogarmi|vent)",
        2,
    ),
    (
        r"\b(?:di te|about you|yourself|te stess[oa]|la tua vita|your life|tu come stai"
        r"|and you\?|e tu\?|e lei\?|lei come sta|how are you doing)",
        1,
    ),
    (r"\b(?:regalo|gift|present for you|pensierino)\b", 1),
    (
        r"\b(?:oroscopo|horoscope|segno zodiacale|star sign|religion|religione|politica|politics"
        r"|who did you vote)",
        2,
    ),
    (
        r"\b(?:che ne dici|what do you say)\b[^?\n]{0,40}\b(?:stasera|tonight|sabato|saturday"
        r"|domenica|sunday)",
        1.5,
    ),
)

SCHEDULING = _cues(
    (
        r"\b(?:appuntament\w*|appointment|meeting|riunione|incontro|call\b|chiamata|videocall"
        r"|video ?chiamata|zoom|teams|seduta|session|consulenza|consultation|visita|check-?in"
        r"|colloquio)",
        1.5,
    ),
    (
        r"\b(?:spostare|spostiamo|sposta(?:rlo|rla)|rimandare|rimandiamo|posticipa\w*|rinviare"
        r"|reschedul\w*|postpone|push (?:it|this|our|the) (?:back|to)|move (?:it|our|the|my)"
        r"|moving (?:our|the)|slittare)",
        2.5,
    ),
    (
        r"\b(?:disponibil\w*|available|availability|free (?:on|at|slot)|liber[oa] (?:lunedi|martedi"
        r"|mercoledi|giovedi|venerdi|sabato|domani|oggi)|quando (?:e|sei|e') liber[oa]|quando posso"
        r"|when (?:are you|would you be) free|what time works|che orari)",
        2,
    ),
    (
        r"\b(?:disdire|disdico|annullare (?:l'|il )?(?:appuntamento|incontro)|cancel (?:my|the|our|"
        r"tomorrow)|can't make it|non riesco a venire|non posso venire|nn posso venire"
        r"|non ce la faccio a venire|devo saltare)",
        2.5,
    ),
    (
        r"\b(?:in ritardo di \d+|sono in ritardo|arrivo (?:tra|fra) \d+|running (?:a bit )?late"
        r"|\d+ ?min(?:uti|utes|s)? (?:late|di ritardo)|stuck in traffic|bloccat[oa] nel traffico"
        r"|traffico)",
        2.5,
    ),
    (
        r"\b(?:fissare|prenotare|prenotazione|book(?:ing)?|schedule (?:a|an|the)|set up (?:a|an)"
        r"|slot|fare il punto|catch up|sentirci)",
        1.5,
    ),
    (
        r"\b(?:lunedi|martedi|mercoledi|giovedi|venerdi|sabato|domenica|monday|tuesday|wednesday"
        r"|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri)\b",
        0.5,
    ),
    (
        r"\b(?:alle \d{1,2}(?:[:.]\d\d)?|at \d{1,2}(?:[:.]\d\d)?|\d{1,2}[:.]\d\d|\d{1,2} ?(?:am|pm))",
        0.7,
    ),
)

DECISION = _cues(
    (
        r"\b(?:potrebbe|potreste|potresti|could you|can you|would you|sarebbe possibile"
        r"|e possibile|e' possibile|si puo|si potrebbe|is it possible|would it be possible"
        r"|possiamo|can we|could we|riesce a|riusciresti|fattibile|feasible|doable)",
        1.5,
    ),
    (
        r"\b(?:aggiungere|aggiungiamo|add(?:ing)?|includere|include|estendere|extend\w*|ampliare"
        r"|expand\w*|cambiare|change|modificare|modifica|modify|adjust|rivedere|revise|togliere"
        r"|remove|eliminare|sostituire|replace|switch|passare a)",
        1.5,
    ),
    (
        r"\b(?:sconto|discount|scontare|ridurre (?:il )?(?:prezzo|costo|preventivo|compenso)"
        r"|cheaper|lower (?:the )?(?:price|fee)|rateizz\w*|installments?|payment plan"
        r"|pagare a rate)",
        2.5,
    ),
    (
        r"\b(?:anticipare|anticipiamo|bring (?:it )?forward|sooner|earlier|prima del|entro (?:il|la"
        r" fine)|by (?:the end of|monday|tuesday|wednesday|thursday|friday|next week)|deadline"
        r"|scadenza|consegna|delivery date|tempistic\w*)",
        1.2,
    ),
    (
        r"\b(?:opzione|option|alternativ\w*|meglio (?:se|fare|procedere)|better to|should (?:we|i)"
        r"|conviene|which (?:one|option|approach)|quale (?:opzione|soluzione|strada)|secondo lei"
        r"|what would you (?:recommend|suggest|advise)|cosa (?:mi )?consiglia|cosa facciamo"
        r"|how should we proceed|come procediamo|decide|decision|decidere)",
        2,
    ),
    (
        r"\b(?:in piu|extra|additional|aggiuntiv\w*|ulterior\w*|anche (?:il|la|lo|i|le|un|una|per)"
        r"|as well|on top|also (?:do|handle|take|review|check|look|add|include|prepare))",
        1.2,
    ),
    (
        r"\b(?:preventivo|quote|proposal|proposta|scope|perimetro|incarico|mandato|piano|plan"
        r"|programma|contract|contratto|clausol\w*|clause)",
        0.7,
    ),
    (
        r"\b(?:vorrei (?:che|cambiare|aggiungere|passare|anticipare|rimandare|fare)|i'?d like (?:you"
        r" )?to|i would like (?:you )?to|we (?:want|need|would like) to|vorremmo|abbiamo deciso"
        r"|we(?:'ve| have) decided|ho cambiato idea|changed (?:my|our) mind)",
        1.5,
    ),
    (
        r"\b(?:rinunciare|stop (?:the|our)|interrompere|sospendere|pause|cancel the (?:contract"
        r"|plan|project)|disdire il contratto)",
        1.5,
    ),
)

INFO = _cues(
    (
        r"\b(?:quanto (?:costa|viene|verrebbe|mi costa)|how much|what (?:is|are|'s) (?:the|your)"
        r" (?:fee|fees|cost|price|rate)|qual e il costo|tariff\w*|costi|prezzi|rates?)\b",
        2,
    ),
    (
        r"\b(?:quali documenti|che documenti|which documents|what documents|cosa (?:serve|devo"
        r" portare|occorre)|what do i (?:need|bring)|di cosa ha bisogno|what should i bring)",
        2,
    ),
    (
        r"\b(?:cosa significa|che (?:cosa )?vuol dire|what does .{1,40} mean|meaning of"
        r"|non ho capito|i don't understand|didn't understand|can you explain|mi spiega"
        r"|potrebbe spiegarmi)",
        2,
    ),
    (
        r"\b(?:posso (?:mangiare|bere|fare|usare|prendere|portare|pagare)|can i (?:eat|drink|have"
        r"|use|take|bring|pay)|is it ok (?:to|if)|va bene se|e normale|is it normal)",
        2,
    ),
    (
        r"\b(?:come (?:funziona|si fa|faccio)|how (?:does|do|can) (?:it|i|this|one)|dove (?:trovo"
        r"|posso)|where (?:can|do) i|when will|quando (?:arriva|sara|posso sapere))",
        1.5,
    ),
    (
        r"\b(?:volevo sapere|vorrei sapere|una domanda|domanda veloce|quick question|i was wondering"
        r"|mi chiedevo|just wondering|chiedo info|informazion\w*|information|chiarimento"
        r"|clarif\w*)",
        1.2,
    ),
    (r"\?", 1),
)

THANKS = _cues(
    (
        r"\b(?:grazie|grz|thanks|thank you|thank u|thx|tnx|ty|merci|cheers|ringrazio"
        r"|much appreciated|appreciate it)",
        2,
    ),
    (
        r"\b(?:perfetto|perfect|ottimo|great|va bene|vabene|ok|okay|okk|d'accordo|daccordo"
        r"|sounds good|benissimo|confermo|confirmed|confirm|ricevuto|received|got it|noted"
        r"|tutto chiaro|all clear|chiarissimo|fine by me|works for me)\b",
        1.5,
    ),
    (
        r"\b(?:a (?:martedi|lunedi|mercoledi|giovedi|venerdi|presto|domani|dopo)|see you|ci vediamo"
        r"|ci sentiamo|speak soon|talk soon|buona (?:giornata|serata|domenica|settimana)"
        r"|have a (?:nice|good|great)|buon weekend)",
        1.2,
    ),
)

CUES: dict[str, tuple[Cue, ...]] = {
    "automated": AUTOMATED,
    "urgent": URGENT,
    "complaint": COMPLAINT,
    "personal": PERSONAL,
    "scheduling": SCHEDULING,
    "decision": DECISION,
    "info": INFO,
    "thanks": THANKS,
}


def score(text: str, cues: tuple[Cue, ...]) -> float:
    """Each cue counts once, however often it matches: repetition is style, not intent."""
    return sum(weight for pattern, weight in cues if pattern.search(text))
