"""Chat templates of the "fresh2" Faker PII split: a fourth set, written on 2026-12-07 by an
author who had not seen the recognizers, and committed before any measurement on it.

Why: the "fresh" split (``pii_templates_fresh.py``) was measured unseen once and its results
then informed fixes (issue #41), so it no longer gives an unseen figure. This set exists to be
measured exactly once and reported as it comes out.

How: written from scratch about how people write in chats - a group chat planning a barbecue,
a dispute with a landlord, an application form, a CSV row pasted from a spreadsheet, a
transcribed voice note, a medical appointment, a parcel-tracking chat with a bot, a dating-app
message, a bill split between friends, a forum post, a .env file - with the same slots as the
other splits (``pii_faker.PII`` and ``pii_faker.LOOK_ALIKES``, not the dev-only ones) and the
same obfuscation and look-alike machinery, and about the same share of PII-free messages.
The author read the generator, the older templates (to avoid repeating their wording and
situations) and the scoring code, but not ``pockettune/privacy/``, not any leak list
(``benchmarks/results/privacy*``) and not ``pii_templates_dev2.py``. The templates were not
made easy or hard for any recognizer, and are not edited after the measurement. They are
filled only with locales no other split uses (``pii_faker.FRESH2_LOCALES``).
"""

from __future__ import annotations

FRESH2_ENGLISH_PII = (
    "ok bbq at mine on {weekday}!! it's {street}, {postcode_city}. parking is a nightmare so "
    "share cars pls, {first} is bringing the extra chairs",
    "can you help me word a message to the letting agent? {name} promised to return my deposit "
    "by {weekday} and now ignores my calls to {phone}. I moved out of {unit} in {month}",
    "fix the layout of the top of my CV: {name} · {email} · {phone} · {city}",
    "why does the import fail on this row?\nname,email,phone,birthdate\n{name},{email},{phone},"
    "{dob}",
    "tidy up this voice note transcript: um hi it's {first} again so my number's changed it's "
    "{phone_spaced} and uh the new place is {address} ok see you",
    "the GP receptionist wants me to text her my full name, date of birth and mobile. is it ok "
    "to just send '{name}, {dob}, {phone}'?",
    "Bot: Please confirm the delivery postcode.\nMe: {postcode}\nBot: And the first line of the "
    "address?\nMe: {street}\nBot: Thanks! Your parcel {tracking} will arrive by {time}.",
    "matched with a guy called {first} on the app, he wants my number already. too soon to send "
    "{phone}?",
    "my ex-flatmate {first} {last} swears he sent my half of the deposit to {iban} but nothing "
    "came in. did he use the right account?",
    "dinner came to {price}, {first} paid for everyone so send your share to {iban_spaced} "
    "(reference: pizza)",
    "RSVP: {name} + 1, vegetarian. Please post the invitation to\n{address_lines}",
    "mum the streaming login is {email} and the password is {password}, please stop changing it",
    "typed my PIN {pin} wrong three times and the card is blocked, the letter says to call "
    "{phone}, is that really the bank?",
    "nginx on my vps ({ip}) returns 502 since the {version} upgrade, where do I start?",
    "why isn't this .env being picked up?\nDEBUG=true\nAPI_KEY={token}\nPORT=8080",
    "the new card arrived: {card}. the letter says to activate it in the app before "
    "{weekday}. do I have to?",
    "finance put my company card in the expenses spreadsheet as {card_plain}, column C, visible "
    "to everyone. is that allowed?",
    "book the hostel in {city} for me and {first2}, pay with {card_dashed}, two nights from "
    "{weekday}",
    "my daughter was born on {dob}, which school year does she go into here?",
    "the job ad says applicants must be over 21 on the closing date, I was born {dob_long}. can "
    "I apply?",
    "is this ok to post on the neighbourhood group? 'Selling a kids bike, {price}, message "
    "{email_bracket} or text {phone}'",
    "dictated: please send the quote to {email_spelled} before {weekday}, thanks",
    "write a reference letter for {name}, who worked the tills at my shop from {year} to {year}",
    "the flat above me ({unit}) has a party every night. the owner is {name}, what can I do?",
    "found a wallet on the bus, the card inside says {name}, {address}. how do I get it back "
    "to them?",
    "waiting for the roofer, {first_lower} said he'd come at {time} but his phone ({phone_spaced})"
    " goes to voicemail",
    "the accountant needs my bank account for the tax refund, it's {iban}, and my address for "
    "the letter is {street}, {postcode_city}",
    "do you deliver to {postcode}? the checkout says my area isn't covered",
    "send flowers to my gran please: {name}, {address}. card: happy 90th, love from all of us",
    "the school app wants a new password, I picked {password}, strong enough?",
    "new phone who dis 😄 save this one: {phone_spaced} - {first}",
    "our CI log printed 'Authorization: Bearer {token}' in plain text, how do I mask it?",
    "{first} sent me her bike lock combination {pin} so I can borrow it on {weekday}, where "
    "should I keep it?",
    "how do I address this envelope to go abroad?\n{name}\n{address_lines}",
)

FRESH2_ENGLISH_CLEAN = (
    "bbq moved to {weekday} {time}, everyone chip in {price} for the meat please",
    "the landlord says rent goes up by {price} from {month}, is one month's notice enough?",
    "interview for the job ref {invoice} is on {weekday} at {time}, second round in {month}",
    "appointment moved to {weekday} at {time}, room {room}, bring the referral letter",
    "the parcel {tracking} says 'held at depot' and the depot closes at {time}, worth driving "
    "there?",
    "the app asks me to update from {version2} to {version} but I'm on a metered connection",
    "payment fails with error {errnum}, cart total {price}, tried two browsers",
    "landing on {flight} at {time}, then the bus to {city}. is a 40 minute transfer enough?",
    "the washing machine, model {sku}, serial {serial}, shows E21. manual page {page} doesn't help",
    "we won {price} with {lottery} lol, how do we split it five ways?",
    "the loyalty card barcode {luhn_invalid} won't scan at the till, do I lose my points?",
    "translate this recipe from {language} to {language2}, keep the measurements",
    "order {order} went out on {weekday} but tracking {tracking} hasn't moved since",
    "camera firmware is {version4}, released {month} {year}, worth the update?",
)

FRESH2_NATIVE = {
    "pt": (
        "Olá! Vi o anúncio do T2 em {city}, ainda está disponível? Chamo-me {name}, pode ligar-me "
        "para o {phone}",
        "para a inscrição no clube de futebol do miúdo: {name}, nascido a {dob}, morada {address}",
        "o senhorio quer a renda por transferência para {iban}, mas o contrato diz outra coisa, "
        "o que faço?",
        "vendo a bicicleta por {price}, interessados mandem email para {email}",
        "a senha do portal das finanças é {password}, não partilhes com ninguém",
        "liga ao canalizador, o número dele é {phone_spaced}, diz que foste recomendado por {first}",
        "a consulta passou para as {time}, gabinete {room}, leva o cartão de utente",
        "a encomenda {order} veio com a peça errada e custou {price}, como peço a troca?",
    ),
    "nl": (
        "Hallo, ik solliciteer voor de job als magazijnier. {name}, {phone}, {email}. Mijn cv "
        "zit in bijlage.",
        "dag buurman, het pakje voor {street} is bij ons afgegeven, groetjes {first}",
        "de huurwaarborg mag op {iban_spaced}, op naam van {name}",
        "voor de babysit: alarmcode {pin}, gsm van mama {phone_spaced}, slapen om acht uur",
        "mijn bankkaart {card} werd gisteren geweigerd aan de kassa, wat moet ik doen?",
        "kunt ge dit formulier voor mij invullen? geboortedatum {dob}, adres {street}, "
        "{postcode_city}",
        "de voetbaltraining is verplaatst naar {time}, veld {room}",
        "factuur {invoice} van {price}, vervaldag binnen 30 dagen, klopt dat?",
    ),
    "fr": (
        "Salut, c'est {first}, j'ai changé de natel, le nouveau c'est {phone_spaced}",
        "pour la régie : {name}, {address}, je conteste le décompte de charges",
        "inscription au cours de natation : enfant {name}, né le {dob}, contact {email}",
        "le code de l'immeuble c'est {pin}, le parking est derrière",
        "tu peux me rembourser sur {iban} ? c'est pour le cadeau de {first2}",
        "j'ai reçu un SMS qui demandait mon mot de passe e-banking et j'ai répondu {password}, "
        "c'est grave ?",
        "le match commence à {time}, les billets sont à {price}, on se retrouve à {city} ?",
        "rappel buanderie : ton créneau c'est {time}, local {room}, merci de vider le filtre",
    ),
    "no": (
        "Hei, jeg heter {name} og lurer på om leiligheten fortsatt er ledig. Ring meg gjerne på "
        "{phone}",
        "du kan levere sofaen på {street}, {postcode_city}, jeg er hjemme etter {time}",
        "vi deler på hytteturen, send {price} til {iban}",
        "legetimen er bekreftet: {name}, født {dob}, tlf {phone_spaced}",
        "hei {first_lower}, koden til sykkelboden er {pin}",
        "svar på annonsen: send bilder til {email_spelled}",
        "ordre {order} kostet {price}, men bare halve bestillingen kom",
        "dugnad i borettslaget kl. {time}, vi trenger {room} frivillige",
    ),
    "es": (
        "Buenas tardes, le escribe {name}, me interesa el apartamento en arriendo. Mi "
        "celular es {phone}",
        "parce, me tocó cambiar la clave del correo, quedó {password}, anótala por si se me olvida",
        "mándeme la cuenta de cobro a {email}, porfa, y le consigno el viernes",
        "la dirección para el domicilio es {address}, el timbre no sirve, llame al llegar",
        "me clonaron la tarjeta {card_dashed}, ¿qué hago primero?",
        "datos del acudiente: {name}, celular {phone_spaced}, correo {email_bracket}",
        "la novena empieza a las {time}, cada uno pone {price} para la comida",
        "el pedido {order} por {price} todavía no llega y ya van dos semanas",
    ),
    "hr": (
        "Pozdrav, ja sam {name}, javljam se na oglas za konobara. Broj mobitela: {phone}",
        "adresa za dostavu: {street}, {postcode_city}, drugi kat, zvono ne radi",
        "stanodavac traži da stanarinu uplatim na {iban_spaced}, primatelj {name}, je li to "
        "normalno?",
        "rođena sam {dob}, trebam li već mijenjati osobnu?",
        "lozinka za e-Građane je {password}, zapiši je negdje",
        "javi se na {email}, može i na {phone_spaced}",
        "paket {tracking} još nije stigao, a platio sam {price}",
        "trening je pomaknut na {time}, dvorana {room}",
    ),
    "az": (
        "Salam, mənim adım {name}. Elandakı mənzil hələ kirayədir? Nömrəm: {phone}",
        "sifarişi bu ünvana göndərin: {address}",
        "kirayə pulunu {iban} hesabına köçürün, alıcı {name}",
        "CV-ni {email} ünvanına göndərdim, hələ cavab gəlmədi",
        "həkim qəbulu üçün: {name}, doğum tarixi {dob}, telefon {phone_spaced}",
        "kartın PIN kodu {pin}, amma bankomat qəbul etmir",
        "{order} nömrəli sifariş hələ gəlmədi, {price} ödəmişəm",
        "iclas saat {time} üçün təyin olunub, {room} saylı otaqda",
    ),
}


def fresh2_templates(language: str) -> list[tuple[str, str]]:
    """(template id, template) pairs of the fresh2 split for a locale whose language is given:
    every fresh2 English template plus that language's own fresh2 ones, if it has any."""
    out = [
        (f"fresh2-en-{kind}{i:02d}", t)
        for kind, group in (("p", FRESH2_ENGLISH_PII), ("n", FRESH2_ENGLISH_CLEAN))
        for i, t in enumerate(group)
    ]
    out += [
        (f"fresh2-{language}-{i:02d}", t) for i, t in enumerate(FRESH2_NATIVE.get(language, ()))
    ]
    return out
