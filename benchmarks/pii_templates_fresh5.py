"""Chat templates of the "fresh5" Faker PII split: a seventh set, written on 2026-12-07 by an
independent author who had not seen the recognizers, and committed before any measurement on it.

Why: the "fresh" to "fresh4" splits were each measured unseen once and their results then
informed fixes, so none of them gives an unseen figure any more. This set exists to be measured
exactly once and reported as it comes out, to see whether the rules (and any recognizer added
since) generalize to text nobody tuned to.

How: written from scratch about what people paste into an assistant, in situations no earlier
set uses - a visa application, a gym cancellation, a deposit dispute with a landlord, a
babysitter's handover note, a car accident report, a .env file, a YAML config, a family chat
about the wifi, a job application, a lost wallet, school enrolment, a taxi pick-up, a
food-delivery gate code, a transfer confirmation, a tax question, a GP appointment, a raffle
winner, an out-of-office signature, a forwarded chain message, a club members' CSV, a chat
message with a token, a pension form, a parcel left with a neighbour, a tenancy reference, a
marketplace sale, a SIM swap, a passport renewal, an SSH log, a web-server log line, a
wedding seating plan, a dating-app bio, a tutor's sign-up sheet - with the same slots as the
other splits (``pii_faker.PII`` and ``pii_faker.LOOK_ALIKES``, not the dev-only ones), the same
obfuscation and look-alike machinery, and about the same share of PII-free messages. The author
read the generator, the earlier fresh templates (only for their format) and ``privacy.py``,
but not ``pockettune/privacy/``, not the privacy tests, not any leak list or result
(``benchmarks/results/privacy*``). The templates were not made easy or hard for any recognizer
and are not edited after the measurement. They are filled only with locales no other split uses
(``pii_splits.FRESH5_LOCALES``).
"""

from __future__ import annotations

FRESH5_ENGLISH_PII = (
    "filling the visa application, does this look right?\nSurname: {last}\nGiven names: "
    "{first} {first2}\nDate of birth: {dob}\nHome address: {address}\nTelephone: {phone}",
    "I want to cancel my gym membership. member {name}, the direct debit comes out of "
    "{iban} every month. write the cancellation email for me",
    "landlord is keeping my whole deposit for 'cleaning'. I moved out of {unit}, {street} on "
    "{weekday}. my name on the lease is {name}. what are my rights?",
    "note for the babysitter: kids in bed by {time}. if anything happens call me on {phone} or "
    "my husband {first} on {phone_spaced}. the door code is {pin}",
    "someone backed into my car in the supermarket car park. other driver: {name}, lives at "
    "{address_lines}\nphone {phone}. how do I start the insurance claim?",
    "is this .env safe to commit?\nDATABASE_URL=postgres://app@db:5432/shop\nAPI_KEY={token}\n"
    "ADMIN_EMAIL={email}",
    "my config.yaml fails to parse:\nsmtp:\n  user: {email}\n  password: {password}\n  host: "
    "mail.example.org\n  port: 587",
    "mum keeps asking for the wifi password, it's {password}. how do I make a QR code for it "
    "so she stops texting me?",
    "proofread my job application header: {name}, {postcode_city}, {email}, {phone}. born "
    "{dob_long}, driving licence B",
    "found a wallet on the tram with an ID for {name}, address {street}, {postcode_city}. "
    "should I post it or take it to the police?",
    "school enrolment asks for the child's birthday and a guardian. it's {dob} and guardian "
    "is {first} {last}, reachable at {email_spelled}",
    "booking a taxi for my dad {name}, pick-up from {address} at {time}. he doesn't have a "
    "smartphone, driver should ring {phone}",
    "delivery instructions: gate code is {pin}, then {unit}, ask for {first}. don't leave it "
    "at reception",
    "the transfer confirmation says: beneficiary {name}, account {iban_spaced}, amount {price}, "
    "reference {invoice}. why hasn't it arrived?",
    "can I claim home office costs? I rent at {address} and my tax ID is under {name}, date of "
    "birth {dob}",
    "I need a GP appointment for my daughter {first} {last}, born {dob_long}. the surgery "
    "wants it in writing to {email}",
    "congratulate our raffle winner {name} in the club newsletter, prize goes out to "
    "{postcode_city} on {weekday}",
    "make my out-of-office nicer:\n'Away until {month}. Urgent? Call {first} on {phone}.\n"
    "-- \n{name} | {email}'",
    "got this forwarded on whatsapp: 'send your card number {card} and CVV to claim the "
    "parcel'. it's my card! did I get scammed?",
    "dedupe this members csv:\nname,email,phone\n{name},{email},{phone}\n{first} {last},"
    "{email_bracket},{phone_spaced}",
    "pasted in the team channel by mistake: 'deploy with {token}'. is deleting the message enough?",
    "pension form section 2: full name {name}, national address {address}, bank account "
    "{iban}. do they really need all this?",
    "the courier left my parcel with the neighbour at {street}, {unit}. how do I ask them "
    "nicely? their name's {first_lower} I think",
    "write a tenancy reference for {name}, who rented {unit}, {street}, {postcode_city} from "
    "{month} {year}. always paid on time",
    "selling my bike online. buyer wants to pay by transfer, I gave {iban_spaced} and my name "
    "{name}. should I also give my number {phone}?",
    "the phone shop did a SIM swap without asking me. my number is {phone_spaced}, account "
    "holder {name}, PIN {pin}. how do I lock it?",
    "passport renewal: they want my old passport, date of birth ({dob}), and address "
    "{address_lines}\nis a photocopy ok?",
    "what does this mean?\nsshd: Failed password for {first_lower} from {ip} port 52214\n"
    "sshd: Accepted publickey for deploy from {ip}",
    'parse this nginx line: {ip} - - [{weekday}] "GET /account?email={email} HTTP/1.1" 200',
    "wedding seating plan table 4: {name}, {first} {last}, {first2} and plus-one. rsvp went "
    "to {email_spelled}",
    "make my dating profile funnier: 'I'm {first}, {year} vintage, I cook a mean curry. "
    "message me at {email}'",
    "tutor sign-up: parent {name}, card for the monthly fee {card_dashed}, lessons on "
    "{weekday} at {time}",
    "the locksmith wants payment before he opens the door at {street}. I'm paying with "
    "{card_plain}, is that risky?",
    "my bank login: user {first_lower}{year}, password {password}. it says 'too many attempts', "
    "who do I call?",
)
"""English templates with PII: every fresh5 locale gets all of them."""

FRESH5_ENGLISH_CLEAN = (
    "the washing machine shows error {errnum}, model {sku}, firmware {version}. worth fixing?",
    "my train to {city} leaves at {time} on {weekday}, platform {room}. enough time to change?",
    "upgrade from {version2} to {version} broke our plugins, rollback or wait for a patch?",
    "reference {order} was refunded {price}, but my statement shows less. why?",
    "parcel {tracking} has been at customs since {month}. who do I contact?",
    "numbers drawn: {lottery}. I had three of them, do I win anything?",
    "the loyalty card number is {luhn_invalid}, why does the app say it's invalid?",
    "our team retro is in room {room} at {time}, please read page {page} of the handbook",
    "kernel {version4} panics on boot with code {errnum}. known issue?",
    "I speak {language} and a bit of {language2}, which one helps more in {city}?",
    "flight {flight}, gate {gate}, boarding {time}. can I still buy duty free?",
    "is {price} a fair price for a used bike in {year}? it's a {year} model",
    "invoice {invoice} and order {order} are for the same chair, was I charged twice?",
    "the router sticker says serial {serial}, is that what support means by device ID?",
    "sort these by date: {month} {year}, {weekday} meeting, page {page}, item {sku}",
)
"""English PII-free templates, full of look-alikes."""

FRESH5_NATIVE: dict[str, tuple[str, ...]] = {
    "uk": (
        "Добрий день, мене звати {name}, мій телефон {phone}",
        "доставка на адресу: {address}",
        "переказ на рахунок {iban}, отримувач {name}",
        "моя пошта {email}, пароль {password}",
        "дата народження {dob}, зателефонуйте {first} за номером {phone_spaced}",
        "замовлення {order} на суму {price} досі не прийшло",
        "поїзд до міста {city} о {time}, вагон {room}",
    ),
    "mk": (
        "Здраво, јас сум {name}, мојот број е {phone}",
        "испратете го пакетот на {street}, {postcode_city}",
        "уплатете на сметка {iban_spaced}, примач {name}",
        "мојот е-мејл е {email_spelled}",
        "роден сум на {dob}, лозинката е {password}",
        "нарачка {order}, цена {price}, стигнува во {weekday}",
        "летот {flight} поаѓа во {time} од излез {gate}",
    ),
    "ka": (
        "გამარჯობა, მე ვარ {name}, ჩემი ნომერი: {phone}",
        "მისამართი: {address}",
        "გადმორიცხეთ ანგარიშზე {iban}, მიმღები {name}",
        "ჩემი ელფოსტა {email}, პაროლი {password}",
        "დაბადების თარიღი {dob}, დარეკეთ {first}-სთან {phone_spaced}",
        "შეკვეთა {order}, ფასი {price}",
        "შეხვედრა {weekday}, {time}, ოთახი {room}",
    ),
    "he": (
        "שלום, קוראים לי {name}, הטלפון שלי {phone}",
        "כתובת למשלוח: {address}",
        "העבירו לחשבון {iban}, על שם {name}",
        "המייל שלי {email} והסיסמה {password}",
        "תאריך לידה {dob}, תתקשרו ל{first} במספר {phone_spaced}",
        "הזמנה {order} בסך {price} עדיין לא הגיעה",
        "הטיסה {flight} יוצאת ב-{time} משער {gate}",
    ),
    "ja": (
        "はじめまして、{name}です。電話番号は{phone}です",
        "お届け先：{address}",
        "振込先 {iban}、名義 {name}",
        "メールアドレスは{email}、パスワードは{password}です",
        "生年月日 {dob}、緊急連絡先 {first} {phone_spaced}",
        "注文番号{order}、合計{price}、{weekday}に届く予定",
        "会議は{time}から{room}号室で、資料の{page}ページを見てください",
    ),
    "ko": (
        "안녕하세요, 저는 {name}입니다. 연락처는 {phone}입니다",
        "배송지: {address}",
        "입금 계좌 {iban}, 예금주 {name}",
        "이메일 {email_bracket}, 비밀번호 {password}",
        "생년월일 {dob}, 카드번호 {card}",
        "주문번호 {order}, 결제 금액 {price}",
        "{flight}편은 {time}에 {gate} 게이트에서 탑승합니다",
    ),
    "zu": (
        "Sawubona, igama lami ngingu-{name}, inombolo yami ithi {phone}",
        "thumela iphasela ku-{address}",
        "khokha ku-akhawunti {iban}, egameni lika-{name}",
        "i-imeyili yami ngu-{email} nephasiwedi ngu-{password}",
        "ngazalwa ngo-{dob}, shayela u-{first} ku-{phone_spaced}",
        "i-oda {order} ibiza {price}, izofika ngo-{weekday}",
        "umhlangano ngo-{time} egumbini {room}",
    ),
    "ne": (
        "नमस्ते, मेरो नाम {name} हो, मेरो फोन नम्बर {phone} हो",
        "ठेगाना: {address}",
        "खाता {iban} मा पैसा पठाउनुहोस्, नाम {name}",
        "मेरो इमेल {email} र पासवर्ड {password} हो",
        "जन्म मिति {dob}, {first} लाई {phone_spaced} मा फोन गर्नुहोस्",
        "अर्डर {order} को मूल्य {price}",
        "बैठक {weekday} {time} बजे, कोठा {room}",
    ),
}
"""Each language's own templates (for the fresh5 locale of that language), 2 PII-free."""


def fresh5_templates(language: str) -> list[tuple[str, str]]:
    """(template id, template) pairs of the fresh5 split for a locale whose language is given:
    every fresh5 English template plus that language's own fresh5 ones, if it has any."""
    out = [
        (f"fresh5-en-{kind}{i:02d}", t)
        for kind, group in (("p", FRESH5_ENGLISH_PII), ("n", FRESH5_ENGLISH_CLEAN))
        for i, t in enumerate(group)
    ]
    out += [
        (f"fresh5-{language}-{i:02d}", t) for i, t in enumerate(FRESH5_NATIVE.get(language, ()))
    ]
    return out
