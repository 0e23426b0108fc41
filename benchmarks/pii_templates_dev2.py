"""Dev-only templates added for issue #41 after the fresh split's first measurement.

They exercise the general weaknesses that measurement showed (listed in the issue, not
copied from its messages): lower-case first names at the start or after a greeting, bare
surnames after "under"/"for"/"c/o"/"attn"/"au nom de", phones alone on a line of a contact
or signature, 7-digit local numbers and extensions, P.O. boxes, a street whose postcode and
town sit on the next line, secret and birth-date cues in more languages, and look-alikes
(language names, firmware versions, error and case numbers). They are used with the dev
locales only (plus dev-only locales in no other split), so test and fresh stay unseen.
"""

from __future__ import annotations

ENGLISH_PII_EXTRA = (
    "{first_lower} you forgot your charger at mine again, come get it",
    "hey {first_lower}, are we still on for {time}?",
    "table for {room} at {time} under {last} please",
    "parcel for {last}, c/o {name}, {street}",
    "attn {last}: the invoice {invoice} is attached",
    "here's the landlord's contact:\n{name}\n{phone}\n{email}",
    "fix my signature:\n--\n{name}\nOffice Manager\nT: {phone_local7} | {email}",
    "ring the office on {phone_ext} and ask for billing",
    "my mobile: {phone_local7}, text before calling",
    "post the keys to {po_box}, {postcode_city}",
    "new address:\n{street}\n{postcode_city}\nsee you there",
    "forwarding address is {po_box} until {month}",
    "the booking is for {last}, arriving {weekday}",
)
ENGLISH_CLEAN_EXTRA = (
    "translate this into {language} for me: the meeting moved to {weekday}",
    "router firmware {version4} keeps crashing, should I roll back?",
    "error #{errnum} when I open the app, what does it mean?",
    "case number {errnum}, support said to wait",
    "ticket {errnum} was closed without an answer",
    "is {language} harder to learn than {language2}?",
    "firmware version {version4} is the latest one I think",
)
NATIVE_EXTRA = {
    "fr": (
        "salut {first_lower}, tu passes ce soir ?",
        "réservation au nom de {last} pour {room} personnes",
        "le code de la boîte aux lettres c'est {pin}",
        "date de naissance : {dob}",
        "le mot de passe du wifi : {password}",
        "erreur n° {errnum} au démarrage, une idée ?",
    ),
    "de": (
        "hallo {first_lower}, kommst du heute noch vorbei?",
        "Tisch für {room} Personen auf den Namen {last}",
        "das Kennwort fürs WLAN ist {password}",
        "geboren am {dob} in {city}",
        "der Code für den Schlüsselkasten ist {pin}",
        "Fehlernummer {errnum} beim Login, was tun?",
    ),
    "es": (
        "hola {first_lower}, ¿vienes hoy?",
        "reserva a nombre de {last} para {room} personas",
        "la clave del wifi es {password}",
        "nacida el {dob}, ¿me toca la vacuna?",
        "el código del portal es {pin}",
        "número de pedido {errnum}, sigue sin llegar",
    ),
    "pl": (
        "cześć {first_lower}, wpadniesz dziś?",
        "rezerwacja na nazwisko {last}, {room} osób",
        "hasło do wifi: {password}",
        "urodzona {dob}, czy mam zniżkę?",
        "kod do skrzynki to {pin}",
        "błąd nr {errnum} przy logowaniu",
    ),
    "sk": (
        "moja adresa je {street}, {postcode_city}",
        "heslo na wifi je {password}",
        "dátum narodenia: {dob}",
        "ahoj {first_lower}, ideš dnes von?",
        "objednávka č. {errnum} stále neprišla",
        "zavolaj mi na {phone}",
    ),
    "fi": (
        "osoitteeni on {street}, {postcode_city}",
        "salasana on {password}",
        "syntymäaika: {dob}",
        "hei {first_lower}, tuletko tänään?",
        "tilausnumero {errnum} ei ole vieläkään tullut",
        "soita minulle {phone}",
    ),
    "hu": (
        "a címem {street}, {postcode_city}",
        "a jelszó {password}",
        "születési dátum: {dob}",
        "szia {first_lower}, jössz ma?",
        "rendelésszám {errnum} még nem jött meg",
        "hívj a {phone} számon",
    ),
}
EXTRA_LOCALES = ("sk_SK", "fi_FI", "hu_HU", "de_CH", "es_AR")
"""Dev-only locales: in no test or fresh split."""


def dev_extra(language: str) -> list[tuple[str, str]]:
    """(template id, template) pairs added to the dev split for a locale's language."""
    out = [
        (f"en-x{kind}{i:02d}", t)
        for kind, group in (("p", ENGLISH_PII_EXTRA), ("n", ENGLISH_CLEAN_EXTRA))
        for i, t in enumerate(group)
    ]
    out += [(f"{language}-x{i:02d}", t) for i, t in enumerate(NATIVE_EXTRA.get(language, ()))]
    return out
