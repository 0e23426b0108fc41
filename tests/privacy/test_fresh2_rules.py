"""The rules added after the Faker fresh2 split's first measurement (issue #41), on messages
written for these tests: each redacted case has a near miss that must stay."""

import pytest

from .shared import covered, found


@pytest.mark.parametrize(
    "text, category, value",
    [
        # secrets: a value chosen some words after the cue; more cue words and languages
        ("the bank wants a new password so I chose Tr0mb0ne!x, ok?", "secret", "Tr0mb0ne!x"),
        ("changed the wifi password, we went with K4ng-aroo, tell the kids", "secret", "K4ng-aroo"),
        ("la clave del banco quedó Pera-22-uva, no la olvides", "secret", "Pera-22-uva"),
        ("on m'a demandé mon mot de passe par SMS et j'ai répondu Zz9$ab", "secret", "Zz9$ab"),
        ("the padlock combination 4471 is on the fridge", "secret", "4471"),
        ("alarmcode 77120, vergeet het niet", "secret", "77120"),
        ("lozinka za wifi je Kruh-7-mlijeko", "secret", "Kruh-7-mlijeko"),
        ("kartın PIN kodu 5531, unutma", "secret", "5531"),
        # addresses: a postcode after a delivery cue or as an answer; street forms
        ("can you ship to 4051? it's Basel", "address", "4051"),
        ("Bot: What's your postcode?\nMe: 2204", "address", "2204"),
        ("Agent: and the street address?\nMe: Kirkeveien 12B", "address", "Kirkeveien 12B"),
        ("please post it to Carrera 7 # 45-12 Sur, Bogotá", "address", "Carrera 7 # 45-12 Sur"),
        ("Calle 182 Bis N° 4296 is my gran's", "address", "Calle 182 Bis N° 4296"),
        ("ünvan: Gəncə ş., NİZAMİ küçəsi, b. 4, m. 12", "address", "NİZAMİ küçəsi, b. 4, m. 12"),
        ("we moved to rue Marty 69, 1205 Genève", "address", "rue Marty 69"),
        ("party at Storvegen 17, 2204 Næss. bring chairs", "address", "Storvegen 17, 2204"),
        ("it's 8007-I 94th Road Extension, Makati", "address", "8007-I 94th Road Extension"),
        ("it's 5 NİZAMİ, AZ1000 Bakı", "address", "5 NİZAMİ, AZ1000"),
        # phones: the trunk zero after a country code, a field of a contact line
        ("reach me at +32(0)471 12 34 56 tonight", "phone", "+32(0)471 12 34 56"),
        ("Ola Nordmann · ola@example.no · 412 34 567 · Oslo", "phone", "412 34 567"),
        # dates of birth: more languages, a far cue, a CSV column
        ("rođen sam 04.05.1988 u Splitu", "dob", "04.05.1988"),
        ("doğum tarixi 12-03-1990", "dob", "12-03-1990"),
        (
            "the form asks my name, date of birth and town: 'Ana Ruiz, 02/11/1961, Cali'",
            "dob",
            "02/11/1961",
        ),
        ("fix this csv\nname,email,birthdate\nAna Ruiz,ana@x.co,02/11/1961", "dob", "02/11/1961"),
        (
            "fix this csv\nname,email,birthdate\nAn Coppens Gielen,ana@x.co,02/11/1961",
            "name",
            "An Coppens Gielen",
        ),
        # names: subjects, "a guy called", "it's X again", a saved contact, a language surname
        ("waiting for the plumber, brenda said she'd come", "name", "brenda"),
        ("Melissa sent me the tickets", "name", "Melissa"),
        ("went on a date with a guy called Laura", "name", "Laura"),
        ("hi it's Martin again, call me back", "name", "Martin"),
        ("save this: 0412 555 019 - Erica", "name", "Erica"),
        ("Rhonda French · rf@example.com", "name", "Rhonda French"),
        (
            "address it to\nStella Patricia Sánchez\nCalle 5 # 3-2",
            "name",
            "Stella Patricia Sánchez",
        ),
        (
            "spaced IBAN: send your share to PH55 8773 0414 0332 6701",
            "iban",
            "PH55 8773 0414 0332 6701",
        ),
    ],
)
def test_redacted(text, category, value):
    assert covered(text, category, value), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "I changed my password yesterday and picked a strong one",
        "the combination of both is fine, I picked 3 of them",
        "mon mot de passe e-banking ne marche plus",
        "the postcode changed to 2000 last year",
        "do you deliver to the office?",
        "Bot: what's your address?\nMe: I'll tell you at 5",
        "Bot: Please confirm the delivery postcode.\nAgent: one moment",
        "Customer: my order hasn't arrived",
        "the landlord says rent goes up by $1692.56 from September",
        "rent goes up by 332.000 đ from July",
        "dinner came to 1684,16 €, split four ways",
        "ordre 8456-4038-230 kom ikke",
        "Olá! Vi o anúncio do T2, ainda está disponível?",
        "it's May again, time for the garden",
        "I speak French and my friend speaks English",
        "the meeting was on 12/05/2024",
        "product,qty,price\nwidget,3,4.50",
        "my flight AZ 610 lands at 9",
        "can you send them to 1200 customers by Friday",
        "I was born in Leeds, studied in York, worked in Hull, then moved down to London for my first proper job, 03/04/2010",
    ],
)
def test_kept(text):
    assert found(text) == []
