"""Chat templates of the "fresh4" Faker PII split: a sixth set, written on 2026-12-07 by an
independent author who had not seen the recognizers, and committed before any measurement on it.

Why: the "fresh", "fresh2" and "fresh3" splits were each measured unseen once and their results
then informed fixes, so none of them gives an unseen figure any more. This set exists to be
measured exactly once and reported as it comes out, to see whether those fixes generalize.

How: written from scratch about what people paste into an assistant, in situations no earlier
set uses - a cover-letter signature, a JSON test fixture, a pharmacy pick-up, a vet
registration, a curl command with a bearer token, a "my login is" message, a double charge, a
rental-car deposit, a sentence to translate, a conference badge form, a freelance invoice
footer, a moving quote, a courier redelivery, a donation page, a vCard, an SQL insert, a hotel
confirmation, a birthday RSVP, a scholarship referee, a power of attorney, a parish notice, a
router's device list, a room-to-let ad, a crowdfunding payout, a tutor's invoice, a warranty
claim, a password-manager CSV export, a stack trace, a markdown table, a library card, an
address typed line by line, a meter reading, a leaked token, a swallowed card - with the same
slots as the other splits (``pii_faker.PII`` and ``pii_faker.LOOK_ALIKES``, not the dev-only
ones), the same obfuscation and look-alike machinery, and about the same share of PII-free
messages. The author read the generator, the fresh3 templates (only for their format), the
scoring code, the report script and the generator's test, but not ``pockettune/privacy/``, not
any leak list or result (``benchmarks/results/privacy*``, ``benchmarks/results/redact*``), not
``pii_templates_dev2.py`` and not the privacy tests of the recognizers. The templates were not
made easy or hard for any recognizer and are not edited after the measurement. They are filled
only with locales no other split uses (``pii_faker.FRESH4_LOCALES``); the "es" templates are
Catalan, for es_CA, the only "es" locale of the split.
"""

from __future__ import annotations

FRESH4_ENGLISH_PII = (
    "make this cover letter ending sound less stiff:\n\nYours sincerely,\n{name}\n"
    "{address_lines}\n{phone} | {email}",
    "turn this into a JSON object for my test fixture: name={name}; dob={dob}; email={email}; "
    "last_ip={ip}",
    "the pharmacy says the prescription is under {name}, born {dob_long}. can my sister {first} "
    "pick it up or do they need me there?",
    "registering the cat at a new vet. owner {name}, {street}, {postcode_city}, mobile {phone}. "
    "cat is called Biscuit, 4 years old",
    "why does this return 401 since {weekday}?\n```\ncurl -H 'Authorization: Bearer {token}' "
    "https://api.example.com/v2/users\n```",
    "my login is {email} and the password is {password} but the site keeps saying the account "
    "is locked. what now?",
    "the bank took {price} twice for one purchase on {weekday}. card was {card}. draft me a "
    "dispute message?",
    "rental car return: driver {first} {last}, they say there's a scratch I didn't make and "
    "kept the deposit on {card_dashed}. help me reply",
    "translate into formal German please: 'My name is {name}, I live at {address} and I would "
    "like to cancel my contract.'",
    "Conference badge form\nFirst name: {first}\nLast name: {last}\nCompany: Northwind\n"
    "E-mail: {email}\nMobile: {phone}\nDiet: vegetarian",
    "tidy up my freelance invoice footer: {name} · {street} · {postcode_city} · IBAN {iban_spaced}",
    "the movers want both addresses.\nfrom: {address}\nto: {unit}, {street}, {postcode_city}\n"
    "any {weekday} in {month} works",
    "courier missed me again. redeliver to {street}, {unit}, tracking {tracking}. if they "
    "call, I'm on {phone_spaced}",
    "is it safe to put my IBAN {iban} on a public fundraiser page? my name {name} would show "
    "next to it",
    "which field of this vcard is broken?\nBEGIN:VCARD\nFN:{name}\nTEL;CELL:{phone}\n"
    "EMAIL:{email}\nADR:{address}\nEND:VCARD",
    "why is postgres rejecting this?\nINSERT INTO customers (name, email, phone) VALUES "
    "('{name}', '{email}', '{phone}');",
    "hotel confirmation: guest {name}, guaranteed with card {card_plain}, check-in after "
    "{time}. can I switch the booking to {first2}?",
    "RSVP for Mia's 7th: {first} and {first2} are coming, parent contact {phone}. no "
    "strawberries please, allergy",
    "the scholarship form wants a referee. Dr {last}, reachable at {email_spelled}. do I write "
    "'Dr' before the name?",
    "power of attorney draft: I, {name}, born on {dob}, residing at {address}, appoint my son "
    "{first} {last} to act for me. is the wording ok?",
    "for the parish newsletter: {name} passed away peacefully on {weekday}. cards can be sent "
    "to the family at\n{address_lines}",
    "my router lists a device 'laptop-{first_lower}' at {ip} that isn't ours. should I block it?",
    "ROOM TO LET near the station, {unit}. message {email_bracket} or text {phone_spaced}, "
    "viewings {weekday} after {time}",
    "the crowdfunding payout goes to {name}, IBAN {iban}. they also want my date of birth "
    "({dob}), is that normal?",
    "tutor invoice: 6 lessons at {price}, pay to {iban_spaced}, reference maths {month}, "
    "account name {first} {last}",
    "warranty claim for the kettle: bought in {month} {year}, receipt under {name}, delivered "
    "to {postcode_city}, serial {serial}",
    "password manager export, which row is the bank?\nurl,username,password\n"
    "https://mail.example.com,{email},{password}\nhttps://bank.example.com,{first_lower},{pin}",
    "stack trace from prod, spot the bug?\nValueError: user {email} (id 48213) has no "
    "shipping address; last login from {ip}",
    "school wants a new emergency contact table:\n| Name | Relation | Phone |\n|---|---|---|\n"
    "| {name} | grandmother | {phone} |\n| {first} {last} | neighbour | {phone_spaced} |",
    "the library card is still in my maiden name {name}, I'm {first} {last} now. how do I "
    "change it? it's card {order}",
    "sry typing on my phone, ship it to\n{name}\n{street}\n{unit}\n{postcode_city}\nthnx",
    "meter reading for the power company: account holder {name}, supply address {address}, "
    "they want my birthday {dob_long} to confirm",
    "I pushed my token {token} to a public repo by accident. what do I rotate first?",
    "the ATM ate my card ({card_dashed}), the PIN was {pin}. who do I call at {time} on a "
    "{weekday}?",
)
"""English templates with PII: every fresh4 locale gets all of them."""

FRESH4_ENGLISH_CLEAN = (
    "order {order} came with the wrong charger. the box says model {sku}, firmware {version}. "
    "return or exchange?",
    "flight {flight} boards from gate {gate} at {time}, can I make it if security takes 40 min?",
    "what changed between {version} and {version2}? we've been stuck on the old one since {month}",
    "invoice {invoice} says {price} but the quote was lower. how do I ask politely?",
    "tracking {tracking} has said 'in transit' since {weekday}. when should I chase it?",
    "this week's numbers: {lottery}. what are the odds of matching three?",
    "the gift card's barcode reads {luhn_invalid}, is that a card number or just a barcode?",
    "book club: read to page {page} by {weekday}, we meet in room {room} at {time}",
    "build {version4} crashes on start with error {errnum}. any idea?",
    "translate this menu from {language} to {language2}, it's for a trip to {city} in {month}",
    "support asks for the device ID, is it the serial {serial} on the router sticker?",
    "a hotel in {city} wants {price} a night in {month}. is that steep for {year}?",
    "ticket {order}: they promised a refund of {price} by {weekday}, still nothing",
    "meeting moved to {weekday} at {time}, room {room}, bring the {year} budget",
    "is it part {sku} or {errnum}? page {page} of the manual lists both",
)
"""English PII-free templates, full of look-alikes."""

FRESH4_NATIVE: dict[str, tuple[str, ...]] = {
    "is": (
        "Sæl, ég heiti {name} og langar að panta tíma. Síminn minn er {phone}",
        "sendið pakkann á {street}, {postcode_city}",
        "leigan fer inn á reikning {iban}, viðtakandi {name}",
        "netfangið mitt er {email} og lykilorðið {password}",
        "þau vilja fæðingardag, minn er {dob}",
        "hringdu í {first} í síma {phone_spaced} ef ég svara ekki",
        "flugið {flight} fer frá hliði {gate} kl. {time}",
        "pöntun {order} kostaði {price} en varan kom aldrei",
    ),
    "ga": (
        "Dia duit, is mise {name}. M'uimhir fóin: {phone}",
        "Seol an beart chuig {address}, le do thoil",
        "Mo sheoladh ríomhphoist: {email}. Glaoigh ar {first} má bhíonn fadhb ann",
        "Íoc an cíos isteach i gcuntas {iban_spaced}, ainm {name}",
        "Rugadh mé ar {dob}. An leor é sin don fhoirm?",
        "Cód an dorais: {pin}. Ná tabhair d'éinne é",
        "Tá an cruinniú ar {weekday} ag {time} i seomra {room}",
        "Ordú {order}: {price}, fós níor tháinig sé",
    ),
    "el": (
        "Καλησπέρα, είμαι {name}, το κινητό μου είναι {phone}",
        "διεύθυνση αποστολής: {address}",
        "στείλε τα χρήματα στο {iban}, δικαιούχος {name}",
        "το email μου είναι {email_spelled}",
        "ημερομηνία γέννησης {dob}, τηλ. {phone_spaced}",
        "ο κωδικός του wifi είναι {password}, μην τον δώσεις σε κανέναν",
        "η πτήση {flight} φεύγει στις {time} από την πύλη {gate}",
        "παραγγελία {order}, ποσό {price}, παράδοση {weekday}",
    ),
    "de": (
        "Moien, ich bin {name}, erreichbar unter {phone}",
        "Lieferadresse: {street}, {postcode_city}",
        "Bitte auf {iban_spaced} überweisen, Empfänger {name}",
        "Meine Mail ist {email_bracket}, das Passwort schicke ich separat",
        "Geburtsdatum {dob}, Kartennummer {card}",
        "Notfallkontakt: {first} {last}, {phone_spaced}",
        "Rechnung {invoice} über {price}, fällig am {weekday}",
        "Zug nach {city} um {time}, Gleis {room}",
    ),
    "es": (
        "Hola, sóc {name}, el meu mòbil és {phone}",
        "adreça d'enviament: {address}",
        "fes la transferència al compte {iban}, a nom de {name}",
        "el meu correu és {email} i la contrasenya {password}",
        "data de naixement: {dob}, el DNI el porto demà",
        "truca a {first} al {phone_spaced} si no contesto",
        "comanda {order}, {price}, arriba {weekday}",
        "el vol {flight} surt a les {time} de la porta {gate}",
    ),
}
"""Each language's own templates (for the fresh4 locale of that language), 2 PII-free."""


def fresh4_templates(language: str) -> list[tuple[str, str]]:
    """(template id, template) pairs of the fresh4 split for a locale whose language is given:
    every fresh4 English template plus that language's own fresh4 ones, if it has any."""
    out = [
        (f"fresh4-en-{kind}{i:02d}", t)
        for kind, group in (("p", FRESH4_ENGLISH_PII), ("n", FRESH4_ENGLISH_CLEAN))
        for i, t in enumerate(group)
    ]
    out += [
        (f"fresh4-{language}-{i:02d}", t) for i, t in enumerate(FRESH4_NATIVE.get(language, ()))
    ]
    return out
