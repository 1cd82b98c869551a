"""The demo's people and what they write: a lawyer's and a nutritionist's clients.

Each script line is (days before now, local time, channel, who, subject, body, state):
who is "c" (the client) or "me"; state applies to my messages. Subjects are for email
only; "Re:" threads are derived by the seeder.
"""

from __future__ import annotations

# name, email, phone, language, practice
CONTACTS: list[tuple[str, str, str, str, str]] = [
    ("Luca Bianchi", "luca.bianchi@example.org", "+39 333 1234567", "it", "law"),
    ("Giulia Neri", "giulia.neri@example.it", "+39 320 1112233", "it", "law"),
    ("Marco Russo", "marco.russo@example.it", "+39 347 5550101", "it", "law"),
    ("Paolo Conti", "paolo.conti@example.org", "+39 349 2223344", "it", "law"),
    ("Francesca Romano", "f.romano@example.com", "+39 338 9876543", "it", "law"),
    ("Alessandro Ricci", "ale.ricci@example.it", "+39 328 4445566", "it", "law"),
    ("James Whitfield", "james.whitfield@example.co.uk", "+44 7700 900123", "en", "law"),
    ("Emily Carter", "emily.carter@example.com", "+1 415 555 0134", "en", "law"),
    ("Oliver Hughes", "oliver@hughes-design.example", "+44 7700 900456", "en", "law"),
    ("Anna Verdi", "anna.verdi@example.com", "+39 347 7654321", "it", "law"),
    ("Sara Gallo", "sara.gallo@example.it", "+39 333 7778899", "it", "diet"),
    ("Davide Fontana", "davide.fontana@example.org", "+39 340 1239876", "it", "diet"),
    ("Elena Greco", "elena.greco@example.it", "+39 366 4567890", "it", "diet"),
    ("Matteo Lombardi", "m.lombardi@example.com", "+39 351 2468135", "it", "diet"),
    ("Valentina Costa", "vale.costa@example.it", "+39 392 1357924", "it", "diet"),
    ("Hannah Brooks", "hannah.brooks@example.co.uk", "+44 7700 900789", "en", "diet"),
    ("Sophie Turner", "sophie.t@example.com", "+44 7700 900321", "en", "diet"),
    ("Michael Chen", "mchen@example.com", "+1 212 555 0187", "en", "diet"),
    ("Laura Bennett", "laura.bennett@example.org", "+1 617 555 0110", "en", "diet"),
    ("Daniel Price", "dan.price@example.co.uk", "+44 7700 900654", "en", "diet"),
]

E, S = "email", "sms"

# fmt: off

SCRIPTS: dict[str, list[tuple[int, str, str, str, str, str, str]]] = {
    "Luca Bianchi": [
        (40, "09:12", E, "c", "Contratto di fornitura con Alfa Srl", "Buongiorno Avvocato,\nle allego il contratto di fornitura che Alfa Srl ci chiede di firmare entro fine mese. Mi preoccupa la clausola 7 sulle penali: può darci un'occhiata?\nGrazie,\nLuca Bianchi", ""),
        (40, "11:40", E, "me", "", "Gentile Luca,\nricevuto, grazie. Lo leggo con attenzione e le mando le mie osservazioni entro giovedì.\nCordiali saluti", "read"),
        (37, "16:05", E, "me", "", "Gentile Luca,\nla clausola 7 prevede penali senza tetto massimo: le suggerirei di chiedere un limite pari al 10% del valore dell'ordine. Le ho segnato in rosso le altre due modifiche.\nResto a disposizione.", "read"),
        (36, "22:47", S, "c", "", "Avvocato scusi l'ora, ma se loro non accettano il tetto firmiamo lo stesso?", ""),
        (35, "08:45", S, "me", "", "Buongiorno Luca, ne parliamo con calma in settimana: prima vediamo la loro risposta, poi valutiamo insieme.", "read"),
        (12, "10:20", E, "c", "Re: Contratto di fornitura con Alfa Srl", "Alfa ha accettato il tetto al 10% ma vuole spostare la consegna a marzo. Potrebbe anche rivedere il contratto di locazione del magazzino? Scade a gennaio.", ""),
        (12, "15:30", E, "me", "", "Gentile Luca,\nbene per il tetto. Sul magazzino: potrei rivedere anche la locazione, ma ci vorrebbero almeno due settimane e un preventivo a parte. Le propongo di partire dalle due clausole in scadenza, che sono le più urgenti. Cosa ne pensa?", "delivered"),
        (0, "08:55", E, "c", "Re: Contratto di fornitura con Alfa Srl", "Va bene partire dalle clausole in scadenza. Mi dice quando possiamo sentirci?", ""),
    ],
    "Giulia Neri": [
        (30, "10:00", E, "c", "Richiesta appuntamento", "Gentile Avvocato,\nmi è stato consigliato il suo studio da un'amica. Avrei bisogno di una consulenza per una separazione consensuale. Quando sarebbe possibile incontrarci?\nGiulia Neri", ""),
        (30, "12:15", E, "me", "", "Gentile signora Neri,\nla ringrazio per la fiducia. Posso riceverla martedì 14 alle 15:00 oppure giovedì 16 alle 10:00. Mi faccia sapere quale preferisce.", "read"),
        (29, "19:02", S, "c", "", "Giovedì alle 10 va benissimo, grazie!", ""),
        (29, "19:30", S, "me", "", "Perfetto, a giovedì. Porti pure i documenti sulla casa.", "delivered"),
        (9, "21:15", S, "c", "", "Avvocato, mio marito ora non vuole più firmare. Cosa faccio? Sono molto in ansia", ""),
        (8, "08:40", S, "me", "", "Buongiorno Giulia, capisco. Non faccia nulla per ora: la chiamo oggi alle 12 e vediamo le opzioni.", "read"),
        (1, "11:05", E, "c", "Documenti per il ricorso", "Le mando in allegato l'atto di proprietà e gli estratti conto che mi aveva chiesto.", ""),
    ],
    "Marco Russo": [
        (45, "09:30", E, "c", "Successione zia Teresa", "Buongiorno,\nsono uno dei tre nipoti eredi. Vorremmo capire come dividere l'appartamento di Pavia senza litigare. È possibile una mediazione?", ""),
        (44, "10:10", E, "me", "", "Gentile signor Russo,\nsì, la mediazione è la strada più rapida e meno costosa. Le propongo un primo incontro con tutti e tre gli eredi per capire le posizioni.", "read"),
        (20, "17:45", E, "c", "Re: Successione zia Teresa", "Mio cugino chiede se possiamo fare causa subito per vendere. Lei cosa consiglia?", ""),
        (19, "09:20", E, "me", "", "Gentile Marco,\npotremmo avviare subito una causa di divisione, ma tra tempi e costi ci vorrebbero almeno due anni. Le suggerisco di tentare prima la mediazione, che si chiude in pochi mesi e costa molto meno. Che ne pensa?", "read"),
        (18, "20:10", S, "c", "", "Ok per la mediazione. Mi manda la data?", ""),
        (17, "09:05", S, "me", "", "Le scrivo domani con le date disponibili.", "sent"),
    ],
    "Paolo Conti": [
        (25, "14:20", E, "c", "Inquilino moroso", "Avvocato, l'inquilino di via Dante non paga da tre mesi. Possiamo procedere con lo sfratto?", ""),
        (25, "17:00", E, "me", "", "Gentile Paolo,\nsì: prima le propongo una diffida formale con 15 giorni per pagare, poi l'intimazione di sfratto. Preparo la diffida entro venerdì.", "read"),
        (10, "13:10", E, "c", "Re: Inquilino moroso", "Non ha risposto alla diffida. Procediamo.", ""),
        (10, "16:40", E, "me", "", "Procedo con l'intimazione. L'udienza di convalida sarà fissata tra circa 30 giorni.", "delivered"),
        (2, "23:10", S, "c", "", "Scusi l'orario, l'inquilino mi ha scritto che paga metà domani. Accetto?", ""),
    ],
    "Francesca Romano": [
        (33, "11:00", E, "c", "Costituzione Srl", "Buongiorno, vorrei aprire una Srl con mio fratello per il nostro laboratorio di ceramica. Quali sono i costi?", ""),
        (33, "15:45", E, "me", "", "Gentile Francesca,\nper una Srl semplificata i costi notarili sono contenuti; il mio onorario per statuto e patti parasociali è di 1.200 euro più IVA. Vuole che le mandi un preventivo scritto?", "read"),
        (31, "09:50", E, "c", "Re: Costituzione Srl", "Sì grazie. Possiamo anche inserire un patto di non concorrenza per mio fratello?", ""),
        (31, "12:30", E, "me", "", "Certo, lo inserisco nel preventivo.", "failed"),
        (14, "10:15", E, "c", "Fattura troppo alta", "Avvocato, la fattura che ho ricevuto è di 1.800 euro, non 1.200 come da preventivo. Può spiegarmi?", ""),
        (14, "12:00", E, "me", "", "Gentile Francesca,\nha ragione a chiedere: la differenza riguarda i patti parasociali aggiuntivi, ma avrei dovuto avvisarla prima. Le mando una fattura corretta a 1.400 euro. Mi scuso per la confusione.", "read"),
        (13, "18:20", S, "c", "", "Grazie per la correttezza, apprezzo molto.", ""),
    ],
    "Alessandro Ricci": [
        (15, "08:10", S, "c", "", "Buongiorno, ho preso una multa per eccesso di velocità ma l'autovelox non era segnalato. Si può fare ricorso?", ""),
        (15, "09:00", S, "me", "", "Buongiorno, sì, se mancava il cartello. Mi mandi una foto del verbale per email.", "read"),
        (15, "09:40", E, "c", "Verbale autovelox", "Ecco il verbale. La strada è la provinciale 35, km 12.", ""),
        (14, "11:30", E, "me", "", "Gentile Alessandro,\nil ricorso al Giudice di pace costa 43 euro di contributo; il termine è di 30 giorni dalla notifica. Lo preparo io?", "delivered"),
        (3, "22:55", S, "c", "", "Ma lei va in vacanza a Natale? Così mi organizzo", ""),
    ],
    "James Whitfield": [
        (38, "10:30", E, "c", "Buying a farmhouse in Umbria", "Dear Avv. Rossi,\nmy wife and I are buying a farmhouse near Todi. The agent says we can skip the survey to save time. Is that wise?\nBest regards,\nJames Whitfield", ""),
        (38, "14:00", E, "me", "", "Dear Mr Whitfield,\nI would not skip it: a survey of the land registry and of planning permits avoids the most common surprises in rural purchases. I can arrange it within ten days.\nKind regards", "read"),
        (22, "18:30", E, "c", "Re: Buying a farmhouse in Umbria", "The seller wants to sign the preliminary contract next week. Can we also add the olive grove next door to the deal?", ""),
        (21, "09:40", E, "me", "", "Dear James,\nwe could add the olive grove now, but it has three other owners and it would delay the whole purchase by months. I suggest we close on the farmhouse first and make a separate offer for the grove, which gets you the house sooner. What do you think?", "read"),
        (21, "13:05", S, "c", "", "Makes sense. Let's do the house first. Thank you!", ""),
        (4, "10:00", E, "c", "Preliminary contract", "The notary's draft arrived. Could you check the penalty clause before Friday?", ""),
    ],
    "Emily Carter": [
        (28, "16:00", E, "c", "Italian citizenship by descent", "Hello,\nmy great-grandfather was born in Calabria. I'd like to apply for citizenship through the courts. How long does it usually take?", ""),
        (27, "10:30", E, "me", "", "Dear Ms Carter,\ncourt proceedings currently take 12 to 24 months. First we need the birth and naturalisation records; I'll send you the list.", "read"),
        (11, "03:20", S, "c", "", "Sorry for the late text, time zones! Did you get the apostilled documents?", ""),
        (10, "09:00", S, "me", "", "Good morning Emily, yes, they arrived. I'll confirm by email today.", "delivered"),
        (10, "12:10", E, "me", "", "Dear Emily,\nall documents are in order. I will file the petition at the Court of Catanzaro by the end of the month.", "sent"),
        (1, "17:20", E, "c", "Thank you", "Thank you so much for all the work so far. It means a lot to my family.", ""),
    ],
    "Oliver Hughes": [
        (20, "11:11", E, "c", "Design contract with a Milan studio", "Hi Maria,\nI'm freelancing for a studio in Milan and they want me to assign all IP to them, including my previous work. Is this normal?", ""),
        (19, "15:00", E, "me", "", "Dear Oliver,\nno, an assignment of prior work is unusual and can be narrowed. I'll draft a counter-proposal limited to the deliverables of this project.", "read"),
        (6, "09:15", E, "c", "Re: Design contract with a Milan studio", "They accepted! Could we also set up a company for me in Italy, quickly, before January?", ""),
        (5, "10:40", E, "me", "", "Dear Oliver,\nwe could set up a company before January, but given the costs and your current income it would not pay off yet. I suggest you stay a sole trader for this year and review it in June. What do you think?", "queued"),
    ],
    "Anna Verdi": [
        (18, "09:00", E, "c", "Udienza del 28", "Avvocato, confermo che sarò presente all'udienza del 28. Serve altro da parte mia?", ""),
        (18, "11:20", E, "me", "", "Gentile dottoressa Verdi,\nbasta un documento d'identità. Ci troviamo in tribunale alle 9:15.", "read"),
        (5, "07:30", S, "c", "", "URGENTE: il giudice ha anticipato l'udienza a domani! Riesce a esserci?", ""),
        (5, "07:45", S, "me", "", "Sì, ci sarò. La chiamo alle 9.", "read"),
        (0, "09:40", E, "c", "Sentenza", "È arrivata la sentenza: abbiamo vinto! Grazie davvero.", ""),
    ],
    "Sara Gallo": [
        (35, "18:30", E, "c", "Piano alimentare", "Buonasera dottoressa, ho ricevuto il piano. Posso sostituire il merluzzo con il salmone?", ""),
        (34, "09:10", E, "me", "", "Buongiorno Sara, sì, due volte a settimana va benissimo.", "read"),
        (3, "23:30", S, "c", "", "Dottoressa scusi, stasera posso mangiare riso o pasta? Ho fame e non so cosa scegliere", ""),
        (2, "08:30", S, "me", "", "Buongiorno Sara! Per la cena meglio il riso integrale con verdure; la pasta la teniamo a pranzo. Ne parliamo al controllo di giovedì.", "read"),
        (2, "09:15", S, "c", "", "Perfetto grazie, a giovedì!", ""),
    ],
    "Davide Fontana": [
        (26, "10:00", E, "c", "Dieta per la maratona", "Buongiorno, preparo la maratona di Firenze. Vorrei un piano per le ultime 8 settimane.", ""),
        (25, "14:30", E, "me", "", "Gentile Davide,\nvolentieri. Le propongo una visita di persona per misurare la composizione corporea, poi costruiamo il piano. Martedì alle 18?", "read"),
        (16, "21:40", S, "c", "", "Posso bere caffè prima della gara? Tipo due espressi?", ""),
        (15, "08:50", S, "me", "", "Buongiorno Davide, uno va bene un'ora prima. Due rischiano di darle problemi di stomaco.", "delivered"),
        (1, "20:05", E, "c", "Fatta!", "Ho chiuso la maratona in 3:41, il mio record. Grazie per i consigli sulla colazione!", ""),
    ],
    "Elena Greco": [
        (24, "12:00", E, "c", "Intolleranza al lattosio", "Buongiorno, mi hanno diagnosticato un'intolleranza al lattosio. Devo eliminare tutti i formaggi?", ""),
        (23, "10:20", E, "me", "", "Gentile Elena,\nnon tutti: parmigiano e pecorino stagionati sono quasi privi di lattosio. Le preparo una lista.", "read"),
        (7, "19:50", E, "c", "Re: Intolleranza al lattosio", "La lista è utilissima. Possiamo spostare il controllo di venerdì a sabato mattina?", ""),
        (6, "09:30", E, "me", "", "Gentile Elena,\nil sabato lo studio è chiuso; posso offrirle venerdì alle 18:30 o lunedì alle 8:30. Quale preferisce?", "delivered"),
    ],
    "Matteo Lombardi": [
        (21, "13:15", S, "c", "", "Ciao dottoressa! Sabato sera c'è la pizza con gli amici, sgarro?", ""),
        (21, "14:00", S, "me", "", "Buongiorno Matteo, una pizza a settimana rientra nel piano: meglio margherita e niente birra doppia.", "read"),
        (8, "22:20", S, "c", "", "Ma lei cosa mangia la sera? Così mi regolo 😄", ""),
        (7, "08:35", S, "me", "", "Buongiorno Matteo, ognuno ha il suo piano: il suo lo rivediamo insieme giovedì, e troviamo una cena che le piaccia.", "read"),
        (0, "07:55", S, "c", "", "Ho perso altri 2 chili!!", ""),
    ],
    "Valentina Costa": [
        (19, "11:30", E, "c", "Dieta in gravidanza", "Buongiorno, sono al terzo mese. Vorrei un'alimentazione adatta, senza esagerare con il peso.", ""),
        (18, "09:45", E, "me", "", "Gentile Valentina,\ncongratulazioni! Ne parliamo con il suo ginecologo: le propongo una visita la prossima settimana.", "read"),
        (4, "10:10", E, "c", "Nausea", "La nausea mattutina non passa. Posso saltare la colazione?", ""),
    ],
    "Hannah Brooks": [
        (32, "09:00", E, "c", "Vegetarian plan", "Hi, I've just become vegetarian and want to make sure I get enough protein and iron. Can you help?", ""),
        (31, "11:00", E, "me", "", "Dear Hannah,\ncertainly. Legumes, eggs and tofu will cover protein; for iron we'll pair lentils with vitamin C. Shall we book a first session?", "read"),
        (17, "22:10", S, "c", "", "Is it ok to have protein shakes every day?", ""),
        (16, "08:40", S, "me", "", "Good morning Hannah, one a day is fine for now; we'll check your bloods at the next visit.", "read"),
    ],
    "Sophie Turner": [
        (23, "15:30", E, "c", "Cancelled appointment", "I was charged for the appointment I cancelled yesterday. That doesn't seem fair.", ""),
        (23, "17:10", E, "me", "", "Dear Sophie,\nyou're right: you cancelled more than 24 hours ahead, so there should be no charge. I've refunded it today. I'm sorry for the mistake.", "read"),
        (22, "08:20", S, "c", "", "Thank you, refund received.", ""),
        (6, "14:45", E, "c", "Meal prep ideas", "Do you have meal prep ideas for busy weeks? I work late on Tuesdays and Thursdays.", ""),
    ],
    "Michael Chen": [
        (29, "13:00", E, "c", "Cholesterol", "My doctor says my cholesterol is high. Can diet alone bring it down?", ""),
        (28, "10:00", E, "me", "", "Dear Michael,\ndiet can make a real difference: oats, nuts and fewer processed meats. Let's review your bloods in three months.", "read"),
        (9, "23:55", S, "c", "", "Can I still have eggs for breakfast?", ""),
        (9, "08:35", S, "me", "", "Good morning Michael, yes, up to four eggs a week is fine.", "delivered"),
        (2, "16:00", E, "c", "Could you also plan my son's meals?", "He plays football and eats only pasta. Could you add him to my plan at no extra cost?", ""),
    ],
    "Laura Bennett": [
        (27, "09:30", E, "c", "Postpartum nutrition", "Hello, I had my baby two months ago and I'm breastfeeding. What should I eat to keep my energy up?", ""),
        (26, "12:00", E, "me", "", "Dear Laura,\ncongratulations! Regular meals, plenty of water and iron-rich foods. I'll send a simple weekly plan.", "read"),
        (12, "14:10", S, "c", "", "The plan is great, thank you!", ""),
    ],
    "Daniel Price": [
        (16, "18:00", E, "c", "Weight loss question", "I want to lose 10 kg before my wedding in March. Is that realistic?", ""),
        (15, "09:30", E, "me", "", "Dear Daniel,\n10 kg in four months is ambitious but possible with a steady plan. Shall we meet next week to set it up?", "read"),
        (3, "21:30", S, "c", "", "Quick question, can I drink on the stag weekend?", ""),
        (2, "08:45", S, "me", "", "Good morning Daniel, a couple of drinks is fine; plenty of water and a proper breakfast the next day.", "sent"),
        (0, "09:20", E, "c", "Re: Weight loss question", "Down 3 kg already. Can we move Friday's session to Monday?", ""),
    ],
}

# fmt: on

# Short everyday exchanges that fill out each conversation over the weeks (it, en).
ROUTINE: dict[str, list[tuple[str, str, str]]] = {
    "it": [
        ("c", "Conferma appuntamento", "Le confermo l'appuntamento di {day} alle {hour}."),
        ("me", "", "Grazie della conferma, a {day}."),
        ("c", "", "Buongiorno, le ho mandato i documenti per email. Mi fa sapere se arrivano?"),
        ("me", "", "Ricevuti, grazie. Li guardo entro {day}."),
        ("c", "Fattura", "Ho ricevuto la fattura, provvedo al pagamento entro la settimana."),
        ("me", "", "Grazie, gentilissimo. Buona giornata."),
        ("c", "Promemoria", "Mi ricorda cosa devo portare all'incontro di {day}?"),
        ("me", "", "Basta un documento d'identità e gli appunti che le avevo chiesto."),
        ("c", "", "Posso spostare l'appuntamento di {day} alla settimana successiva?"),
        ("me", "", "Certo: le propongo {day} alle {hour}. Va bene?"),
    ],
    "en": [
        ("c", "Appointment", "Just confirming our appointment on {day} at {hour}."),
        ("me", "", "Thank you for confirming, see you on {day}."),
        (
            "c",
            "",
            "Good morning, I've emailed you the documents. Could you let me know they arrived?",
        ),
        ("me", "", "Received, thank you. I'll go through them by {day}."),
        ("c", "Invoice", "I've received the invoice and will pay it this week."),
        ("me", "", "Thank you, much appreciated. Have a good day."),
        ("c", "Reminder", "Could you remind me what to bring on {day}?"),
        ("me", "", "Just your ID and the notes I asked for."),
        ("c", "", "Could we move {day}'s appointment to the following week?"),
        ("me", "", "Of course: how about {day} at {hour}?"),
    ],
}

DAYS = {
    "it": ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
}
