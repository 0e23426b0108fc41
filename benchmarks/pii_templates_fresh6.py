"""Chat templates of the "fresh6" Faker PII split: an eighth set, written on 2026-12-07 by an
independent author who had not seen the recognizers, and committed before any measurement on it.

Why: the "fresh" to "fresh5" splits were each measured unseen once and their results then
informed fixes, so none of them gives an unseen figure any more. This set exists to be measured
exactly once, alone (``privacy.py --split fresh6``), and reported as it comes out, to see whether
the rules generalize to text nobody tuned to.

What: text as a real user pastes it into an English-speaking assistant - every template is in
English (chat messages, e-mails, forms, logs, notes) - while the values come from 8 locales no
other split uses (``pii_splits.FRESH6_LOCALES``: Russian, Persian, Hindi, Bengali, Thai,
Chinese, Armenian and Ghanaian), so names and addresses are often in another script inside
English text, the way they are when people paste what they were sent. The split has its own
seed (``pii_splits.FRESH6_SEED``).

How: written from scratch in situations no earlier set uses - a university transcript request,
a mortgage pre-approval summary, a physio intake form, a notes-app dump of logins, a class
reunion RSVP list, a support chat with an internet provider, a typed-up shipping label, a bug
report with a home directory in the traceback, a noise complaint, a vehicle transfer form, a
blood-donation text, a charity-run volunteer roster, lost luggage, an electricity move-in, a
birthday transfer from a grandmother, a contract header, a kindergarten pick-up authorisation,
a lost-dog poster, a git author fix, a postfix bounce, a court letter, a holiday-flat key box, a
football carpool, a parking-fine appeal, reference-call notes, a phishing check, an LDIF entry,
a birth announcement, a rent guarantor, a bike-shop ticket, a dentist reminder, a summer-camp
form, number porting, a notebook cell with an API key, an extra cardholder, a home camera
login, a condolence card, a driving-test booking, a home-swap listing - with the same slots as
the other splits (``pii_faker.PII`` and ``pii_faker.LOOK_ALIKES``, not the dev-only ones), the
same obfuscation and look-alike machinery, and about the same number of templates and share of
PII-free messages as fresh5. The author read the generator, the split registry, the earlier
templates (only for their format, slots and situations, to avoid repeating them), the scoring
code and the report script, but not ``pockettune/privacy/``, not the privacy tests, not any leak
list or result (``benchmarks/results/privacy*``, ``benchmarks/results/redact*``). The templates
were not made easy or hard for any recognizer and are not edited after the measurement.
"""

from __future__ import annotations

FRESH6_ENGLISH_PII = (
    "can you make this sound more formal? 'Dear Registrar, please send an official transcript "
    "to my new address:\n{address_lines}\nStudent: {name}, date of birth {dob}, student email "
    "{email}. Thanks'",
    "mortgage broker wants a summary before the pre-approval:\nApplicant: {name}\nDOB: {dob}\n"
    "Current address: {address}\nSalary account: {iban}\nMobile: {phone}\nwhat else will they ask?",
    "New patient intake - Physio\nName: {first} {last}\nDate of birth: {dob_long}\nPhone: "
    "{phone}\nEmergency contact: {first2}, {phone_spaced}\nReason: knee pain since {month}\n"
    "which of these can I leave blank?",
    "I keep all this in my notes app, is that dumb?\nmail login: {email} / {password}\n"
    "bank app PIN: {pin}\ngithub token: {token}",
    "Class of {year} reunion RSVPs so far:\n1. {name} - {email}\n2. {first} {last} - {phone}\n"
    "3. {first2} (plus one) - {email_bracket}\ncan you turn this into a table?",
    "here's my chat with the internet provider, did the agent do something wrong?\nAgent: Can I "
    "confirm the account holder?\nMe: {name}\nAgent: And the installation address?\nMe: {street}, "
    "{postcode_city}\nAgent: For security, the full card on file?\nMe: {card}",
    "the label photo came out blurry so I typed it: SHIP TO {name} {address_lines}\nTEL {phone}\n"
    "TRACKING {tracking}\nPCS 1/1. is the address complete?",
    "bug report draft, make it clearer?\n**Steps**: run sync after logging in as {email}\n"
    '**Error**:\n  File "/home/{first_lower}/projects/sync/cli.py", line 212, in main\n'
    "PermissionError: [Errno 13] /home/{first_lower}/.cache/sync\n**Version**: {version}",
    "help me write a complaint to building management about the noise from {unit} every night "
    "after {time}. I'm {name} in the flat below, they can reach me at {phone}",
    "vehicle transfer form, seller part:\nSeller: {name}, {address}\nBuyer: {first} {last}, "
    "born {dob}\nSale price: {price}\nis it ok if we both sign on {weekday}?",
    "got this text, is it legit? 'Thank you {first}! Your blood donation is booked for {weekday} "
    "at {time}. Bring ID showing your date of birth ({dob}). Questions: {phone}'",
    "volunteer roster for the charity run, sort by first name please:\n{name} - water station - "
    "{phone}\n{first} {last} - finish line - {phone_spaced}\n{first2} - first aid - {email}",
    "the airline lost my suitcase on flight {flight}. claim form: passenger {name}, deliver to "
    "{street}, postcode {postcode}, contact {email} or {phone}. how long does this take?",
    "moving into {unit}, {street} on the 1st. the power company wants the account holder {name}, "
    "born {dob_long}, and a direct debit from {iban_spaced}. can the contract start earlier?",
    "grandma wants to send me money for my birthday but she's not good with apps. write her "
    "simple steps: recipient {name}, IBAN {iban_spaced}, reference 'birthday'",
    "check this contract header: 'This agreement is made between {name}, residing at {address}, "
    "e-mail {email} (the Contractor), and Bluebird Studio Ltd (the Client).' too old-fashioned?",
    "kindergarten pick-up authorisation: my son {first} may be collected by {name} ({phone}) "
    "on {weekday}s. signed {first2} {last}. do I need anything else?",
    "make a LOST DOG poster: brown spaniel, answers to Biscuit, last seen near {street} on "
    "{weekday} evening. call {first} on {phone_spaced} or email {email_spelled}",
    "how do I fix the author on my last commits? git log shows\nAuthor: {name} <{email}>\nbut it "
    "should be my work address",
    "what does this postfix line mean? to=<{email}>, relay=none, delay={version2}, "
    "client=unknown[{ip}], status=bounced",
    "got a court letter, explain it in plain English: 'The defendant, {name}, of\n{address_lines}"
    "\nborn {dob}, is summoned to appear on {month} 14 at {time}.' is this a scam?",
    "guest message for my holiday flat, check the tone: Hi! The key box is by the side door of "
    "{street}, code {pin}. Any problems, call me ({first}) on {phone}.",
    "carpool list for football practice:\n{first} - {street} - {phone}\n{first2} - {street} - "
    "{phone_spaced}\nwho should drive on {weekday}?",
    "appeal against a parking fine, help me word it. I'm {name}, my flat is {unit}, {street}, "
    "{postcode_city}, the bay is for residents and I have a permit.",
    "notes from a reference call, turn them into a short summary: candidate {name}. spoke to "
    "former manager {first} {last} ({phone}) on {weekday}, very positive, would rehire.",
    "is this phishing? 'Hello {first}, your temporary password is {password}. Sign in with "
    "{email} within 24 hours. New sign-in detected from {ip}.'",
    "importing into our directory, what's wrong with this LDIF?\ndn: uid={first_lower},"
    "ou=people,dc=example,dc=com\ncn: {name}\nmail: {email}\ntelephoneNumber: {phone}",
    "birth announcement for the family group, make it sweet: {first} arrived on {dob_long}, "
    "3.4 kg! proud parents {name} and {first2}. cards to {address}",
    "the letting agent wants a guarantor form: guarantor {name}, date of birth {dob}, home "
    "address {address}, phone {phone}. does my dad have to live in the same country?",
    "bike shop ticket: customer {first_lower} {last}, tel {phone}, job: new chain + brake pads, "
    "quote {price}, ready {weekday}. is that expensive?",
    "dentist reminder, can I reply to this? 'Hi {name}, reminder of your check-up {weekday} at "
    "{time}. To reschedule call {phone}.'",
    "summer camp form: child {first} {last}, born {dob}, allergies: peanuts. parent phone "
    "{phone_spaced}. deposit paid with card {card_dashed}. what does 'medical waiver' mean?",
    "switching landline provider and keeping my number {phone}. they need the account holder "
    "{name}, the address {address} and my old account PIN {pin}. what's number porting?",
    'why does this notebook cell fail?\n```\nclient = Client(api_key="{token}")\n'
    'client.send(to="{email}", subject="report {invoice}")\n```',
    "adding my daughter as an extra cardholder on {card_plain}. she's {first} {last}, date of "
    "birth {dob}. can she have her own PIN?",
    "is my camera safe? I open it from work at http://{ip}:8080, login {email} / {password}, "
    "firmware {version}",
    "help me write a condolence card to the family of {name}. I'll post it to\n{address_lines}\n"
    "I knew them from the chess club.",
    "booking my driving test: name {name}, born {dob}, mobile {phone}, email {email_spelled}. "
    "earliest slot is in {month}, any tips?",
    "home swap listing, make it appealing: our flat at {street}, {postcode_city}, two bedrooms, "
    "free in {month}. write to {first} at {email_bracket} or text {phone_spaced}",
)
"""English templates with PII: every fresh6 locale gets all of them."""

FRESH6_ENGLISH_CLEAN = (
    "flight {flight} now boards at {time} from gate {gate}. do I have time for the {price} lounge?",
    "the app updated from {version2} to {version} and now crashes with error {errnum}. reinstall?",
    "exam is in room {room} at {time} on {weekday}, chapters up to page {page}. how do I revise?",
    "order {order} says delivered but tracking {tracking} shows it still in {city}. who's right?",
    "invoice {invoice} lists item {sku} twice at {price} each. how do I ask for a correction?",
    "the barcode on my gift card reads {luhn_invalid} and the till rejects it. is it damaged?",
    "I'm learning {language} but my partner speaks {language2}. which is easier from {city}?",
    "the printer's serial is {serial}, error {errnum} since {month}. warranty ends in {year}",
    "our office lottery group has played {lottery} every week since {year}. what are the odds?",
    "BIOS {version4} or {version}? the manual says on page {page} to update before {month}",
    "the meetup is {weekday} at {time} in {city}, tickets {price}. worth it for a junior dev?",
    "orders {order} and {order} arrived in one box but I paid shipping twice. refund?",
    "caption ideas for a photo from {city}, {month} {year}?",
    "the bus from {city} at {time} costs {price}, the train at {time} is faster. which one?",
    "thesis draft is at {version2}, my supervisor wants {page} pages by {weekday}. realistic?",
    "spare part {sku}, device serial {serial}, firmware {version4}: are these compatible?",
    "refund {invoice} of {price} pending since {weekday}, reference {order}. is that normal?",
)
"""English PII-free templates, full of look-alikes."""


def fresh6_templates(language: str) -> list[tuple[str, str]]:
    """(template id, template) pairs of the fresh6 split: the same English templates for every
    fresh6 locale, whatever its language (the locale gives only the values)."""
    return [
        (f"fresh6-en-{kind}{i:02d}", t)
        for kind, group in (("p", FRESH6_ENGLISH_PII), ("n", FRESH6_ENGLISH_CLEAN))
        for i, t in enumerate(group)
    ]
