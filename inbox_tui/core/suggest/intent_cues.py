"""The cues of each intent, in Italian and English, as weighted patterns over folded text
(lower case, no accents: see text_prep.fold).

One cue per line: its weight, then a regular expression of alternatives, matched from a
word start. 3 is a cue that alone decides (an "unsubscribe" link, a bailiff at the door),
2 a strong hint, 1 a weak one that only counts together with others. Each cue counts
once however often it matches, so related phrasings share a line and independent facts
get lines of their own. Patterns follow how clients really type: SMS abbreviations
("nn", "xke", "u", "pls"), missing accents and apostrophes, regional forms.
"""

from __future__ import annotations

import re

Cue = tuple[re.Pattern[str], float]


def _cues(table: str) -> tuple[Cue, ...]:
    cues = []
    for line in table.strip().splitlines():
        weight, _, pattern = line.strip().partition(" ")
        pattern = pattern.strip()
        # A leading "(?s)" marks a whole-message pattern (lookaheads), not a phrase.
        compiled = pattern if pattern.startswith("(?s)") else rf"(?:^|\b|(?<=\W))(?:{pattern})"
        cues.append((re.compile(compiled), float(weight)))
    return tuple(cues)


AUTOMATED = _cues(r"""
3 do[- ]?not[- ]?reply|no[- ]?reply|noreply|non rispondere a quest[oa]
3 unsubscribe|disiscriv|annull\w* (?:l'|la )?iscrizione|cancellati dalla
2 newsletter\b
3 automated (?:message|email|notification|reply)|automatically generated|messaggio (?:generato )?automatic|generat[oa] automaticamente|risposta automatica|auto[- ]?reply
3 out of (?:the )?office|fuori ufficio|sono assente (?:dal|fino)|i am (?:currently )?away|i'm (?:currently )?away from|rientrero il|back in the office|in ferie fino al|on (?:annual )?leave until|limited access to (?:my )?e-?mail
3 verification code|security code|one[- ]time (?:code|password)|otp\b|codice (?:di verifica|di sicurezza|otp)|il tuo codice (?:e|:)
2 your order|il tuo ordine|il suo ordine|order (?:number|#|n\.)|ordine n\.?|tracking|tracciamento|your (?:parcel|package)|il tuo pacco|shipped
3 view (?:this email )?in (?:your )?browser|visualizza (?:nel|la versione)|manage (?:your )?(?:preferences|subscription)|gestisci le preferenze|privacy policy|informativa (?:sulla )?privacy|all rights reserved|tutti i diritti riservati
3 password reset|reset your password|reimposta(?:re)? (?:la )?password|new sign[- ]?in|nuovo accesso|accesso (?:da un )?nuovo dispositivo
2 \d+ ?% (?:off|di sconto)|sconto del \d+|saldi\b|black friday|offerta (?:speciale|valida)|limited time|promo(?:zione|code)?\b|coupon|codice sconto
3 (?:invitation|invito|accepted|accettato|declined|rifiutato|updated invitation|invito aggiornato):
2 this is (?:an automatic|a reminder)|promemoria automatico|questo e un promemoria|we're writing to let you know|ti informiamo che|la informiamo che|your (?:invoice|receipt|statement) (?:is ready|is available|for)|la tua fattura (?:e disponibile|n)|e disponibile la (?:tua|sua) fattura
1 click here|clicca qui|scopri di piu|learn more|shop now|acquista ora|download the app|scarica l'app
3 stop al \d+|invia stop|reply stop|text stop|rispondi stop
1.5 receipt (?:#|no)|ricevuta n|fattura n\. ?[a-z0-9]|invoice (?:no\.?|#) ?[a-z0-9]
1.5 amount paid|importo(?: pagato)?:|date paid|data (?:del )?pagamento
1.5 payment method|metodo di pagamento|(?:visa|mastercard|amex|card) ending|carta che termina|area riservata|your account dashboard
2 reply [a-z0-9] to|rispondi [a-z0-9] per|text [a-z0-9] to|per modificare la consegna|to manage your delivery
1.5 sara consegnat[oa]|will be delivered|il corriere|a driver|your appointment (?:is|has been) confirmed|appuntamento (?:e )?confermato|reminder: you have|promemoria: (?:ha|hai)
""")

URGENT = _cues(r"""
2 urgent[ei]?\b|urgentissim\w*|emergenz\w*|emergency|asap\b|sos\b
1.5 subito|immediatamente|right (?:now|away)|straight away|immediately|at once|al piu presto|prima possibile|as soon as possible
1.5 oggi stesso|entro (?:stasera|oggi|stanotte|le \d+|mezzogiorno|mezzanotte)|by (?:tonight|today|noon|midnight|end of (?:the )?day|\d+ ?(?:am|pm|o'clock))|eod\b|before (?:tomorrow|tonight)|by \d+ (?:today|tonight)|(?:oggi|today) (?:alle|at|by) \d|scadenza (?:e |e' )?(?:oggi|stasera|domani)
2.5 udienza (?:e |e' )?domani|domani (?:ho |c'e )?(?:l')?udienza|udienza di domani|hearing (?:is )?tomorrow|tomorrow'?s (?:\d+ ?(?:am|pm) )?(?:hearing|court)|court (?:is )?tomorrow|in tribunale domani|scade (?:oggi|domani|stasera|tra \d+ ore)|deadline (?:is )?(?:today|tonight|tomorrow)|due (?:today|tomorrow|tonight)|expires? (?:today|tonight|tomorrow)
1.5 (?:goes|go|going) live|launch(?:es|ing)? (?:at|tomorrow|today)|lancio (?:domani|oggi)|parte domani|domani (?:mattina )?alle \d+ part
1 stanotte|tonight|stasera
3 ufficiale giudiziario|pignorament\w*|sfratt\w*|bailiff|eviction|enforcement agent|polizia|carabinieri|police|sequestr\w*|arrest\w*|denunciat\w*
3 reazione allergica|allergic reaction|pronto soccorso|a&e|ambulan\w*|ospedale|hospital|svenut\w*|fainted|can't breathe|non respiro|orticaria|hives|vomit\w*|chest pain|dolore al petto
3 swell\w*|throat|gola\b|labbra|lips\b|allerg\w*|anaphyla\w*|sangue|bleeding|gonfi\w*|swollen
1.5 itch\w*|rash\b|injur\w*|infortun\w*|ferit[oa]|caduto|fell\b
3 (?:sito|server|sistema|app|gestionale|e-?commerce|shop) (?:e |e' )?(?:down|giu|offline|bloccat\w*|irraggiungibile|fermo)|(?:site|server|system|website|app|checkout) (?:is |went )?(?:down|offline)|crash\w*|outage|hacked|hackerat\w*|data breach
1.5 non si apre|non carica|not loading|won't load|spinning|gira a vuoto|error establishing|errore (?:di )?(?:connessione|database)|down\b|password scaduta|password expired|can'?t get into|2fa\b
2 locked out|can't (?:log ?in|access|get in)|cannot (?:log ?in|access)|(?:nn|non) riesco (?:piu )?ad? (?:entrare|accedere)|account bloccat\w*|conto bloccat\w*|carta bloccat\w*|blocked my account
2 scam|truffa|card details|dati della carta|pin della carta|hmrc|phishing
1.5 aiuto\b|help me|please help|mi aiuti|aiutami|panico|panic\w*|disperat\w*
0.5 !{2,}
2 firmare entro|sign (?:it )?by|(?:has|have|needs?) to be signed|da firmare (?:oggi|entro)
""")

COMPLAINT = _cues(r"""
2.5 (?:nn |non )(?:sono|siamo) (?:per niente |affatto |molto |per nulla )?soddisfatt\w*|insoddisfatt\w*|not (?:at all )?(?:happy|satisfied|pleased)|unhappy|dissatisfied|disappoint\w*|delus[oaie]\b|delusione|amareggiat\w*|frustrat\w*
2.5 inaccettabile|unacceptable|vergogn\w*|ridicol\w*|assurd\w*|absurd|outrageous|scandalos\w*|poco professional\w*|unprofessional|not good enough|pessim\w*
2.5 reclamo|complaint|lamentel\w*|mi lamento|complain\w*|segnalare un problema
2 (?:ancora |still )?nessuna risposta|(?:no ?one|nobody) (?:has )?(?:answer|repl|got back|call)\w*|still (?:no\b|haven't|have not|not|waiting)|sto ancora aspettando|aspetto (?:ancora|da)|ho aspettato|waited (?:for )?\w+ (?:days|weeks)|da (?:due|tre|\d+) settimane|sono \d+ settimane|for (?:two|three|\d+) weeks|nessuno (?:mi )?(?:ha )?rispost\w*|non mi (?:ha )?(?:mai )?rispost\w*|never (?:got|received) (?:a )?(?:reply|answer)
2.5 (?:fattura|parcella|conto|importo|preventivo|invoice|bill|charge\w*|quote)\b[^.?!\n]{0,60}\b(?:piu alt[oa]|superiore|sbagliat\w*|errat\w*|gonfiat\w*|doppi\w*|higher|more than|wrong|incorrect|double)
2.5 overcharg\w*|addebitat\w* (?:due volte|il doppio|in piu)|charged (?:twice|me twice|extra|more)
1.5 non (?:sta )?funziona(?:ndo)?|doesn't work|isn't working|not working|didn't work|non ha funzionato|no results|nessun risultato|zero risultati|peggiorat\w*|got worse
1 errore|error\b|mistake|sbagli\w*|wrong\b|scorrett\w*|inesatt\w*|errori
1.5 (?:mi |ci )?aveva(?:te)? promesso|you promised|avevamo concordato|we (?:had )?agreed|as agreed|come concordato|era stato detto|i was told
1.5 rimbors\w*|refund\w*|soldi indietro|money back|restituzion\w*
2 scortes\w*|maleducat\w*|rude\w*|sgarbat\w*|dismissive|trattat\w* male
1 in ritardo|ritardo|delay\w*|late again|behind schedule
1.5 mi aspettavo|i expected|expected (?:better|more)|mi sarei aspettat\w*|non e (?:quello|cio) che|not what (?:i|we)
0.5 pago\b|ho pagato|i(?:'ve| have)? paid|paying\b
1 (?:third|3rd|terza|3a) (?:time|volta)|di nuovo|ancora una volta|again\b|is back|e tornat[oa]|ancora niente|still nothing
1 mi aveva(?:te)? detto|mi avevi detto|you (?:said|told me)|nobody mentioned|nessuno (?:mi )?aveva (?:detto|parlato)
1 brutta figura|figuraccia|(?:nn|non) va bene|not ok\b|not okay|raising this|segnalarle|le segnalo|come mai
1 we pa(?:id|y) for|abbiamo pagato|ho pagato per|paying for|paid \W?\d
1.5 (?s)(?=.*\b(?:invoice|fattura|parcella|bill)\b)(?=.*\b(?:quote|quoted|preventivo|agreed|concordat\w*)\b)
1 rushed|di fretta|sbrigativ\w*|peggio|worse\b|piu dolorant\w*|more pain
1 laugh\w*|ridere|hasn'?t worked|non ha mai funzionato|doesn'?t load|ancora bagnat\w*|not finished|non (?:e )?finit\w*
""")

PERSONAL = _cues(r"""
2.5 (?:sua|tua) (?:moglie|famiglia|figlia|ragazza)|(?:suo|tuo) (?:marito|figlio|ragazzo|compagno|fidanzato)|(?:i suoi|i tuoi) (?:figli|bambini)|your (?:wife|husband|kids|children|family|boyfriend|girlfriend|partner|son|daughter)
2.5 cena\b|cenare|dinner|aperitiv\w*|apericena|drinks?\b|un caffe|a coffee|prendere un caffe|grab (?:a )?(?:coffee|drink|bite)|birra|beer\b|pranzo insieme|lunch together|uscire (?:insieme|a cena|una sera)|go out\b|hang out
3 (?:sei|e) (?:fidanzat\w*|sposat\w*|single)|are you (?:single|married|seeing|taken)|hai (?:un|il) (?:ragazzo|fidanzato)|do you have (?:a )?(?:boyfriend|girlfriend|kids|children)
2.5 numero (?:privato|personale)|(?:private|personal) (?:number|phone|mobile|email|cell)|whatsapp (?:personale|privato)|il tuo (?:cellulare|numero)|your (?:own|personal) number|cellulare personale
2 instagram|facebook|insta\b|tiktok|amicizia|friend request|add you|aggiungerti|seguirti|follow (?:you|each other)
3 mi manchi|miss you|ti penso|thinking (?:of|about) you|sei (?:carina|bellissima|bellissimo|simpatic\w*)|you(?:'re| are) (?:beautiful|cute|pretty|gorgeous|lovely)|bella voce|lovely voice|un bacio|kisses|xoxo|tesoro|sweetie|darling
0.5 weekend|fine settimana|ferie|vacanz\w*|holiday|vacation
1.5 com'e andat[oa]|how was\b|come (?:e|e' )andat[oa]|cosa fai\b|what are you doing|che fai\b|what do you do for fun|hobby|hobbies
1 compleanno|birthday|natale insieme|festa\b|party\b
2 (?:nn |non )riesco a dormire|can'?t sleep|cant sleep|mi sento sol[oa]|feel(?:ing)? lonely|lonely|sono triste|i'm sad|giornataccia|terrible day|rough day|need(?:ed)? (?:someone|to talk)|ho bisogno di parlare|sfog\w*|vent\b
1 di te\b|about you|yourself|te stess[oa]|la tua vita|your life|tu come stai|and you\?|e tu\?|e lei\?|lei come sta|how are you doing
1 regalo|gift\b|present for you|pensierino
2 oroscopo|horoscope|segno zodiacale|star sign|religion|religione|politica|politics|who did you vote
2.5 nothing to do with|non c'entra (?:niente|nulla)|someone to talk|con chi parlare|tell someone|dirlo a qualcuno|added (?:u|you) on|ti ho aggiunt\w*|(?:your|ur|sua|tua) (?:wedding|matrimonio)|how'?s your|come sta (?:suo|sua)|come stanno i|cheeky|favou?r\b|un favore|piacere personale|litigat\w*|(?:tuo|tua|your|ur) (?:cane|gatto|dog|cat|bimb\w*|little one|baby)|approfittare|take advantage
1.5 mio nipote|mia nipote|my (?:nephew|niece|cousin)|stage\b|internship|tirocinio
""")

SCHEDULING = _cues(r"""
1.5 appuntament\w*|appointment|meeting|riunione|incontro|call\b|chiamata|videocall|video ?chiamata|zoom\b|teams\b|seduta|session|consulenza|consultation|visita|check-?in|colloquio|sopralluogo|site visit
2.5 spostare|spostiamo|sposta(?:rlo|rla)|rimandare|rimandiamo|posticipa\w*|rinviare|reschedul\w*|postpone|push (?:it|this|our|the) (?:back|to)|move (?:it|our|the|my)\b|moving (?:our|the)|slittare
2 disponibil\w*|available|availability|free (?:on|at|slot)|liber[oa] (?:lunedi|martedi|mercoledi|giovedi|venerdi|sabato|domani|oggi)|quando (?:e|sei|e') liber[oa]|quando posso|when (?:are you|would you be) free|what time works|che orari
2.5 disdire|disdico|annullare (?:l'|il )?(?:appuntamento|incontro)|cancel (?:my|the|our|tomorrow|tmrw)|can't make it|cant make it|non riesco a venire|non posso venire|nn posso venire|non ce la faccio a venire|devo saltare
2.5 in ritardo di \d+|sono in ritardo|arrivo (?:tra|fra) \d+|running (?:a bit )?late|\d+ ?min(?:uti|utes|s)? (?:late|di ritardo)|stuck in traffic|bloccat[oa] nel traffico|traffico
1.5 fissare|prenotare|prenotazione|book(?:ing)?\b|schedule (?:a|an|the)|set up (?:a|an)|slot\b|fare il punto|catch up|sentirci|trovare un momento|find a time|riusciamo a trovare
0.5 lunedi|martedi|mercoledi|giovedi|venerdi|sabato|domenica|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon\b|tue\b|wed\b|thu\b|fri\b
0.7 alle \d{1,2}(?:[:.]\d\d)?|at \d{1,2}(?:[:.]\d\d)?|\d{1,2}[:.]\d\d|\d{1,2} ?(?:am|pm)\b
2 \d+(?:-\d+)? ?min\w* (?:in )?ritardo|running \d+ (?:min\w* )?late|\d+ ?min\w* late|a che ora|what time|che ora|c'e posto|ci fosse posto|posto (?:per|pi) m[ei]|any slots?|a slot|rebook|cancel\b|disdico|gotta cancel|move \w+ to \w+|same time (?:as|next)|stessa ora|please confirm (?:whether|if) it'?s|conferma(?:re)? l'orario
0.5 tues|thurs|weds|lun\b|mar\b|mer\b|gio\b|ven\b
""")

DECISION = _cues(r"""
1.5 potrebbe|potreste|potresti|could (?:you|u)\b|can (?:you|u)\b|would (?:you|u)\b|sarebbe possibile|e possibile|e' possibile|si puo|si potrebbe|is it possible|would it be possible|possiamo|can we|could we|riesce a|riusciresti|fattibile|feasible|doable
1.5 aggiungere|aggiungiamo|add(?:ing)?\b|includere|estendere|extend\w*|ampliare|expand\w*|cambiare|change\b|modificare|modifica\b|modify|adjust|rivedere|revise|togliere|remove|eliminare|sostituire|replace|switch|passare a
2.5 sconto|discount|scontare|ridurre (?:il )?(?:prezzo|costo|preventivo|compenso)|cheaper|lower (?:the )?(?:price|fee)|rateizz\w*|installments?|payment plan|pagare a rate
1.2 anticipare|anticipiamo|bring (?:it )?forward|sooner|earlier|prima del\b|entro (?:il|la fine)|by (?:the end of|monday|tuesday|wednesday|thursday|friday|next week)|deadline|scadenza|consegna|delivery date|tempistic\w*
2 opzione|option|alternativ\w*|meglio (?:se|fare|procedere)|better to|should (?:we|i)\b|conviene|which (?:one|option|approach)|quale (?:opzione|soluzione|strada)|secondo lei|what would you (?:recommend|suggest|advise)|cosa (?:mi )?consiglia|cosa facciamo|how should we proceed|come procediamo|decide|decision|decidere
1.2 in piu\b|extra\b|additional|aggiuntiv\w*|ulterior\w*|anche (?:il|la|lo|i|le|un|una|per)\b|as well|on top|also (?:do|handle|take|review|check|look|add|include|prepare)
0.7 preventivo|quote\b|proposal|proposta|scope\b|perimetro|incarico|mandato|piano\b|plan\b|programma|contract|contratto|clausol\w*|clause
1.5 vorrei (?:che|cambiare|aggiungere|passare|anticipare|rimandare|fare)|i'?d like (?:you )?to|i would like (?:you )?to|we (?:want|need|would like) to|vorremmo|abbiamo deciso|we(?:'ve| have) decided|ho cambiato idea|changed (?:my|our) mind
1.5 rinunciare|stop (?:the|our)|interrompere|sospendere|pause\b|cancel the (?:contract|plan|project)|disdire il contratto
2 invece (?:che|di)|instead of|swap|al posto (?:di|della|del)|or stay|take it or|o (?:rimango|resto)|is there any point|ha senso|vale la pena|worth (?:it|doing)|ce la fai|ce la fa\b|can you manage|riesci (?:a|entro)|alzare a|increase to|go up to|reduce to|scendere a|pure (?:il|la|lo|i|le)\b|(?:vuole|vorrebbe|wants?) (?:anche|pure|also)
1.5 intestat\w*|reissue|re-issue|riemettere|correggere la fattura|change the (?:name|address)|could you (?:also )?do
""")

INFO = _cues(r"""
2 quanto (?:costa|viene|verrebbe|mi costa)|how much|what (?:is|are|'s) (?:the|your) (?:fee|fees|cost|price|rate)|qual e il costo|tariff\w*|costi\b|prezzi|rates?\b
2 quali documenti|che documenti|which documents|what documents|cosa (?:serve|devo portare|occorre)|what do i (?:need|bring)|di cosa ha bisogno|what should i bring
2 cosa significa|che (?:cosa )?vuol dire|what does .{1,40} mean|meaning of|non ho capito|i don't understand|didn't understand|can you explain|mi spiega|potrebbe spiegarmi
2 posso (?:mangiare|bere|fare|usare|prendere|portare|pagare)|can i (?:eat|drink|have|use|take|bring|pay)|is it ok (?:to|if)|va bene se|e normale|is it normal
1.5 come (?:funziona|si fa|faccio)|how (?:does|do|can) (?:it|i|this|one)\b|dove (?:trovo|posso)|where (?:can|do) i|when will|quando (?:arriva|sara|posso sapere)
1.2 volevo sapere|vorrei sapere|una domanda|domanda veloce|quick (?:question|one)|i was wondering|mi chiedevo|just wondering|chiedo info|informazion\w*|information|chiarimento|clarif\w*|una curiosita
1.5 \?
1.5 is (?:\w+ ){1,3}ok\b|va bene (?:lo stesso|anche)|e concesso|is it allowed|allowed|quanto tempo|how long|what'?s included|cosa comprende|cosa include|does (?:it|a|the) \w+ need|serve (?:che|la|il)|is (?:the|that|this) (?:figure|price|amount) (?:including|inclusive)|e compres[oa]|s'adda|si deve mettere|should i (?:put|take|use)
""")

THANKS = _cues(r"""
2 grazie|grz\b|thanks|thank you|thank u|thx|tnx|ty\b|merci|cheers|ringrazio|much appreciated|appreciate it
1.5 perfetto|perfect|ottimo|great\b|va bene|vabene|ok\b|okay|okk\b|d'accordo|daccordo|sounds good|benissimo|confermo|confirmed|ricevuto|received|got it|noted|tutto chiaro|all clear|chiarissimo|fine by me|works for me
1.2 a (?:martedi|lunedi|mercoledi|giovedi|venerdi|presto|domani|dopo)\b|see you|ci vediamo|ci sentiamo|speak soon|talk soon|buona (?:giornata|serata|domenica|settimana)|have a (?:nice|good|great)|buon weekend
""")

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
