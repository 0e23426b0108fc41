"""Chat templates of the "fresh3" Faker PII split: a fifth set, written on 2026-12-07 by an
independent author who had not seen the recognizers, and committed before any measurement on it.

Why: the "fresh" and "fresh2" splits (``pii_templates_fresh.py``, ``pii_templates_fresh2.py``)
were each measured unseen once and their results then informed fixes, so neither gives an
unseen figure any more. This set exists to be measured exactly once and reported as it comes
out, as the figure for text the recognizers' authors did not write.

How: written from scratch about how people write in chats, in situations neither earlier fresh
set uses - an insurance claim, a gym membership freeze, a school-trip consent slip, a car sold
on a marketplace, a neighbours' group chat, a tax-office letter being paraphrased, a wedding
seating plan, lost-and-found posts, a crypto-exchange support chat, a babysitter's notes, a
visa appointment, voice-typed text with no punctuation, SMS abbreviations, a quoted e-mail
thread with headers, rows pasted from a spreadsheet with tabs, mixed-language messages - with
the same slots as the other splits (``pii_faker.PII`` and ``pii_faker.LOOK_ALIKES``, not the
dev-only ones) and the same obfuscation and look-alike machinery, and about the same share of
PII-free messages. The author read the generator, the earlier fresh templates (only to avoid
their wording and situations), the scoring code and the generator's test, but not
``pockettune/privacy/``, not any leak list (``benchmarks/results/privacy*``,
``benchmarks/results/redact*``), not ``pii_templates_dev2.py`` and not the privacy tests of the
recognizers. The templates were not made easy or hard for any recognizer, and are not edited
after the measurement. They are filled only with locales no other split uses
(``pii_faker.FRESH3_LOCALES``).
"""

from __future__ import annotations

FRESH3_ENGLISH_PII = (
    "filing a claim for the hail damage on my car. policy holder {name}, born {dob}, the car "
    "is kept at {street}, {postcode_city}. what else do I attach?",
    "write the email to freeze my gym membership over {month} please. member {name}, the "
    "address they have on file is {email}",
    "school trip consent slip, emergency part: parent/guardian {name}, daytime number {phone}, "
    "second contact {first} {last}. does that look right?",
    "selling my hatchback on marketplace and the buyer wants to pay by transfer. he says his "
    "name is {name}. do I give him {iban} or only take cash?",
    "Neighbours 🏡\n{first}: who left the side gate open again\n{first2}: not me, I'm in {unit}"
    "\n{first}: the gate code is {pin} btw, pls don't share it outside the group",
    "explain this tax office letter in plain words: 'Dear {name}, our records show an "
    "outstanding amount of {price} for {year}. Please pay to {iban_spaced} quoting your "
    "reference.' what do they want from me?",
    "seating plan, table 4: {name}, {first} {last}, {first2} and the kids. check I haven't put "
    "two people who fell out next to each other",
    "LOST: black leather wallet near {city} bus station on {weekday}. if found please call "
    "{phone_spaced} or email {email}, reward offered",
    "the exchange support bot keeps asking for a selfie. account email {email}, the withdrawal "
    "went to {iban} and has been pending since {weekday}. how long does KYC take?",
    "notes for the babysitter: bed by 8, wifi password {password}, if anything happens ring me "
    "on {phone} or {first_lower} next door",
    "the visa appointment form asks for passport name {name}, date of birth {dob_long} and home "
    "address {address}. do they want the postcode too?",
    "hi this is {name} calling about the car you listed my number is {phone_spaced} call me "
    "back after {time} thanks bye",
    "hey its {first} pls snd ur addr 4 the parcel thx. mine is {street} {postcode_city} if u "
    "need it",
    "what is this email actually asking?\n\nFrom: {name} <{email}>\nTo: me\nSubject: RE: "
    "unpaid invoice {invoice}\n\n> Please confirm the card used for the payment: {card}\n\n"
    "Kind regards",
    "copied from the sign-up sheet, make it a table?\nName\tPhone\tEmail\n{name}\t{phone}\t"
    "{email}\n{first} {last}\t{phone_spaced}\t{email_bracket}",
    "mi amigo {first} dice que su cuenta es {iban}, can you check if that's even a valid "
    "number? gracias",
    "the loss adjuster, {name}, wants the photos sent to {email_spelled} by {weekday}, claim "
    "number {order}",
    "the trip form wants my son's date of birth and allergies. he was born {dob}, no nuts, "
    "mild asthma. enough?",
    "paid the guy from marketplace with my card {card_dashed} for a pram he never delivered. "
    "can I still do a chargeback?",
    "the exchange sent me someone else's API key by mistake?? {token} - do I report it or "
    "just delete the mail",
    "router log shows logins from {ip} at {time}, that's not my IP. who could that be",
    "a parcel for a neighbour came to mine, the label says {name}\n{address_lines}\nwhich "
    "house is that, I only moved in last week",
    "the gym's front desk texted asking for my new card number to take the monthly fee: "
    "{card_plain}. do gyms really do that by text?",
    "the spa for the hen do wants every guest's date of birth. mine is {dob}, I'll ask "
    "{first2} for hers",
    "found a phone on the train, the lock screen says 'if found call {phone}' under the name "
    "{first} {last}. station staff or police?",
    "end of tenancy, the landlord wants a forwarding address for post: {address}. new mobile "
    "is {phone} too",
    "visa centre confirmation: applicant {name}, contact {email}, appointment {weekday} at "
    "{time}, counter {gate}. do I need to print it?",
    "tell {first_lower} the key safe code is {pin} and bins go out on {weekday}",
    "reword my lost-and-found post: 'found a set of keys, tag says {unit}, {street}, ring "
    "{phone_spaced} to collect'",
    "exchange support asked me to prove it's my account so I typed my password {password} in "
    "the chat. did I just mess up?",
    "car sale contract, fill in the parties: seller {name}, {address}; buyer {first} {last}; "
    "price {price}. what else must go in?",
    "pls forward to HR: new bank details for payroll {iban_spaced}, account name {name}",
    "we've just moved, our postcode is {postcode} now. does that change the school catchment?",
    "my mum was born {dob_long}, does she get the free bus pass yet?",
)

FRESH3_ENGLISH_CLEAN = (
    "insurance claim {order} approved for {price}, payout in 5-7 working days, is that normal?",
    "gym freeze starts in {month}, fee drops to {price} a month and it restarts by itself in "
    "{month}",
    "school trip to {city} leaves {weekday} at {time}, coach {room}, packed lunch needed",
    "listing my car: {year} model, {price} ono, full service history, viewings {weekday} after "
    "{time}",
    "neighbours: bin day moved to {weekday} because of the bank holiday, glass at {time}",
    "tax letter ref {invoice}, deadline end of {month}, amount {price}. can I pay in instalments?",
    "wedding timings: ceremony {time}, drinks, dinner at {time}, we're on table {room}",
    "crypto app stuck on {version}, support says go to {version2} first, ticket {errnum}",
    "on {flight} tomorrow, gate {gate}, boarding {time}, visa check at desk {room}",
    "lottery draw tonight was {lottery}, we had two of them lol",
    "babysitter update: ate at {time}, bath done, left {price} on the counter for the pizza",
    "lost property at {city} station says item {order} is waiting for me until {weekday}",
    "phone update {version4} bricked it. model {sku}, serial {serial}, warranty until {month} "
    "{year}",
    "the receipt barcode {luhn_invalid} won't scan for the return and parcel {tracking} is "
    "already gone",
    "translate the consent slip from {language} to {language2}, it's two short paragraphs",
)

FRESH3_NATIVE = {
    "sl": (
        "Živjo, pišem glede avta v oglasu, je še naprodaj? Sem {name}, moja številka je {phone}",
        "za zavarovalnico: škoda na strehi, zavarovanec {name}, naslov {street}, {postcode_city}",
        "najemnino nakaži na {iban}, pod namen pa napiši kateri mesec",
        "babica je rojena {dob}, ali ji že pripada popust za upokojence?",
        "geslo za e-Upravo je {password}, zapiši si ga nekam",
        "za varuško: če bo kaj narobe, kliči {phone_spaced} ali piši na {email}",
        "šolski izlet v {city}, odhod ob {time}, prispevek {price}",
        "paket {tracking} čaka na pošti, naročilo {order}",
    ),
    "es": (
        "Hola, vi tu auto en Marketplace, ¿todavía lo vendes? Soy {name}, mi WhatsApp es {phone}",
        "para el seguro: siniestro en el depto, asegurado {name}, dirección {address}",
        "oye la cuenta que me mandaste, {iban}, me sale rechazada, ¿tienes otra?",
        "autorización para el paseo de curso: apoderado {name}, fono {phone_spaced}, correo "
        "{email_spelled}",
        "la clave de la app del banco es {pin}, no se la digas a nadie po",
        "el formulario del Registro Civil me pide fecha de nacimiento, puse {dob}, ¿está bien?",
        "reunión de la junta de vecinos a las {time}, la cuota es {price}",
        "el pedido {order} llegó roto, ¿lo devuelvo en la sucursal de {city}?",
    ),
    "id": (
        "Halo kak, saya {name}, mobil yang dijual masih ada? WA saya {phone}",
        "alamat kirim paket: {address}, titip ke satpam aja ya",
        "DP-nya transfer ke rekening {iban} atas nama {name} ya kak",
        "formulir izin study tour: nama orang tua {name}, no HP {phone_spaced}",
        "password wifi rumah {password}, jangan dikasih ke tetangga",
        "email saya {email}, kirim invoicenya ke situ aja kak, tgl lahir {dob}",
        "grup RT: kerja bakti jam {time}, iuran {price} per rumah",
        "pesawat {flight} delay, boarding jam {time} di gate {gate}",
    ),
    "tr": (
        "Merhaba, ilandaki araba hâlâ satılık mı? Ben {name}, numaram {phone}",
        "depozitoyu {iban} hesabına yatırır mısınız, alıcı {name}",
        "kargo adresi: {address}, zil çalışmıyor, arayın lütfen",
        "vize randevusu için: ad soyad {name}, doğum tarihi {dob}, e-posta {email}",
        "kartın şifresi {pin}, annem bankamatikten çeksin diye yazıyorum",
        "site grubu: {first} hanımın telefonu {phone_spaced}, su kesintisi için arayın",
        "apartman toplantısı saat {time}, aidat {price} oldu",
        "sipariş {order} hâlâ gelmedi, kargo takip no {tracking}",
    ),
    "lt": (
        "Sveiki, ar automobilis dar parduodamas? Aš {name}, mano tel. {phone}",
        "siuntos adresas: {street}, {postcode_city}",
        "nuomos užstatą grąžinkite į sąskaitą {iban_spaced}, gavėjas {name}",
        "ekskursijos sutikimas: tėvai {name}, telefonas {phone_spaced}",
        "prisijungimas {email}, slaptažodis {password}, po to pasikeisk",
        "anketoje reikia gimimo datos, mano {dob}",
        "traukinys į {city} išvyksta {time}, bilietas kainuoja {price}",
        "užsakymas {order} vėluoja, sąskaita {invoice}",
    ),
    "lv": (
        "Labdien, vai auto vēl ir pārdošanā? Esmu {name}, mans tālrunis {phone}",
        "sūtījuma adrese: {address}",
        "drošības naudu lūdzu pārskaitīt uz {iban}, saņēmējs {name}",
        "auklei: ja kas, zvani {phone_spaced}, durvju kods {pin}",
        "mans e-pasts ir {email_bracket}, rakstiet uz to",
        "anketā jāieraksta dzimšanas datums, ierakstīju {dob}",
        "mājas sapulce plkst. {time}, {room}. dzīvoklī",
        "reiss {flight} uz {city} atcelts, kompensācija {price}",
    ),
    "et": (
        "Tere, kas auto on veel müügis? Olen {name}, minu number on {phone}",
        "paki aadress: {street}, {postcode_city}",
        "tagatisraha palun kanda kontole {iban}, saaja {name}",
        "ekskursiooni nõusolek: lapsevanem {name}, telefon {phone_spaced}, e-post {email}",
        "wifi parool on {password}, külalistele ära seda anna",
        "mu sünnikuupäev on {dob}, kas vanusepiirang on probleem?",
        "korteriühistu koosolek kell {time}, ruum {room}",
        "tellimus {order} maksis {price}, aga kohale tuli vale toode",
    ),
}


def fresh3_templates(language: str) -> list[tuple[str, str]]:
    """(template id, template) pairs of the fresh3 split for a locale whose language is given:
    every fresh3 English template plus that language's own fresh3 ones, if it has any."""
    out = [
        (f"fresh3-en-{kind}{i:02d}", t)
        for kind, group in (("p", FRESH3_ENGLISH_PII), ("n", FRESH3_ENGLISH_CLEAN))
        for i, t in enumerate(group)
    ]
    out += [
        (f"fresh3-{language}-{i:02d}", t) for i, t in enumerate(FRESH3_NATIVE.get(language, ()))
    ]
    return out
