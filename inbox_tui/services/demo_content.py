"""What the demo's people write: a lawyer's and a nutritionist's clients, in Italian and English.

Script lines are (days before now, local time, channel, who, subject, body, state):
- local time is "HH:MM" in the demo timezone, or "-N" for N minutes before now, so the
  newest messages stay just behind the clock whatever time the demo is started;
- who is "c" (the client) or "me" (the professional); state applies to "me" lines only;
- an email with an empty subject answers the contact's latest email thread, and "Re: X"
  continues thread X. My emails get the practice's signature appended by the seeder.

EXCHANGES are short everyday requests and their answers (subject, request, reply) that
fill out each conversation and, recombined with the openers and closers below, make up
the years of history of a large demo store. {day} and {hour} are filled in by the seeder.
"""

from __future__ import annotations

E, S = "email", "sms"

# practice -> (first name, how clients address her in Italian, email, mobile, signatures)
PROS: dict[str, tuple[str, str, str, str, dict[str, str]]] = {
    "law": (
        "Maria",
        "Avvocato",
        "maria.rossi@example.it",
        "+39 335 555 0101",
        {
            "it": "Cordiali saluti,\nAvv. Maria Rossi\nStudio Legale Rossi · Milano",
            "en": "Kind regards,\nMaria Rossi\nStudio Legale Rossi · Milan",
        },
    ),
    "diet": (
        "Chiara",
        "dottoressa",
        "chiara.fabbri@example.it",
        "+39 339 555 0202",
        {
            "it": "Un caro saluto,\nDott.ssa Chiara Fabbri\nNutrizionista",
            "en": "Best wishes,\nChiara Fabbri\nNutritionist",
        },
    ),
}

FAILED_REASONS = {
    E: "550 5.2.2 <f.romano@example.com>: mailbox full",
    S: "Not delivered: handset switched off or out of coverage (carrier error 27)",
}

# name, email, phone, language, practice, sla, urgent
CONTACTS: list[tuple[str, str, str, str, str, str | None, bool]] = [
    ("Luca Bianchi", "luca.bianchi@example.org", "+39 333 1234567", "it", "law", "1d", False),
    ("Giulia Neri", "giulia.neri@example.it", "+39 320 1112233", "it", "law", "1d", False),
    ("Marco Russo", "marco.russo@example.it", "+39 347 5550101", "it", "law", None, False),
    ("Paolo Conti", "paolo.conti@example.org", "+39 349 2223344", "it", "law", "1d", False),
    ("Francesca Romano", "f.romano@example.com", "+39 338 9876543", "it", "law", None, False),
    ("Alessandro Ricci", "ale.ricci@example.it", "+39 328 4445566", "it", "law", None, False),
    ("Anna Verdi", "anna.verdi@example.com", "+39 347 7654321", "it", "law", "2h", True),
    ("James Whitfield", "james.whitfield@example.com", "+44 7700 900123", "en", "law", "1d", False),
    ("Emily Carter", "emily.carter@example.com", "+1 617 555 0134", "en", "law", None, False),
    ("Oliver Hughes", "oliver.hughes@example.org", "+44 7700 900456", "en", "law", None, False),
    ("Sara Gallo", "sara.gallo@example.it", "+39 333 7778899", "it", "diet", "4h", False),
    ("Davide Fontana", "davide.fontana@example.org", "+39 340 1239876", "it", "diet", None, False),
    ("Elena Greco", "elena.greco@example.it", "+39 366 4567890", "it", "diet", None, False),
    ("Matteo Lombardi", "m.lombardi@example.com", "+39 351 2468135", "it", "diet", None, False),
    ("Valentina Costa", "vale.costa@example.it", "+39 392 1357924", "it", "diet", "4h", True),
    ("Hannah Brooks", "hannah.brooks@example.org", "+44 7700 900789", "en", "diet", None, False),
    ("Sophie Turner", "sophie.turner@example.com", "+44 7700 900321", "en", "diet", None, False),
    ("Michael Chen", "mchen@example.com", "+1 212 555 0187", "en", "diet", None, False),
    ("Laura Bennett", "laura.bennett@example.org", "+1 312 555 0110", "en", "diet", None, False),
    ("Daniel Price", "dan.price@example.com", "+44 7700 900654", "en", "diet", "1d", False),
]

# fmt: off

SCRIPTS: dict[str, list[tuple[int, str, str, str, str, str, str]]] = {
    "Luca Bianchi": [
        (43, "09:12", E, "c", "Contratto di fornitura con Alfa Srl", "Buongiorno Avvocato,\nle giro il contratto di fornitura che Alfa Srl ci chiede di firmare entro fine mese. Mi preoccupa la clausola 7 sulle penali per ritardata consegna: può darci un'occhiata?\nGrazie,\nLuca Bianchi", ""),
        (43, "11:40", E, "me", "", "Gentile Luca,\nricevuto, grazie. Lo leggo con attenzione e le mando le mie osservazioni entro lunedì.", "read"),
        (39, "16:05", E, "me", "", "Gentile Luca,\nla clausola 7 prevede penali senza alcun tetto: le suggerisco di chiedere un limite pari al 10% del valore dell'ordine. Nel file allegato trova evidenziate anche le altre due modifiche, sui termini di pagamento e sul foro competente.", "read"),
        (39, "22:47", S, "c", "", "Avvocato, scusi l'ora. Se non accettano il tetto firmiamo lo stesso? Non vorrei perdere il cliente.", ""),
        (38, "08:45", S, "me", "", "Buongiorno Luca, nessuna decisione affrettata: aspettiamo la loro risposta e poi valutiamo insieme. Spesso un tetto lo accettano.", "read"),
        (15, "10:20", E, "c", "Re: Contratto di fornitura con Alfa Srl", "Buone notizie: Alfa ha accettato il tetto al 10%, ma vuole spostare la prima consegna a marzo.\nGià che ci siamo, può rivedere anche il contratto di locazione del magazzino? Scade a gennaio e il proprietario vuole aumentare l'affitto del 20%.", ""),
        (15, "15:30", E, "me", "", "Gentile Luca,\nottimo risultato sul tetto; lo slittamento a marzo per voi non ha conseguenze.\nPosso occuparmi anche della locazione, ma è un incarico a parte: ci vorrebbero circa due settimane e le manderei un preventivo separato. Se preferisce, intanto chiudiamo con Alfa e poi passiamo al magazzino. Come vuole procedere?", "delivered"),
        (14, "09:02", S, "c", "", "Chiudiamo con Alfa e poi pensiamo al magazzino. Mi manda il preventivo?", ""),
        (14, "12:30", E, "me", "Preventivo locazione magazzino", "Gentile Luca,\ncome d'accordo le allego il preventivo per la revisione e la rinegoziazione del contratto di locazione: 900 euro più IVA. Mi serviranno il contratto attuale e le ricevute d'affitto dell'ultimo anno.", "read"),
        (0, "-95", E, "c", "Re: Preventivo locazione magazzino", "Buongiorno Avvocato,\npreventivo approvato. Le mando oggi il contratto e le ricevute. Riusciamo a sentirci lunedì mattina per decidere cosa rispondere al proprietario?\nLuca", ""),
    ],
    "Giulia Neri": [
        (31, "10:00", E, "c", "Richiesta appuntamento", "Gentile Avvocato,\nmi ha dato il suo nome un'amica, Laura Ferri. Avrei bisogno di una consulenza per una separazione consensuale: siamo d'accordo quasi su tutto, tranne che sulla casa. Quando potremmo incontrarci?\nCordiali saluti,\nGiulia Neri", ""),
        (31, "12:15", E, "me", "", "Gentile signora Neri,\nla ringrazio per la fiducia. Posso riceverla giovedì alle 10:00 oppure venerdì alle 15:00 in studio. Mi faccia sapere quale preferisce.", "read"),
        (31, "19:02", S, "c", "", "Giovedì alle 10 va benissimo, grazie!", ""),
        (31, "19:30", S, "me", "", "Perfetto, a giovedì. Se riesce, porti il rogito della casa e le ultime due dichiarazioni dei redditi.", "delivered"),
        (10, "21:15", S, "c", "", "Avvocato, mi scusi se le scrivo a quest'ora. Mio marito adesso dice che non firma se la casa resta a me. Sono molto in ansia, cosa faccio?", ""),
        (9, "08:40", S, "me", "", "Buongiorno Giulia, capisco la preoccupazione, ma è una mossa che capita spesso in trattativa. Per ora non gli risponda: la chiamo oggi alle 12 e vediamo insieme le alternative.", "read"),
        (9, "12:40", E, "me", "Dopo la nostra telefonata", "Gentile Giulia,\nriassumo quanto ci siamo dette: se la trattativa sulla casa non si sblocca entro fine mese, depositiamo il ricorso per la separazione giudiziale. Nel frattempo mi servono gli estratti conto degli ultimi tre anni e l'atto di proprietà.", "read"),
        (1, "11:05", E, "c", "Re: Dopo la nostra telefonata", "Buongiorno,\nle allego l'atto di proprietà e gli estratti conto che mi aveva chiesto. Manca solo il 2023: la banca me lo manda la settimana prossima.\nGrazie di tutto,\nGiulia", ""),
    ],
    "Marco Russo": [
        (46, "09:30", E, "c", "Successione zia Teresa", "Buongiorno Avvocato,\nsono uno dei tre nipoti eredi di mia zia Teresa. Vorremmo capire come dividere l'appartamento di Pavia senza finire a litigare. È possibile una mediazione?\nMarco Russo", ""),
        (45, "10:10", E, "me", "", "Gentile signor Russo,\nsì: la mediazione è la strada più rapida e meno costosa, ed è comunque obbligatoria prima di una causa di divisione. Le propongo un primo incontro con tutti e tre gli eredi, per capire le posizioni di ciascuno.", "read"),
        (29, "17:45", E, "c", "Re: Successione zia Teresa", "Mio cugino Andrea chiede se possiamo fare causa subito per vendere. Lei cosa consiglia?", ""),
        (22, "18:10", E, "c", "Re: Successione zia Teresa", "Avvocato, le ho scritto una settimana fa e non ho ancora avuto risposta. Capisco che sia impegnata, ma mio cugino mi chiama tutti i giorni e non so più cosa dirgli.", ""),
        (21, "09:20", E, "me", "", "Gentile Marco,\nha ragione e mi scuso per il ritardo: la sua email mi era sfuggita mentre ero in trasferta per un'udienza.\nSulla domanda di Andrea: potremmo avviare subito la causa, ma tra tempi e costi ci vorrebbero due anni o più. La mediazione di solito si chiude in tre o quattro mesi. Le consiglio di partire da lì; che ne pensa?", "read"),
        (21, "20:10", S, "c", "", "Grazie della risposta. Ok per la mediazione, Andrea lo convinco io. Mi manda le date?", ""),
        (18, "09:05", S, "me", "", "Buongiorno Marco, le scrivo in mattinata con le date disponibili dell'organismo di mediazione.", "read"),
        (18, "11:30", E, "me", "Date per la mediazione", "Gentile Marco,\nl'organismo propone il 3 o il 10 del mese prossimo, alle 14:30, nella sede di via Freguglia. Mi conferma quale data va bene a tutti e tre?", "read"),
        (17, "13:00", S, "c", "", "Il 10 va bene a tutti. Grazie!", ""),
        (17, "14:20", S, "me", "", "Perfetto, confermo il 10 alle 14:30. Le mando un promemoria qualche giorno prima.", "delivered"),
    ],
    "Paolo Conti": [
        (25, "14:20", E, "c", "Inquilino moroso in via Dante", "Buongiorno Avvocato,\nl'inquilino dell'appartamento di via Dante non paga da tre mesi e non risponde più al telefono. Possiamo procedere con lo sfratto?\nPaolo Conti", ""),
        (25, "17:00", E, "me", "", "Gentile Paolo,\nsì. Le propongo prima una diffida formale con quindici giorni per pagare; se non arriva nulla, passiamo all'intimazione di sfratto per morosità. Preparo la diffida entro venerdì.", "read"),
        (24, "10:30", S, "c", "", "Va bene, proceda pure con la diffida. Le serve il contratto originale?", ""),
        (24, "11:10", S, "me", "", "Basta una scansione del contratto e della ricevuta di registrazione all'Agenzia delle Entrate.", "read"),
        (8, "13:10", E, "c", "Re: Inquilino moroso in via Dante", "Sono passati i quindici giorni e dall'inquilino nessuna risposta. Procediamo.", ""),
        (8, "16:40", E, "me", "", "Gentile Paolo,\nprocedo con l'intimazione di sfratto. L'udienza di convalida sarà fissata tra circa trenta giorni: le comunico la data appena il tribunale la assegna.", "delivered"),
        (4, "10:05", E, "me", "Data dell'udienza di convalida", "Gentile Paolo,\nl'udienza di convalida è fissata per il 15 dicembre alle 9:30 al Tribunale di Milano. La sua presenza non è necessaria: ci sarò io.", "sent"),
        (2, "23:10", S, "c", "", "Scusi l'orario, l'inquilino mi ha appena scritto che domani paga metà degli arretrati e il resto a gennaio. Accetto o andiamo avanti con l'udienza?", ""),
    ],
    "Francesca Romano": [
        (36, "11:00", E, "c", "Costituzione Srl", "Buongiorno Avvocato,\nio e mio fratello vorremmo trasformare il nostro laboratorio di ceramica in una Srl. Quali sono i passaggi e quanto costa, più o meno?\nFrancesca Romano", ""),
        (36, "15:45", E, "me", "", "Gentile Francesca,\nservono atto costitutivo e statuto dal notaio, poi l'iscrizione al registro delle imprese. Il mio onorario per lo statuto e i patti parasociali è di 1.200 euro più IVA. Vuole che le mandi un preventivo scritto?", "read"),
        (35, "09:50", E, "c", "Re: Costituzione Srl", "Sì, grazie. Possiamo inserire anche un patto di non concorrenza per mio fratello? Ha già un'altra attività nel settore.", ""),
        (35, "12:30", E, "me", "", "Gentile Francesca,\ncerto: le preparo il preventivo con il patto di non concorrenza e ne parliamo all'incontro.", "failed"),
        (35, "16:10", S, "me", "", "Buongiorno Francesca, la mia email di oggi mi è tornata indietro: la sua casella risulta piena. Gliela rimando appena libera un po' di spazio.", "delivered"),
        (34, "08:30", S, "c", "", "Grazie dell'avviso, ho svuotato la casella. Può rimandarla?", ""),
        (32, "09:15", E, "me", "Preventivo Srl", "Gentile Francesca,\nle rimando il preventivo: statuto, patti parasociali e patto di non concorrenza per suo fratello.", "read"),
        (14, "10:15", E, "c", "Fattura più alta del preventivo", "Avvocato,\nla fattura che ho ricevuto è di 1.800 euro, mentre nel preventivo si parlava di 1.200. Non mi aspettavo una differenza così. Può spiegarmi?\nFrancesca", ""),
        (14, "12:00", E, "me", "", "Gentile Francesca,\nha ragione a chiedere. La differenza riguarda il patto di non concorrenza e le due revisioni dei patti parasociali, ma avrei dovuto avvisarla prima di superare il preventivo. Le mando oggi una fattura corretta di 1.400 euro. Mi scuso per la confusione.", "read"),
        (13, "18:20", S, "c", "", "Ricevuta la nuova fattura. Grazie per la correttezza, apprezzo davvero.", ""),
        (13, "18:45", S, "me", "", "Grazie a lei, Francesca. In bocca al lupo per la nuova società!", "read"),
    ],
    "Alessandro Ricci": [
        (16, "08:10", S, "c", "", "Buongiorno Avvocato, sono Alessandro Ricci, il cugino di Paolo Conti. Ho preso una multa per eccesso di velocità, ma l'autovelox non era segnalato. Si può fare ricorso?", ""),
        (16, "09:00", S, "me", "", "Buongiorno Alessandro, sì: se mancava il cartello il ricorso ha buone possibilità. Mi manda una foto del verbale per email?", "read"),
        (16, "09:40", E, "c", "Verbale autovelox", "Ecco il verbale. La strada è la provinciale 35 al km 12: il cartello l'hanno messo solo la settimana dopo, ho anche le foto.\nAlessandro", ""),
        (15, "11:30", E, "me", "", "Gentile Alessandro,\nle foto sono molto utili. Il ricorso al Giudice di pace costa 43 euro di contributo unificato e va depositato entro trenta giorni dalla notifica. Se mi conferma, lo preparo io questa settimana.", "delivered"),
        (15, "12:05", S, "c", "", "Confermo, grazie! Proceda pure.", ""),
        (8, "17:20", E, "me", "Ricorso depositato", "Gentile Alessandro,\nil ricorso è stato depositato oggi. Le faccio sapere la data dell'udienza appena arriva: di solito ci vogliono due o tre mesi.", "sent"),
        (3, "22:55", S, "c", "", "Avvocato, domanda personale: lei va in vacanza a Natale? Così mi organizzo, nel caso arrivi la data dell'udienza.", ""),
    ],
    "Anna Verdi": [
        (21, "09:00", E, "c", "Udienza del 28", "Buongiorno Avvocato,\nle confermo che sarò presente all'udienza del 28. Serve altro da parte mia?\nAnna Verdi", ""),
        (21, "11:20", E, "me", "", "Gentile dottoressa Verdi,\nbasta un documento d'identità. Prima però dovremmo vederci per preparare la sua testimonianza: le andrebbe bene mercoledì alle 18 in studio?", "read"),
        (18, "13:40", S, "c", "", "Mercoledì sono a Roma per lavoro. Possiamo spostare la preparazione dell'udienza a sabato mattina?", ""),
        (18, "14:10", S, "me", "", "Il sabato lo studio è chiuso, ma per l'udienza faccio un'eccezione: sabato alle 10, citofono Studio Rossi.", "read"),
        (10, "07:30", S, "c", "", "URGENTE: mi hanno appena comunicato che il giudice ha anticipato l'udienza a domani mattina! Riesce a esserci?", ""),
        (10, "07:45", S, "me", "", "Sì, ci sarò. Stia tranquilla, abbiamo preparato tutto sabato. La chiamo alle 9 per i dettagli.", "read"),
        (9, "13:30", S, "c", "", "Grazie per stamattina, è stata bravissima. Quanto bisogna aspettare per la sentenza?", ""),
        (9, "18:00", S, "me", "", "Di solito qualche settimana. Appena viene depositata gliela mando.", "read"),
        (0, "-150", E, "c", "Sentenza", "Avvocato,\nmi ha appena chiamato la cancelleria: la sentenza è stata depositata e abbiamo vinto! Non so come ringraziarla. Mi manda una copia appena può?\nAnna", ""),
    ],
    "James Whitfield": [
        (39, "10:30", E, "c", "Buying a farmhouse in Umbria", "Dear Avv. Rossi,\nMy wife and I are buying a farmhouse near Todi. The estate agent says we can skip the survey to save time. Is that wise?\nBest regards,\nJames Whitfield", ""),
        (39, "14:00", E, "me", "", "Dear Mr Whitfield,\nI would not skip it. A check of the land registry and of the planning permits avoids the most common surprises in rural purchases, such as extensions that were never authorised. I can have it done within ten days.", "read"),
        (38, "09:15", S, "c", "", "Buongiorno Avvocato! Sto imparando l'italiano, scusi gli errori. Va bene, facciamo la verifica.", ""),
        (38, "09:40", S, "me", "", "Buongiorno James, il suo italiano è ottimo! Avvio la verifica oggi stesso.", "read"),
        (28, "16:20", E, "me", "Survey results", "Dear James,\nThe survey is done. The house is fine, but the barn was extended in the 1990s without a permit. It can be regularised for about 4,000 euros; I suggest we ask the seller either to pay for it or to lower the price.", "read"),
        (23, "18:30", E, "c", "Re: Survey results", "Thank you, the seller has agreed to lower the price. He now wants to sign the preliminary contract next week.\nCould we also add the olive grove next door to the deal? It belongs to his sister.", ""),
        (22, "09:40", E, "me", "", "Dear James,\nWe could add the olive grove now, but it is co-owned by three siblings and getting all of them to agree would probably delay the farmhouse by months. I suggest we sign for the house first and make a separate offer for the grove afterwards, so you get the keys sooner. What do you think?", "read"),
        (22, "13:05", S, "c", "", "Ha senso. Prima la casa, poi gli ulivi. Grazie mille!", ""),
        (7, "10:00", E, "c", "Preliminary contract", "Dear Maria,\nThe notary's draft of the preliminary contract has arrived. Could you check the penalty clause before Friday? We fly to Perugia on Saturday.\nJames", ""),
        (7, "12:15", E, "me", "", "Dear James,\nI'll go through the draft today and send you my comments by Monday, well before Friday.", "read"),
        (4, "10:30", E, "me", "", "Dear James,\nThe draft is fine apart from the penalty clause: if the sale fell through you would lose twice the deposit, while the seller would only risk the deposit itself. I've asked the notary to make it symmetrical.", "delivered"),
        (1, "19:40", S, "c", "", "Perfetto, grazie! Il notaio ha accettato la modifica. Ci vediamo a Perugia per la firma?", ""),
    ],
    "Emily Carter": [
        (29, "16:00", E, "c", "Italian citizenship by descent", "Hello,\nMy great-grandfather was born in Calabria and emigrated to Boston in 1907. I'd like to apply for Italian citizenship through the courts. How long does it usually take, and what do you need from me?\nThank you,\nEmily Carter", ""),
        (28, "10:30", E, "me", "", "Dear Ms Carter,\nCourt proceedings currently take between 12 and 24 months. We first need his Italian birth record and proof that he naturalised after your grandfather was born. I'll send you the full list of documents today.", "read"),
        (21, "03:20", S, "c", "", "Sorry for the late text, time zones! The apostilled documents went out by FedEx today. Could you let me know when they arrive?", ""),
        (18, "09:00", S, "me", "", "Good morning Emily, they arrived this morning. I'll check them and confirm by email.", "delivered"),
        (18, "12:10", E, "me", "Documents received", "Dear Emily,\nAll the documents are in order. I will file the petition at the Court of Catanzaro by the end of the month. The court may call you to a hearing; it's usually a formality, but we'll prepare for it together.", "read"),
        (8, "15:30", E, "me", "Hearing date", "Dear Emily,\nThe court has set the hearing for 3 December. I'd like a video call beforehand to prepare: would Thursday at 17:00 Italian time work for you?", "read"),
        (7, "14:05", E, "c", "Re: Hearing date", "Thursday I'm teaching all day, I'm afraid. Could we move the hearing prep to Saturday? Any time that suits you.", ""),
        (7, "16:20", E, "me", "", "Dear Emily,\nSaturday is fine: shall we say 16:00 Italian time, 10:00 in Boston? I'll send you a video link on Friday.", "read"),
        (1, "17:20", E, "c", "Thank you", "Dear Maria,\nJust a note to say thank you for all the work so far. My grandmother cried when I told her we have a hearing date. It means a lot to our whole family.\nEmily", ""),
    ],
    "Oliver Hughes": [
        (21, "11:11", E, "c", "Design contract with a Milan studio", "Hi Maria,\nI'm freelancing for a design studio in Milan and their contract asks me to assign all my IP to them, including work I did before joining. Is this normal?\nCheers,\nOliver", ""),
        (18, "15:00", E, "me", "", "Dear Oliver,\nNo: assigning work created before the contract is unusual and you shouldn't accept it. I'll draft a counter-proposal that limits the assignment to what you deliver for this project.", "read"),
        (18, "15:40", S, "c", "", "Brilliant, thank you. No rush, end of the week is fine.", ""),
        (15, "10:00", E, "me", "Counter-proposal", "Dear Oliver,\nHere is the counter-proposal. The key change is in clause 4: the studio gets the rights to the project deliverables only, and you keep the right to show the work in your portfolio.", "read"),
        (7, "09:15", E, "c", "Re: Counter-proposal", "They accepted everything! One more thing: I'm renting a flat in the Navigli from January. Can you also review the lease before I sign? The agency wants an answer by Monday.", ""),
        (7, "11:30", S, "me", "", "Great news about the studio! Yes, send me the lease and I'll look at it over the weekend.", "read"),
        (4, "16:45", E, "me", "Your lease", "Dear Oliver,\nThe lease is a standard 4+4 contract. Two points: the deposit is three months' rent, which is the legal maximum, and the agency fee is charged entirely to you. I'd ask them to split it with the landlord.", "delivered"),
        (0, "-40", E, "me", "Re: Your lease", "Dear Oliver,\nThe agency has agreed to split the fee with the landlord. You can sign on Monday.", "queued"),
    ],
    "Sara Gallo": [
        (36, "18:30", E, "c", "Piano alimentare", "Buonasera dottoressa,\nho ricevuto il piano alimentare, grazie. Una domanda: posso sostituire il merluzzo con il salmone? Il merluzzo proprio non mi piace.\nSara", ""),
        (35, "09:10", E, "me", "", "Buongiorno Sara,\ncerto: il salmone va benissimo, due volte a settimana al posto del merluzzo.", "read"),
        (21, "14:00", S, "c", "", "Dottoressa, questa settimana faccio i turni di notte in reparto. Come sposto i pasti?", ""),
        (21, "14:30", S, "me", "", "Faccia il pasto principale prima del turno, verso le 19, e porti con sé uno spuntino leggero: yogurt e frutta. La colazione la fa quando rientra, prima di dormire.", "read"),
        (9, "10:00", E, "me", "Controllo di giovedì", "Buongiorno Sara,\nle ricordo il controllo di giovedì alle 17:30. Se riesce, porti il diario alimentare delle ultime due settimane.", "read"),
        (8, "17:40", S, "c", "", "Sono in ritardo di dieci minuti, mi scusi!", ""),
        (8, "17:42", S, "me", "", "Nessun problema, la aspetto.", "read"),
        (1, "23:30", S, "c", "", "Dottoressa, scusi l'ora! Sono appena uscita dal turno e ho una fame da lupi. Posso mangiare riso o pasta stasera? Non so cosa scegliere", ""),
    ],
    "Davide Fontana": [
        (27, "10:00", E, "c", "Dieta per la maratona", "Buongiorno dottoressa,\nsto preparando la maratona di Firenze e vorrei un piano alimentare per le ultime settimane. Mi allena un amico, ma sull'alimentazione andiamo a intuito.\nDavide Fontana", ""),
        (25, "14:30", E, "me", "", "Gentile Davide,\nvolentieri. Le propongo una prima visita per misurare la composizione corporea e capire quanto si allena; poi costruiamo il piano settimana per settimana. Martedì alle 18 le va bene?", "read"),
        (25, "18:50", S, "c", "", "Martedì alle 18 perfetto.", ""),
        (17, "21:40", S, "c", "", "Domanda veloce: posso bere caffè prima della gara? Tipo due espressi?", ""),
        (16, "08:50", S, "me", "", "Buongiorno Davide, un espresso un'ora prima va bene. Due rischiano di darle problemi di stomaco al trentesimo chilometro.", "delivered"),
        (9, "12:00", E, "me", "La settimana prima della gara", "Gentile Davide,\nle allego il piano per l'ultima settimana: aumentiamo i carboidrati da giovedì, cena leggera il sabato e colazione tre ore prima della partenza. Niente cibi nuovi il giorno della gara!", "read"),
        (6, "19:05", S, "c", "", "In bocca al lupo a me! Domani si corre.", ""),
        (6, "19:20", S, "me", "", "Crepi! Si goda la gara, ha lavorato benissimo.", "read"),
        (5, "20:05", E, "c", "Fatta!", "Dottoressa,\nho chiuso la maratona in 3:41, il mio record! Al trentesimo chilometro stavo ancora bene, quindi la colazione e i gel hanno funzionato. Grazie di cuore.\nDavide", ""),
        (4, "09:00", E, "me", "", "Caro Davide,\ncomplimenti, che risultato! Ora una settimana di recupero tranquillo, poi ci sentiamo per il piano invernale.", "read"),
    ],
    "Elena Greco": [
        (25, "12:00", E, "c", "Intolleranza al lattosio", "Buongiorno dottoressa,\nmi hanno appena diagnosticato un'intolleranza al lattosio. Devo eliminare tutti i formaggi? Per me sarebbe un dramma.\nElena Greco", ""),
        (24, "10:20", E, "me", "", "Gentile Elena,\nnon tutti, per fortuna: parmigiano e pecorino stagionati sono quasi privi di lattosio, e ci sono ottimi latticini delattosati. Le preparo una lista di cosa può mangiare tranquillamente.", "read"),
        (22, "16:00", E, "me", "Lista degli alimenti", "Gentile Elena,\necco la lista promessa, divisa tra alimenti liberi, da limitare e da evitare. Ne parliamo al controllo.", "read"),
        (8, "19:50", E, "c", "Re: Lista degli alimenti", "La lista è utilissima, grazie! Posso chiederle di spostare il controllo di venerdì a sabato mattina? Venerdì ho una riunione che finisce tardi.", ""),
        (7, "09:30", E, "me", "", "Gentile Elena,\nil sabato lo studio è chiuso, ma posso offrirle stasera alle 19 oppure lunedì alle 8:30. Quale preferisce?", "delivered"),
        (7, "12:45", S, "c", "", "Lunedì alle 8:30 va benissimo, grazie.", ""),
        (7, "13:00", S, "me", "", "Perfetto, segnato. A lunedì!", "read"),
        (2, "08:25", S, "c", "", "Buongiorno dottoressa, ieri a cena ho preso la mozzarella senza lattosio e sono stata benissimo. Posso mangiarla anche a pranzo tutti i giorni?", ""),
    ],
    "Matteo Lombardi": [
        (22, "13:15", S, "c", "", "Ciao dottoressa! Sabato sera pizza con gli amici: posso sgarrare?", ""),
        (22, "14:00", S, "me", "", "Ciao Matteo! Una pizza a settimana rientra nel piano: meglio una margherita e una birra piccola.", "read"),
        (18, "09:30", E, "c", "Misure della settimana", "Buongiorno,\nle mando le misure di questa settimana: vita 94, fianchi 101, peso 86,5. Va bene così?\nMatteo", ""),
        (18, "12:00", E, "me", "", "Ciao Matteo,\nottimi progressi: due centimetri in meno in vita in tre settimane. Continui così; dalla prossima settimana aumentiamo un po' le verdure a cena.", "read"),
        (9, "22:20", S, "c", "", "Ma lei cosa mangia la sera? Sono curioso, così prendo spunto", ""),
        (8, "08:35", S, "me", "", "Buongiorno Matteo! Ieri minestrone e un uovo, niente di speciale. Ma il suo piano è fatto su misura per lei: lunedì al controllo troviamo insieme qualche cena nuova che le piaccia.", "read"),
        (4, "18:10", S, "c", "", "E lei va in vacanza per Natale? Così so se devo resistere da solo ai panettoni", ""),
        (4, "18:40", S, "me", "", "Sì, lo studio chiude dal 24 dicembre al 2 gennaio. Le lascio un piano per le feste, panettone compreso (una fetta!).", "read"),
        (0, "-12", S, "c", "", "Ho perso altri 2 chili!! Grazie dottoressa", ""),
    ],
    "Valentina Costa": [
        (20, "11:30", E, "c", "Alimentazione in gravidanza", "Buongiorno dottoressa,\nsono al terzo mese di gravidanza e vorrei mangiare in modo corretto, senza ingrassare troppo. Mi ha dato il suo nome la mia ginecologa.\nValentina Costa", ""),
        (18, "09:45", E, "me", "", "Gentile Valentina,\ncongratulazioni! Sarò felice di seguirla, in contatto con la sua ginecologa. Le propongo una prima visita la prossima settimana: martedì alle 11 o giovedì alle 16?", "read"),
        (18, "10:30", S, "c", "", "Giovedì alle 16, grazie!", ""),
        (18, "10:40", S, "me", "", "Confermato, a giovedì.", "read"),
        (11, "13:00", E, "me", "Il suo piano", "Gentile Valentina,\nle allego il piano di cui abbiamo parlato. Ricordi: niente pesce crudo né salumi crudi, e frutta e verdura sempre ben lavate.", "read"),
        (4, "07:10", E, "c", "Nausea al mattino", "Buongiorno,\nla nausea mattutina non passa e la colazione del piano proprio non riesco a mandarla giù. Posso saltarla e mangiare di più a metà mattina?\nValentina", ""),
    ],
    "Hannah Brooks": [
        (33, "09:00", E, "c", "Vegetarian plan", "Hi,\nI've just gone vegetarian and I want to make sure I'm getting enough protein and iron. Could you help me put a plan together?\nThanks,\nHannah", ""),
        (32, "11:00", E, "me", "", "Dear Hannah,\nCertainly. Legumes, eggs, dairy and tofu will cover your protein; for iron we'll pair lentils and greens with vitamin C. Shall we book a first session?", "read"),
        (32, "12:10", S, "c", "", "Yes please! Any evening next week works for me.", ""),
        (32, "12:30", S, "me", "", "Tuesday at 18:30 then. I'll send you a short questionnaire before we meet.", "read"),
        (18, "22:10", S, "c", "", "Sorry, late question: is it ok to have a protein shake every day?", ""),
        (17, "08:40", S, "me", "", "Good morning Hannah, one a day is fine for now. We'll check your bloods at the next visit and adjust.", "read"),
        (10, "10:15", E, "c", "Blood test", "Hi Chiara,\nMy blood test results are back and my iron is in the normal range! Attaching them for you.\nHannah", ""),
        (9, "09:00", E, "me", "", "Dear Hannah,\nThat's excellent news, well done. We'll keep the plan as it is and check again in three months.", "read"),
    ],
    "Sophie Turner": [
        (24, "15:30", E, "c", "Charged for a cancelled appointment", "Hello,\nI've been charged for last Tuesday's appointment, which I cancelled on the Sunday before. That doesn't seem fair.\nSophie Turner", ""),
        (24, "17:10", E, "me", "", "Dear Sophie,\nYou're quite right: you cancelled more than 24 hours ahead, so there should have been no charge. I've issued a refund today. I'm sorry for the mistake.", "read"),
        (23, "08:20", S, "c", "", "Thank you, refund received.", ""),
        (23, "08:45", S, "me", "", "Thanks for letting me know, and sorry again.", "delivered"),
        (15, "12:00", S, "c", "", "Hi Chiara, could we make today's session a video call? I'm stuck at home with a cold.", ""),
        (15, "12:20", S, "me", "", "Of course, get well soon. I'll send you a link.", "read"),
        (5, "14:45", E, "c", "Meal prep ideas", "Hi Chiara,\nDo you have any meal prep ideas for busy weeks? I work late on Tuesdays and Thursdays and end up eating crisps for dinner.\nSophie", ""),
    ],
    "Michael Chen": [
        (30, "13:00", E, "c", "Cholesterol", "Hi,\nMy doctor says my cholesterol is high and wants me to try changing my diet before medication. Can diet alone really bring it down?\nMichael Chen", ""),
        (29, "10:00", E, "me", "", "Dear Michael,\nDiet can make a real difference: oats, legumes, nuts and olive oil, and fewer processed meats. Let's meet to set up a plan, then review your bloods in three months.", "read"),
        (11, "23:55", S, "c", "", "Can I still have eggs for breakfast?", ""),
        (10, "08:35", S, "me", "", "Good morning Michael, yes: up to four eggs a week is fine.", "delivered"),
        (3, "16:00", E, "c", "Could you also plan my son's meals?", "Hi Chiara,\nMy son Ethan is 14, plays football four times a week and would live on pasta if we let him. Could you add him to my plan? Ideally at no extra cost, since we'd be cooking the same meals anyway.\nMichael", ""),
    ],
    "Laura Bennett": [
        (28, "09:30", E, "c", "Postpartum nutrition", "Hello,\nI had my baby two months ago and I'm breastfeeding. I'm exhausted all the time. What should I be eating to keep my energy up?\nLaura", ""),
        (25, "12:00", E, "me", "", "Dear Laura,\nCongratulations! Regular meals, plenty of water and iron-rich foods make a big difference. I'll send you a simple weekly plan you can cook with one hand.", "read"),
        (13, "14:10", S, "c", "", "The plan is great, thank you! Even my husband is eating better.", ""),
        (13, "14:30", S, "me", "", "That's lovely to hear!", "read"),
        (3, "20:40", S, "c", "", "Are you going on holiday over Christmas? We're flying back to Chicago on the 20th and I'd love one more session before we leave.", ""),
        (3, "21:05", S, "me", "", "Yes, from the 24th. How about the 18th at 10:00?", "sent"),
    ],
    "Daniel Price": [
        (17, "18:00", E, "c", "Weight loss before the wedding", "Hi,\nI'm getting married in March and I'd like to lose 10 kg before then. Is that realistic?\nDan Price", ""),
        (16, "09:30", E, "me", "", "Dear Daniel,\n10 kg in four months is ambitious but achievable with a steady plan and no crash diets. Shall we meet next week to set it up?", "read"),
        (16, "10:05", E, "c", "Re: Weight loss before the wedding", "Great. Could we do Wednesday evening? I can't get away from work during the day.", ""),
        (16, "11:00", E, "me", "", "Dear Daniel,\nWednesday at 19:00 works. See you then!", "read"),
        (5, "21:30", S, "c", "", "Quick question: can I have a few drinks on the stag weekend without ruining everything?", ""),
        (4, "08:45", S, "me", "", "Good morning Daniel, a couple of drinks won't undo your progress. Alternate with water and have a proper breakfast the next day.", "failed"),
        (4, "12:20", E, "me", "Your question about the stag weekend", "Dear Daniel,\nMy text didn't reach you, so here it is by email: a couple of drinks won't undo your progress. Alternate with water and have a proper breakfast the next day. Enjoy it!", "read"),
        (0, "-70", E, "c", "Moving today's session", "Hi Chiara,\nBack from the stag weekend, still alive and 3 kg down overall! Could we move today's session to Monday? Same time if possible.\nDan", ""),
    ],
}

EXCHANGES: dict[tuple[str, str], list[tuple[str, str, str]]] = {
    ("law", "it"): [
        ("Conferma appuntamento", "Le confermo l'appuntamento di {day} alle {hour} in studio.", "Grazie della conferma, la aspetto {day}. Lo studio è in via Fatebenefratelli 12, secondo piano."),
        ("Documenti", "Le ho mandato i documenti che mi aveva chiesto: carta d'identità, codice fiscale e visura. Mi fa sapere se sono leggibili?", "Ricevuti e leggibili, grazie. Li esamino entro {day}."),
        ("Fattura", "Ho ricevuto la fattura, faccio il bonifico entro la settimana.", "Grazie, gentilissimo. Buona giornata."),
        ("Promemoria", "Mi ricorda cosa devo portare all'incontro di {day}?", "Basta un documento d'identità e la corrispondenza con la controparte, anche stampata."),
        ("Spostamento appuntamento", "Purtroppo {day} ho un imprevisto di lavoro. Possiamo spostare l'appuntamento alla settimana successiva?", "Nessun problema: le propongo {day} alle {hour}. Le va bene?"),
        ("Domanda sulla procura", "Una domanda veloce: la procura va firmata davanti a lei o posso mandarla già firmata?", "Può firmarla a casa e spedirla; l'importante è allegare una copia del documento d'identità."),
        ("Aggiornamento pratica", "Ci sono novità dalla controparte? Non ho più sentito nulla.", "Non ancora: il loro avvocato mi ha promesso una risposta entro {day}. La aggiorno appena la ricevo."),
        ("Acconto", "Per l'acconto posso pagare in due rate?", "Certo, metà ora e metà a fine mese va benissimo."),
        ("Telefonata", "Riesce a chiamarmi {day} dopo le {hour}? Di giorno sono in cantiere e non posso rispondere.", "Va bene, la chiamo {day} alle {hour}."),
        ("PEC dal tribunale", "Mi è arrivata una PEC dal tribunale, gliela inoltro. Devo fare qualcosa io?", "Grazie per l'inoltro. È solo la comunicazione di una data: non deve fare nulla, me ne occupo io."),
        ("Udienza di {day}", "A che ora ci vediamo in tribunale per l'udienza di {day}? Devo portare qualcosa?", "Ci vediamo alle {hour} davanti all'aula; porti solo un documento d'identità."),
        ("Sentenza", "Ha notizie della sentenza? È passato più di un mese dall'udienza.", "Non ancora, ma ho sentito la cancelleria: dovrebbe essere depositata entro {day}. La chiamo appena esce."),
        ("Contratto da firmare", "Mi hanno mandato un contratto da firmare entro {day}. Riesce a leggerlo prima?", "Me lo mandi pure: lo leggo entro domani e le segnalo i punti critici."),
        ("Ricorso", "Secondo lei conviene fare ricorso o lasciamo perdere? Mi dica sinceramente.", "Sinceramente le possibilità sono buone e i costi contenuti: io farei ricorso. Ci pensi con calma entro {day}."),
    ],
    ("law", "en"): [
        ("Meeting on {day}", "Just confirming our meeting on {day} at {hour}.", "Thank you for confirming. The office is at Via Fatebenefratelli 12, second floor; ring Studio Rossi."),
        ("Documents", "I've scanned and sent the documents you asked for. Could you check they're all readable?", "All received and readable, thank you. I'll go through them by {day}."),
        ("Invoice", "Got the invoice, thanks. I'll pay it by bank transfer this week.", "Thank you, much appreciated."),
        ("Power of attorney", "Does the power of attorney need a notary here, or can I sign it at the Italian consulate?", "Either works, but the consulate is simpler: it comes back ready to use in Italy."),
        ("Rescheduling", "Something's come up on {day}. Could we move our call to the following week?", "No problem: how about {day} at {hour}, Italian time?"),
        ("Quick question", "Quick question: do I need to be in Italy for the signing, or can you sign for me?", "With a power of attorney I can sign on your behalf, so there's no need to fly in."),
        ("Any news?", "Any news from the other side? It's been a while.", "Not yet: their lawyer promised a reply by {day}. I'll let you know as soon as it arrives."),
        ("Video call", "Could we do a video call on {day}? Any time after {hour} works for me.", "{day} at {hour} is fine. I'll send you a link the day before."),
        ("Codice fiscale", "The bank is asking for my codice fiscale. How do I get one?", "I can request it for you at the Agenzia delle Entrate; it takes a couple of days."),
        ("Receipt for the retainer", "Could you send me a receipt for the retainer? My accountant needs it.", "Of course, I've just emailed it to you."),
        ("Court date", "Has the court set a date yet?", "Not yet; the registry expects to schedule it by {day}. I'll tell you the moment it's fixed."),
        ("Contract draft", "The other side has sent a new draft of the contract. Could you take a look before {day}?", "Of course: send it over and I'll mark up the changes by {day}."),
        ("Your proposal", "We've read your proposal and we're happy to go ahead. What's the next step?", "Thank you. I'll send the engagement letter today; once it's signed I'll start straight away."),
        ("Letter from the tax office", "A letter from the tax office arrived today and I can't make sense of it. Is it urgent?", "Send me a photo and I'll tell you today. These letters usually give you sixty days to reply."),
    ],
    ("diet", "it"): [
        ("Conferma controllo", "Le confermo il controllo di {day} alle {hour}.", "Perfetto, a {day}! Se riesce, venga senza aver mangiato nelle due ore prima: la misurazione è più precisa."),
        ("Diario alimentare", "Le mando il diario alimentare della settimana. Sabato a cena ho sgarrato un po'.", "Grazie, il diario è molto preciso. Una cena più ricca non cambia nulla: conta la settimana intera."),
        ("Fattura della visita", "Mi serve la fattura della visita per la dichiarazione dei redditi, con il codice fiscale.", "Gliela mando oggi stesso, già intestata con il suo codice fiscale."),
        ("Spesa", "Al supermercato non trovo il kefir. Con cosa lo sostituisco?", "Va benissimo lo yogurt bianco intero, senza zucchero."),
        ("Spostamento controllo", "Posso spostare il controllo di {day}? Ho una riunione che non posso saltare.", "Certo, le propongo {day} alle {hour}. Le va bene?"),
        ("Colazione", "A colazione il solito yogurt mi ha stancato. Qualche idea?", "Provi pane integrale con ricotta e un filo di miele, oppure porridge con la frutta: li alterni pure."),
        ("Acqua", "Quanta acqua dovrei bere davvero? Faccio fatica ad arrivare a due litri.", "Un litro e mezzo va bene; aiuta tenere una bottiglia sulla scrivania e berne un bicchiere a ogni pasto."),
        ("Pranzi di lavoro", "Questa settimana ho tre pranzi di lavoro al ristorante. Come mi regolo?", "Un secondo di pesce o carne con verdure e un po' di pane; il primo lo teniamo per i giorni a casa."),
        ("Bilancia ferma", "La bilancia è ferma da dieci giorni, mi sto scoraggiando.", "È normale, capita a tutti. Guardi anche la circonferenza vita, che è scesa: continuiamo così."),
        ("Ricetta", "Mi manda la ricetta della vellutata di zucca che mi aveva consigliato?", "Eccola: zucca, porro, una patata e brodo vegetale. Frulli tutto e aggiunga un cucchiaio d'olio a crudo."),
        ("Cena fuori", "Sabato ho una cena di compleanno al ristorante giapponese. Cosa scelgo?", "Sashimi, edamame e zuppa di miso; il riso in piccola quantità. E si goda la serata!"),
        ("Primo in mensa", "In mensa a pranzo c'è sempre il risotto oppure la pasta al pomodoro. Cosa mi conviene?", "Vanno bene entrambi, meglio la pasta integrale quando c'è: conta la porzione, circa 80 grammi, con un contorno di verdure."),
        ("Nuova dieta", "Un'amica segue la dieta chetogenica e ha perso molto peso. Posso provarla anch'io?", "Ne parliamo al prossimo controllo: per lei non la consiglierei, ma le spiego volentieri perché."),
        ("Piano della settimana", "Mi manda il piano della settimana prossima? Vorrei fare la spesa domenica.", "Eccolo: rispetto alla settimana scorsa ho aggiunto più legumi e una cena a base di pesce."),
    ],
    ("diet", "en"): [
        ("Check-in on {day}", "Confirming my check-in on {day} at {hour}.", "Great, see you on {day}! Bring your food diary if you've kept one."),
        ("Food diary", "Here's my food diary for the week. The weekend was a bit of a disaster, sorry.", "Thanks for sending it. One heavy weekend doesn't undo a good week; we'll look at the pattern together."),
        ("Receipt", "Could you send me a receipt for the last session? My insurance might cover it.", "Of course, I've emailed it to you with the details your insurer will need."),
        ("Shopping", "I can't find skyr anywhere near me. What can I use instead?", "Plain Greek yoghurt works just as well; pick one without added sugar."),
        ("Rescheduling", "Could we move {day}'s session? Work has gone a bit mad.", "Of course. How about {day} at {hour}?"),
        ("Breakfast ideas", "I'm bored of porridge. Any other breakfast ideas?", "Try wholemeal toast with eggs or ricotta, or yoghurt with fruit and nuts, and rotate them through the week."),
        ("Afternoon snacks", "I get really hungry around four at work. What's a good snack?", "A piece of fruit with a handful of almonds, or a yoghurt. Having lunch a little later helps too."),
        ("Eating out", "Team dinner on {day} at an Indian restaurant. Any tips?", "Go for tandoori dishes and dal, share a naan and skip the creamy curries. Enjoy it!"),
        ("Plateau", "The scale hasn't moved in two weeks. Am I doing something wrong?", "Not at all, plateaus are normal. Your waist measurement is still going down, which matters more. Let's keep going."),
        ("Recipe", "Could you send me that lentil soup recipe you mentioned?", "Here it is: red lentils, carrot, onion, cumin and stock, 25 minutes. Finish with lemon juice and olive oil."),
        ("Meal plan for next week", "Could you send me next week's meal plan? I do my shopping on Sundays.", "Here it is. I've added more legumes and swapped one dinner for fish."),
        ("Rice or pasta?", "Quick question: is rice better than pasta for dinner?", "Both are fine, ideally wholegrain. Keep the portion to about 80 g and add plenty of vegetables."),
        ("Dinner party", "We're hosting a dinner party on {day}. How do I stay on track without being a bore?", "Cook the main course yourself, go easy on the bread and dessert, and enjoy the evening. One meal won't change anything."),
        ("Thank you", "Just wanted to say thank you. I've got more energy than I've had in years.", "That's wonderful to hear, thank you for letting me know!"),
    ],
}

# How clients open and close an email (their first name follows the closer), what they add
# to a request, how they chase a late answer and say thanks; how the professional opens.
OPENERS = {  # any time, mornings, evenings
    "it": (["Gentile {title},", "Salve {title},"], ["Buongiorno {title},"], ["Buonasera {title},"]),
    "en": (["Dear {pro},", "Hi {pro},", "Hello {pro},"], ["Good morning {pro},"], ["Hi {pro},"]),
}
CLOSERS = {
    "it": ["Grazie mille,", "Cordiali saluti,", "Grazie e buona giornata,", "Un saluto,"],
    "en": ["Thanks,", "Best,", "Many thanks,", "Kind regards,", "Cheers,"],
}
EXTRAS = {
    "it": ["Non c'è fretta, quando riesce.", "È abbastanza urgente, purtroppo.", "Mi faccia sapere quando ha un momento.", "Se è più comodo, possiamo sentirci al telefono.", "Grazie in anticipo.", "Mi scusi se le scrivo solo adesso."],
    "en": ["No rush, whenever you have a moment.", "It's fairly urgent, I'm afraid.", "Happy to talk on the phone if that's easier.", "Thanks in advance.", "Sorry for the short notice."],
}
CHASERS = {
    "it": ["Mi scusi se insisto: ha avuto modo di guardare la mia richiesta?", "Buongiorno, le avevo scritto qualche giorno fa. Ha ricevuto il mio messaggio?"],
    "en": ["Sorry to chase, did you get a chance to look at this?", "Just checking you got my message from the other day."],
}
APOLOGIES = {"it": "Mi scusi per il ritardo nella risposta. ", "en": "Sorry for the slow reply. "}
THANKS = {
    "it": [("Perfetto, grazie mille!", "Di nulla, buona giornata!"), ("Grazie, gentilissima.", "Figuriamoci, a presto.")],
    "en": [("Perfect, thank you!", "You're welcome, have a good day."), ("Great, thanks so much.", "My pleasure, speak soon.")],
}
GREETINGS = {  # any time, mornings, evenings
    "it": (["Gentile {first},"], ["Buongiorno {first},"], ["Buonasera {first},"]),
    "en": (["Dear {first},", "Hi {first},"], ["Good morning {first},"], ["Dear {first},"]),
}
DAYS = {
    "it": ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
}
HOURS = ["9:30", "10:00", "11:30", "12:00", "15:00", "16:30", "17:00", "18:00"]

# Made-up clients for large stores: first names (some shared with the named clients, so a
# search for "luca" or "anna" finds several people) and surnames.
CROWD_NAMES = {
    "it": (
        ["Luca", "Anna", "Giorgio", "Chiara", "Stefano", "Federica", "Roberto", "Silvia", "Andrea", "Martina", "Simone", "Alessia", "Fabio", "Cristina", "Riccardo", "Paola", "Lorenzo", "Ilaria", "Giacomo", "Beatrice"],
        ["Marino", "Esposito", "Colombo", "Ferrari", "Moretti", "Barbieri", "Fontana", "Caruso", "Mancini", "Rizzo", "Lombardo", "Giordano", "Rinaldi", "Longo", "Leone", "Martinelli", "Vitale", "Serra", "Testa", "Pellegrini"],
    ),
    "en": (
        ["Thomas", "Charlotte", "William", "Amelia", "George", "Olivia", "Harry", "Grace", "Jack", "Lucy", "Sarah", "David", "Rachel", "Peter", "Kate", "Ben"],
        ["Smith", "Jones", "Taylor", "Evans", "Walker", "Wright", "Robinson", "Thompson", "Clarke", "Hall", "Green", "Wood", "Harris", "Morgan", "Cooper", "King"],
    ),
}
IT_MOBILE = ["20", "28", "29", "33", "35", "38", "40", "45", "47", "49", "66", "92"]
US_AREAS = ["212", "312", "415", "617", "646", "718", "305", "206"]

# fmt: on
