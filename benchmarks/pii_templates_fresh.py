"""Chat templates of the "fresh" Faker PII split, written from scratch for issue #41 after the
test split had been looked at, and committed before any measurement on them.

The test split (``pii_templates.py``) stopped being unseen when recognizers were fixed after
its first measurement. These templates are a third set: new wording and new situations
(forms pasted into a chat, booking and support chats, a forwarded contact, an e-mail
signature, a quoted reply, messages in the locale's own language, several lines), with the
same slots as the other splits (``pii_faker.PII`` and ``pii_faker.LOOK_ALIKES``) and about
the same share of PII-free messages. They were written about how people write, without
reading the recognizers (``pockettune/privacy/``) or any leak list, and they are not edited
to make a figure. They are filled only with locales that neither dev nor test uses
(``pii_faker.FRESH_LOCALES``).
"""

from __future__ import annotations

FRESH_ENGLISH_PII = (
    "can you fill this in for me?\nFull name: {name}\nDOB: {dob}\nEmail: {email}\nMobile: {phone}",
    "booking a table for {room} on {weekday} at {time}, under {last}, contact number "
    "{phone_spaced}",
    "forwarding you my plumber's details so you can write the complaint:\n{name}\n{phone}\n"
    "{email_spelled}",
    "this is my email signature, can you make it look more professional?\n\n--\n{name}\n"
    "Senior Account Manager\nM: {phone} | E: {email}\n{address}",
    "support chat asked me to send {card} and the 3 digits on the back to verify my account, "
    "is that a scam?",
    "Customer: I was charged {price} twice\nAgent: could you confirm the card used?\n"
    "Customer: {card_dashed}\n\nsummarise this chat for my records",
    "bank details for the refund: account holder {name}, IBAN {iban}, they said 5 working days",
    "translate into formal French: please transfer the rent to {iban_spaced} by the 1st, "
    "thanks, {first}",
    "the hotel check-in form wants my date of birth, it's {dob_long}, which format do they use?",
    "school needs an emergency contact. put my mum {name}, {phone}, and my partner {first} "
    "{last} ({email})",
    "new router is at {ip}, admin password {password}, still can't open the settings page",
    "the alarm code is {pin} and the key is under the blue pot, write this up as a note for "
    "the house sitter",
    "why does my github action fail with 401? I set GH_TOKEN={token} in the repo secrets",
    "moving checklist - old: {street}, {postcode_city} / new: {address} - who do I need to tell?",
    "please post the signed lease back to me:\n{name}\n{unit}\n{street}\n{postcode_city}",
    "missed call from {phone} at {time}, is that a spam number?",
    "rewrite this so it sounds less angry: {first_lower} you STILL owe me {price} from the "
    "trip, pay me back or I'm telling {first2}",
    "uni login is {email} and password {password}, it says my account is locked since {weekday}",
    "the courier couldn't find us. directions: {street}, round the back, {unit}, ring twice. "
    "translate that to Spanish pls",
    "is someone born {dob} old enough for the under-26 discount card?",
    "check this invoice for mistakes\nBill to: {name}, {address}\nIBAN: {iban}\n"
    "Amount: {price}\nRef: {invoice}",
    "someone keeps trying to log in from {ip} and {ip}, should I be worried?",
    "ok new number is {phone} and new email is {email_bracket}, update my contact card",
    "add to calendar: dentist {weekday} {time}, Dr {last}, call {phone} if running late",
    "hi, {first} here, I placed order {order} but used the wrong card ({card}), can I change it?",
    "my verification code {pin} isn't working, what now",
    "write a short bio for {name}, a nurse from {city} who loves climbing",
    "copied from the rental form: Tenant {name} | D.O.B. {dob} | Phone {phone_spaced} | "
    "Previous address {address}",
    "my aws key {token} ended up in a public repo an hour ago, what do I do first?",
    "{name} <{email}> wrote:\n> can we move the call to {time}?\nhow do I say no politely",
    "Transfer failed. Beneficiary: {name}. IBAN: {iban_spaced}. Error {order}. Why?",
    "tell {first} happy birthday from me, I'll drop the cake at {street} around {time}",
)

FRESH_ENGLISH_CLEAN = (
    "my parcel {tracking} has been stuck in customs since {weekday}, is that normal?",
    "which is better value, {price} a year or {price} a month?",
    "since the {version} update the app crashes on launch, going back to {version2} fixed it",
    "booking ref {order}, flight {flight}, boarding {time} at gate {gate}. when should I get "
    "to the airport?",
    "summarise page {page} of the report before the meeting on {weekday}",
    "support gave me case number {invoice} and said to wait 48 hours",
    "invoice {invoice} for {price} was due in {month} {year}, too late to dispute?",
    "fridge serial {serial}, model {sku}, keeps beeping at night, any ideas?",
    "driving to {city} tomorrow, leaving at {time}, how long with traffic?",
    "Hi! Table for {room} please, {weekday} at {time} if possible, it's a birthday",
    "my gift card {luhn_invalid} shows {price} online but the shop says it's empty",
    "router firmware is {version4}, is there a newer one?",
    "our syndicate played {lottery} again this week, what are the odds?",
    "order {order} arrived broken and they want photos before refunding {price}",
)

FRESH_NATIVE = {
    "de": (
        "Hallo, ich hätte gern einen Termin. Name: {name}, Tel. {phone}, am liebsten um {time}",
        "bitte die Rechnung an diese Adresse schicken:\n{name}\n{address_lines}",
        "meine IBAN ist {iban_spaced}, passt das Format für die Überweisung?",
        "kannst du das an {email_spelled} weiterleiten? Danke, {first}",
        "WLAN für die Gäste: Netzwerk Gast, Passwort {password}",
        "geboren am {dob}, krieg ich schon die Seniorenermäßigung?",
        "Paket {tracking} liegt seit drei Tagen im Verteilzentrum, was kann ich tun?",
        "Rechnung {invoice} über {price}, Zahlungsziel 14 Tage, passt das so?",
    ),
    "fr": (
        "Bonjour, je voudrais réserver pour {room} personnes à {time}, au nom de {last}. "
        "Mon cell : {phone}",
        "voici mes coordonnées pour le formulaire :\n{name}\n{address_lines}\n{email}",
        "ma carte {card} a été refusée au dépanneur, pourquoi?",
        "le code de la boîte à clés c'est {pin}, tu peux l'ajouter au message pour les invités?",
        "mon adresse IP c'est {ip} et le jeu dit que je suis banni",
        "salut {first_lower}! écris-moi à {email_spelled} quand t'as deux minutes",
        "mon vol {flight} est retardé, il part maintenant à {time}, j'ai droit à une compensation?",
        "numéro de suivi {tracking}, le colis est bloqué aux douanes depuis une semaine",
    ),
    "es": (
        "Hola, buenas tardes. Le comparto mis datos para la factura: {name}, {address}, "
        "correo {email}",
        "mi número es {phone_spaced}, márcame cuando llegues",
        "me cobraron dos veces en la tarjeta {card_plain}, ¿cómo pido la aclaración?",
        "mi fecha de nacimiento es {dob}, ¿ya puedo tramitar la tarjeta de adulto mayor?",
        "la contraseña del internet es {password}, pásasela a {first}",
        "transferencia a nombre de {name}, cuenta {iban}, concepto {order}",
        "el pedido {order} llegó incompleto, faltan dos piezas",
        "¿a qué hora sale el camión de las {time} a {city}?",
    ),
    "cs": (
        "Dobrý den, posílám údaje do formuláře: jméno {name}, datum narození {dob}, "
        "telefon {phone}",
        "moje adresa je {street}, {postcode_city}, doručte to prosím odpoledne",
        "napiš mi na {email}, díky {first}",
        "číslo účtu {iban_spaced}, pošli mi tam prosím těch {price}",
        "PIN ke kartě je {pin}, ale bankomat ho nebere",
        "heslo do práce mám {password} a zase nefunguje",
        "objednávka {order} pořád nedorazila, co mám dělat?",
        "vlak v {time} do {city} má zase zpoždění",
    ),
    "sv": (
        "Hej! Jag heter {name} och vill boka en tid, ring mig på {phone}",
        "skicka paketet till:\n{name}\n{address_lines}",
        "min mejl är {email_spelled}, den andra studsar",
        "kortnummer {card}, varför nekas köpet?",
        "portkoden är {pin}, jag bor högst upp",
        "född {dob}, får jag fortfarande studentrabatt?",
        "tåget kl {time} till {city} är inställt igen",
        "ordernummer {order}, leveransen är försenad",
    ),
    "da": (
        "Hej, mit navn er {name}, og jeg vil gerne opsige mit abonnement. Min mail er {email}",
        "min nye adresse er {address}, kan du skrive en flyttemeddelelse?",
        "ring til {first} på {phone_spaced}",
        "koden til hoveddøren er {pin}",
        "mit kontonummer er {iban}, kan du tjekke om det er rigtigt?",
        "adgangskoden til routeren er {password}, den står på {ip}",
        "pakken {tracking} er stadig ikke kommet",
        "mødet er flyttet til kl. {time} i lokale {room}",
    ),
    "ro": (
        "Bună ziua, mă numesc {name} și aș vrea o programare. Telefon: {phone}",
        "adresa de livrare este {address}",
        "trimite-mi factura pe {email}, mersi",
        "am plătit cu cardul {card_dashed} și nu a mers, de ce?",
        "data nașterii {dob}, am dreptul la reducere?",
        "parola de la wifi e {password}",
        "comanda {order} nu a ajuns nici azi",
        "trenul de la ora {time} spre {city} are întârziere",
    ),
}


def fresh_templates(language: str) -> list[tuple[str, str]]:
    """(template id, template) pairs of the fresh split for a locale whose language is given:
    every fresh English template plus that language's own fresh ones, if it has any."""
    out = [
        (f"fresh-en-{kind}{i:02d}", t)
        for kind, group in (("p", FRESH_ENGLISH_PII), ("n", FRESH_ENGLISH_CLEAN))
        for i, t in enumerate(group)
    ]
    out += [(f"fresh-{language}-{i:02d}", t) for i, t in enumerate(FRESH_NATIVE.get(language, ()))]
    return out
