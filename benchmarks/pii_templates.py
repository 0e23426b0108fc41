"""Chat templates for the Faker PII benchmark, written before any recognizer was tuned on them.

Each template is a message a user might type to an assistant, with ``{slot}`` holes that
``pii_faker.py`` fills with Faker values of one locale (``SLOTS`` there says which slots are
PII and which are look-alikes that must stay). They were written in one go and committed
before pockettune's recognizers changed for issue #41, so git history shows the recognizers
were fitted to them, not they to the recognizers; they are not edited to make a figure.

Split: English templates alternate dev/test by position; a template in another language is
used only with locales of that language, and the languages are split with the locales
(fr, de, es, pl: dev; it, nl, pt, vi: test), so dev and test share no template.
"""

from __future__ import annotations

ENGLISH_PII = (
    "hi, I'm {name} and I need help rewriting my cover letter",
    "can you draft an email to {name} saying the meeting moved to Thursday?",
    "my landlord {name} still hasn't fixed the heating, what are my rights?",
    "{first} said she'd call me back but never did. should I text her?",
    "write a birthday message for my sister {first}, she turns 30 on {weekday}",
    "Dear {name},\nthanks for the quick reply.\nBest, {first}",
    "remind me to pay Mr {last} for the piano lessons, it's {price}",
    "{name} ({email}) is the new contact for the project",
    "my email is {email} if you need to send me the summary",
    "send it to {email_spelled} please, the normal one bounces",
    "reach me at {email_bracket} for the rest of the week",
    "you can call me on {phone} after 6pm",
    "my number changed, it's now {phone_spaced}",
    "text {first} at {phone} to confirm the table for 8 at {time}",
    "the package should go to {address}",
    "I just moved! new address:\n{address_lines}",
    "can you check if {street} is in a flood zone?",
    "I live at {street}, {postcode_city}, how far is the nearest hospital?",
    "my postcode is {postcode}, which day are the bins collected?",
    "I'm in {unit} on the third floor, the buzzer is broken",
    "deliver to {street}, {unit}, leave it with the concierge",
    "my card number is {card} exp 09/27, why was it declined?",
    "charged twice on {card}, what do I tell the bank",
    "the card ending... actually here's the full one: {card_plain}",
    "please wire the deposit to {iban}, reference {order}",
    "my IBAN is {iban_spaced}, is that the right format for a SEPA transfer?",
    "my password is {password}, is it strong enough?",
    "the wifi password is {password} if you come over",
    "PIN {pin}, don't tell anyone lol",
    "I always forget my passcode, it's {pin} right?",
    "login: {email} / {password}",
    "I was born on {dob_long}, what's my star sign?",
    "date of birth {dob} - does that make me eligible for the senior fare?",
    "my server is at {ip}, why can't I ssh into it?",
    "block {ip} in the firewall, it keeps hitting the login page",
    "{name}, {street}, {postcode_city}, phone {phone}",
    "my api token is {token}, can you check why the request fails?",
    "the door code for the building is {pin}#",
    "met {name} at the conference in {city}, how do I follow up on LinkedIn?",
    "my friend {first_lower} is coming over tonight, what should I cook",
    "Ship to: {name}\n{address_lines}\nTel: {phone}",
    "my old address was {address} but I moved in {month}",
    "the code is {pin}, it expires in 10 minutes",
    "is {card_dashed} a Visa or a Mastercard?",
    "{first} and {first2} are splitting the rent, {price} each",
    "note for later: {last} family, {street}, gate code {pin}",
)

ENGLISH_CLEAN = (
    "order {order} still hasn't shipped, it's been two weeks",
    "the meeting is at {time} in room {room}, bring the {version} release notes",
    "it cost {price} at the store, is that a good deal?",
    "upgrading from {version} to {version2} broke my plugin",
    "tracking number {tracking}, where is my parcel?",
    "flight {flight} leaves at {time} from gate {gate}",
    "{city} is lovely in {month}, any tips for a weekend there?",
    "my invoice {invoice} says {price} but I paid less",
    "the train at {time} to {city} was cancelled again",
    "page {page} of the manual says to hold the button for 5 seconds",
    "reference {invoice}: the ticket was closed by support",
    "python {version} on ubuntu 22.04 can't find the module",
    "set a timer for {time} and the oven to 180 degrees",
    "product code {sku} is out of stock everywhere",
    "we're {room} people, booking for {time} on {weekday}",
    "the spec says the ratio is {version4}, is that a typo?",
    "the bill was {price} split between 4, how much each?",
    "serial number {serial} is on the back of the router",
    "{month} {year} was the warmest on record in {city}",
    "the lottery numbers were {lottery}",
    "the barcode on the box is {luhn_invalid}",
    "my order {order} from {city} costs {price}, arriving {weekday} at {time}",
)

NATIVE = {
    # dev languages
    "fr": (
        "je m'appelle {name}, vous pouvez m'aider avec ma lettre de motivation ?",
        "mon adresse : {address}",
        "mon numéro de portable est le {phone}",
        "mon mot de passe est {password}, il est assez solide ?",
        "le code de la porte c'est {pin}",
        "né le {dob}, est-ce que j'ai droit à la réduction ?",
        "écris à {email} pour confirmer",
        "envoyez le colis à {street}, {postcode_city}",
        "{first} vient dîner ce soir, une idée de recette ?",
        "la commande n° {order} n'est toujours pas arrivée",
        "le train de {time} pour {city} est annulé",
        "ça coûte {price}, c'est cher ?",
    ),
    "de": (
        "ich heiße {name} und brauche Hilfe bei meinem Lebenslauf",
        "meine Adresse ist {address}",
        "ruf mich an unter {phone}",
        "mein Passwort lautet {password}, ist das sicher genug?",
        "die PIN ist {pin}, bitte nicht weitersagen",
        "Geburtsdatum: {dob}",
        "schick die Rechnung an {email}",
        "Lieferung bitte an {street}, {postcode_city}",
        "{first} kommt heute zum Essen, was soll ich kochen?",
        "Bestellnummer {order} ist immer noch nicht da",
        "der Zug um {time} nach {city} fällt aus",
        "kostet {price}, lohnt sich das?",
    ),
    "es": (
        "me llamo {name} y necesito ayuda con mi currículum",
        "mi dirección es {address}",
        "mi teléfono es el {phone}",
        "mi contraseña es {password}, ¿es segura?",
        "el código es {pin}, caduca en 5 minutos",
        "fecha de nacimiento: {dob}",
        "escríbeme a {email}",
        "mi código postal es {postcode}, ¿qué día pasa la basura?",
        "{first} viene a cenar esta noche, ¿qué preparo?",
        "el pedido {order} todavía no ha llegado",
        "la reunión es a las {time} en {city}",
        "cuesta {price}, ¿es caro?",
    ),
    "pl": (
        "nazywam się {name} i potrzebuję pomocy z CV",
        "mój adres to {address}",
        "mój numer telefonu to {phone}",
        "moje hasło to {password}, czy jest wystarczająco silne?",
        "kod PIN to {pin}, nikomu nie mów",
        "data urodzenia: {dob}",
        "napisz do mnie na {email}",
        "kod pocztowy {postcode}, który to urząd skarbowy?",
        "{first} przychodzi dziś na kolację, co ugotować?",
        "zamówienie nr {order} jeszcze nie dotarło",
        "pociąg o {time} do {city} jest odwołany",
        "to kosztuje {price}, czy to drogo?",
    ),
    # test languages
    "it": (
        "mi chiamo {name} e ho bisogno di aiuto con il curriculum",
        "il mio indirizzo è {address}",
        "il mio numero di cellulare è {phone}",
        "la mia password è {password}, è abbastanza sicura?",
        "il codice del portone è {pin}",
        "data di nascita: {dob}",
        "scrivimi a {email}",
        "spedire a {street}, {postcode_city}",
        "{first} viene a cena stasera, cosa cucino?",
        "l'ordine n. {order} non è ancora arrivato",
        "il treno delle {time} per {city} è in ritardo",
        "costa {price}, è un buon prezzo?",
    ),
    "nl": (
        "ik heet {name} en ik zoek hulp bij mijn sollicitatiebrief",
        "mijn adres is {address}",
        "bel me op {phone}",
        "mijn wachtwoord is {password}, is dat sterk genoeg?",
        "de pincode is {pin}, niet doorvertellen",
        "geboortedatum: {dob}",
        "mail me op {email}",
        "mijn postcode is {postcode}, wanneer wordt het afval opgehaald?",
        "{first} komt vanavond eten, wat zal ik koken?",
        "bestelling {order} is nog steeds niet bezorgd",
        "de trein van {time} naar {city} rijdt niet",
        "het kost {price}, is dat duur?",
    ),
    "pt": (
        "meu nome é {name} e preciso de ajuda com meu currículo",
        "meu endereço é {address}",
        "meu celular é {phone}",
        "minha senha é {password}, ela é segura?",
        "o código é {pin}, vale por 10 minutos",
        "data de nascimento: {dob}",
        "me manda um email em {email}",
        "meu CEP é {postcode}, qual é o bairro?",
        "{first} vem jantar hoje, o que eu cozinho?",
        "o pedido {order} ainda não chegou",
        "a reunião é às {time} em {city}",
        "custa {price}, está caro?",
    ),
    "vi": (
        "tôi tên là {name}, bạn giúp tôi viết thư xin việc nhé",
        "địa chỉ của tôi là {address}",
        "số điện thoại của tôi là {phone}",
        "mật khẩu của tôi là {password}, có đủ mạnh không?",
        "mã PIN là {pin}, đừng nói với ai nhé",
        "ngày sinh: {dob}",
        "gửi email cho tôi qua {email}",
        "giao hàng đến {street}, {postcode_city}",
        "{first} tối nay đến ăn cơm, tôi nên nấu gì?",
        "đơn hàng {order} vẫn chưa tới",
        "chuyến tàu lúc {time} đi {city} bị hủy",
        "giá {price}, có đắt không?",
    ),
}

LANGUAGE_SPLIT = {"fr": "dev", "de": "dev", "es": "dev", "pl": "dev"}
LANGUAGE_SPLIT |= {"it": "test", "nl": "test", "pt": "test", "vi": "test"}


def templates(split: str, language: str) -> list[tuple[str, str]]:
    """(template id, template) pairs of one split for a locale whose language is given:
    the split's English templates plus that language's own, if the language is in it."""
    out = [
        (f"en-{kind}{i:02d}", t)
        for kind, group in (("p", ENGLISH_PII), ("n", ENGLISH_CLEAN))
        for i, t in enumerate(group)
        if ("dev", "test")[i % 2] == split
    ]
    if LANGUAGE_SPLIT.get(language) == split:
        out += [(f"{language}-{i:02d}", t) for i, t in enumerate(NATIVE[language])]
    if split == "dev":
        from pii_templates_dev2 import dev_extra

        out += dev_extra(language)
    return out
