"""Which locales, templates and seed make each Faker PII split, and the locale-specific
providers they need: the per-split registry of ``pii_faker.py``.

``SPLIT_LOCALES``, ``SPLIT_TEMPLATES`` and ``SPLIT_SEEDS`` give, for each name in ``SPLITS``,
its locales, its (template id, template) pairs for a locale's language, and its seed. Below
them: how a locale writes its postcode and town, the IBANs of locales Faker has no bank for,
and ``TOWNS``, country addresses and phones for locales where Faker falls back to US ones.
"""

from __future__ import annotations

from collections.abc import Callable

from faker.providers import BaseProvider
from pii_templates import templates
from pii_templates_fresh import fresh_templates
from pii_templates_fresh2 import fresh2_templates
from pii_templates_fresh3 import fresh3_templates
from pii_templates_fresh4 import fresh4_templates
from pii_templates_fresh5 import fresh5_templates
from pii_templates_fresh6 import fresh6_templates

SEED = 41
"""The seed of every split up to fresh5; a message's values depend on (seed, locale, template,
rep)."""
FRESH6_SEED = 61
"""The fresh6 split's own seed."""

DEV_LOCALES = ("en_US", "en_GB", "en_CA", "en_AU", "fr_FR", "de_DE", "es_ES", "pl_PL")
DEV_LOCALES += ("sk_SK", "fi_FI", "hu_HU", "de_CH", "es_AR")  # dev-only, added for issue #41
TEST_LOCALES = ("en_IE", "en_IN", "it_IT", "nl_NL", "pt_BR", "vi_VN")
FRESH_LOCALES = ("en_NZ", "de_AT", "fr_CA", "es_MX", "cs_CZ", "sv_SE", "da_DK", "ro_RO")
"""The fresh split's locales: in neither dev nor test (``pii_templates_fresh.py``)."""
FRESH2_LOCALES = ("en_PH", "pt_PT", "nl_BE", "fr_CH", "no_NO", "es_CO", "hr_HR", "az_AZ")
"""The fresh2 split's locales: in no other split (``pii_templates_fresh2.py``)."""
FRESH3_LOCALES = ("en_NG", "sl_SI", "es_CL", "id_ID", "tr_TR", "lt_LT", "lv_LV", "et_EE")
"""The fresh3 split's locales: in no other split (``pii_templates_fresh3.py``)."""
FRESH4_LOCALES = ("is_IS", "ga_IE", "el_GR", "de_LU", "es_CA", "en_KE", "en_PK", "en_TH")
"""The fresh4 split's locales: in no other split (``pii_templates_fresh4.py``)."""
FRESH5_LOCALES = ("uk_UA", "mk_MK", "ka_GE", "he_IL", "ja_JP", "ko_KR", "zu_ZA", "ne_NP")
"""The fresh5 split's locales: in no other split (``pii_templates_fresh5.py``)."""
FRESH6_LOCALES = ("ru_RU", "fa_IR", "hi_IN", "bn_BD", "th_TH", "zh_CN", "hy_AM", "tw_GH")
"""The fresh6 split's locales: in no other split; its templates are all English, the locales give
only the values (``pii_templates_fresh6.py``)."""
SPLITS = ("dev", "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6")
SPLIT_LOCALES = {"dev": DEV_LOCALES, "test": TEST_LOCALES, "fresh": FRESH_LOCALES}
SPLIT_LOCALES |= {"fresh2": FRESH2_LOCALES, "fresh3": FRESH3_LOCALES, "fresh4": FRESH4_LOCALES}
SPLIT_LOCALES |= {"fresh5": FRESH5_LOCALES, "fresh6": FRESH6_LOCALES}
Templates = Callable[[str], list[tuple[str, str]]]
"""A split's templates for a locale's language: (template id, template) pairs."""
SPLIT_TEMPLATES: dict[str, Templates] = {
    "dev": lambda language: templates("dev", language),
    "test": lambda language: templates("test", language),
    "fresh": fresh_templates,
    "fresh2": fresh2_templates,
    "fresh3": fresh3_templates,
    "fresh4": fresh4_templates,
    "fresh5": fresh5_templates,
    "fresh6": fresh6_templates,
}
SPLIT_SEEDS = dict.fromkeys(SPLITS, SEED) | {"fresh6": FRESH6_SEED}
"""Each split's seed (41 up to fresh5, 61 for fresh6; ``generate(split, seed=...)`` refills a split
with another)."""

POSTCODE_FIRST = {"fr", "de", "es", "it", "nl", "pl", "pt", "vi", "cs", "sv", "da"}
POSTCODE_FIRST |= {"no", "hr", "az", "en_PH"}  # 0150 Oslo, 10000 Zagreb, AZ1000 Bakı, 1226 Makati
# fresh3: 1000 Ljubljana, 34710 Kadıköy, LT-01103 Vilnius, 10117 Tallinn
POSTCODE_FIRST |= {"sl", "tr", "lt", "et"}
POSTCODE_FIRST |= {"is", "el"}  # fresh4: 101 Reykjavík, 546 21 Θεσσαλονίκη
POSTCODE_FIRST |= {"mk", "ja", "ko"}  # fresh5: 1000 Скопје, 〒150-0002 渋谷区, 04524 서울
"""Languages (or whole locales) that write the postcode before the town."""
CITY_FIRST = {"fr_CA"}
"""Locales of a POSTCODE_FIRST language that write the city first (Montréal H2X 1Y4)."""

IBAN_FORMATS = {"hr_HR": ("HR", "#" * 17), "sl_SI": ("SI", "#" * 15), "lt_LT": ("LT", "#" * 16)}
IBAN_FORMATS |= {"lv_LV": ("LV", "????" + "#" * 13), "et_EE": ("EE", "#" * 16)}
IBAN_FORMATS |= {"is_IS": ("IS", "#" * 22), "ga_IE": ("IE", "????" + "#" * 14)}
IBAN_FORMATS |= {"de_LU": ("LU", "#" * 16), "es_CA": ("ES", "#" * 20)}
IBAN_FORMATS |= {"en_PK": ("PK", "????" + "#" * 16)}
IBAN_FORMATS |= {"ka_GE": ("GE", "??" + "#" * 16), "he_IL": ("IL", "#" * 19)}
"""Locales with no bank provider of their own in Faker (it falls back to GB IBANs): the
country's IBAN (country code, BBAN of digits, "?" a bank-code letter), check digits computed
by Faker. Countries without IBANs (Nigeria, Chile, Indonesia, Kenya, Thailand, Japan, Korea, South
Africa, Nepal; fresh6: India, China, Armenia, Ghana) keep Faker's fallback; ru_RU, bn_BD and th_TH
keep the IBAN-shaped numbers of Faker's own bank providers."""


class _Philippines(BaseProvider):
    """en_PH in Faker has no ``phone_number`` (only mobile and landline numbers) and its
    ``city`` falls back to made-up "<first name> Ville"; these use its own numbers and towns."""

    def phone_number(self) -> str:
        g = self.generator
        return g.mobile_number() if g.random.random() < 0.7 else g.landline_number()

    def city(self) -> str:
        g = self.generator
        return g.metro_manila_lgu() if g.random.random() < 0.3 else g.province_lgu()


class _Town(BaseProvider):
    """Addresses written the country's way, for fresh3 locales whose Faker address provider is
    the US fallback ("374 Erika Villages, East Vigilijaport, DE 97906"): real street patterns and
    towns, the local postcode shape, and the order the country writes them in."""

    streets: tuple[str, ...] = ()
    towns: tuple[str, ...] = ()
    code = "#####"
    form = "{street}, {code} {town}"

    def street_address(self) -> str:
        g = self.generator
        n, d = g.random.randint(1, 160), g.random.randint(1, 40)
        return g.random.choice(self.streets).format(last=g.last_name(), n=n, d=d)

    def city(self) -> str:
        return self.generator.random.choice(self.towns)

    def postcode(self) -> str:
        return self.numerify(self.code)

    def address(self) -> str:
        return self.form.format(
            street=self.street_address(), code=self.postcode(), town=self.city()
        )


class _Nigeria(_Town):
    """en_NG: Nigerian names, but US addresses and phones in Faker."""

    streets = ("{n} {last} Street", "{n} {last} Road", "{n} {last} Close", "{n} {last} Crescent")
    streets += ("{n} Adeola Odeku Street", "{n} Allen Avenue", "Plot {n}, {last} Way")
    towns = ("Lagos", "Ibadan", "Abuja", "Kano", "Port Harcourt", "Enugu", "Benin City")
    towns += ("Kaduna", "Abeokuta", "Jos", "Owerri", "Calabar", "Ilorin", "Uyo", "Warri")
    code = "######"
    form = "{street}, {town} {code}"

    def phone_number(self) -> str:
        g = self.generator
        prefix = g.random.choice(("803", "806", "813", "816", "703", "706", "805", "807", "815"))
        prefix = prefix if g.random.random() < 0.7 else g.random.choice(("905", "802", "812"))
        rest = self.numerify("### ####")
        return g.random.choice((f"0{prefix} {rest}", f"+234 {prefix} {rest}", f"0{prefix}{rest}"))


class _Turkey(_Town):
    streets = ("Atatürk Cad. No: {n} D: {d}", "{last} Sokak No: {n}", "İnönü Cad. No: {n}/{d}")
    streets += ("Cumhuriyet Mah. {last} Sk. No: {n}", "Bağdat Caddesi No: {n} Daire {d}")
    towns = ("İstanbul", "Ankara", "İzmir", "Bursa", "Antalya", "Konya", "Eskişehir", "Trabzon")
    towns += ("Kadıköy/İstanbul", "Çankaya/Ankara", "Karşıyaka/İzmir", "Gaziantep", "Mersin")


class _Lithuania(_Town):
    streets = ("Gedimino pr. {n}", "{last} g. {n}", "Laisvės al. {n}-{d}", "Savanorių pr. {n}")
    streets += ("Pylimo g. {n}-{d}", "Vilniaus g. {n}")
    towns = ("Vilnius", "Kaunas", "Klaipėda", "Šiauliai", "Panevėžys", "Alytus", "Marijampolė")
    towns += ("Utena", "Palanga")
    code = "LT-#####"


class _Latvia(_Town):
    streets = ("Brīvības iela {n}-{d}", "Elizabetes iela {n}", "Krišjāņa Barona iela {n}-{d}")
    streets += ("Tērbatas iela {n}", "Lāčplēša iela {n}", "Dzirnavu iela {n}-{d}")
    towns = ("Rīga", "Daugavpils", "Liepāja", "Jelgava", "Jūrmala", "Ventspils", "Rēzekne")
    towns += ("Valmiera", "Ogre")
    code = "LV-####"
    form = "{street}, {town}, {code}"


class _Estonia(_Town):
    """et_EE: Estonian names, but US addresses and phones in Faker."""

    streets = ("Narva mnt {n}", "Pärnu mnt {n}-{d}", "Tartu mnt {n}", "Tuukri tn {n}")
    streets += ("Vabaduse pst {n}", "Kalevi {n}-{d}", "Raekoja plats {n}", "Riia {n}")
    towns = ("Tallinn", "Tartu", "Narva", "Pärnu", "Kohtla-Järve", "Viljandi", "Rakvere")
    towns += ("Maardu", "Kuressaare", "Haapsalu")

    def phone_number(self) -> str:
        g = self.generator
        if g.random.random() < 0.75:
            number = "5" + self.numerify("### ####")
        else:
            number = g.random.choice(("6", "7")) + self.numerify("## ####")
        return ("+372 " if g.random.random() < 0.5 else "") + number


def _pick_phone(g, forms: tuple[str, ...]) -> str:
    """One of ``forms`` with its "#"s filled with digits."""
    return g.numerify(g.random.choice(forms))


class _Iceland(_Town):
    """is_IS: Icelandic names, but US addresses and phones in Faker."""

    streets = ("Laugavegur {n}", "Hverfisgata {n}", "Skólavörðustígur {n}", "Hringbraut {n}")
    streets += ("Borgartún {n}", "Álfheimar {n}, íbúð {d}", "Suðurgata {n}", "Bankastræti {n}")
    towns = ("Reykjavík", "Kópavogur", "Hafnarfjörður", "Akureyri", "Garðabær", "Selfoss")
    towns += ("Mosfellsbær", "Reykjanesbær", "Ísafjörður", "Egilsstaðir", "Húsavík")
    code = "###"

    def phone_number(self) -> str:
        forms = ("+354 ### ####", "### ####", "###-####", "+354 #######")
        return _pick_phone(self.generator, forms).replace("+354 0", "+354 5")


class _Ireland(_Town):
    """ga_IE: Irish names, but US addresses and phones in Faker; Eircodes."""

    streets = ("{n} Main Street", "{n} Griffith Avenue", "Apt {d}, The Maltings, Dublin Road")
    streets += ("{n} Oakwood Drive", "Flat {d}, {n} Leeson Street Upper", "{n} Sráid an Chláir")
    streets += ("{n} Bóthar na Trá", "{n} Rathmines Road Lower")
    towns = ("Dublin 6", "Dublin 9", "Cork", "Galway", "Limerick", "Waterford", "Kilkenny")
    towns += ("Tralee, Co. Kerry", "Sligo", "An Daingean", "Letterkenny, Co. Donegal", "Athlone")
    keys = ("D06", "D09", "T12", "H91", "V94", "X91", "R95", "V92", "F91", "A94", "N37", "F92")
    form = "{street}, {town}, {code}"

    def postcode(self) -> str:
        g = self.generator
        tail = "".join(g.random.choice("ACDEFHKNPRTVWXY0123456789") for _ in range(4))
        return f"{g.random.choice(self.keys)} {tail}"

    def phone_number(self) -> str:
        forms = ("08# ### ####", "+353 8# ### ####", "(01) ### ####", "+353 1 ### ####")
        return _pick_phone(self.generator, forms + ("08#-#######", "091 ######"))


class _Luxembourg(_Town):
    """de_LU: Luxembourg phones and surnames in Faker, but "John"/"Jane" as every first name
    and US addresses."""

    streets = ("{n}, rue de la Gare", "{n}, avenue de la Liberté", "{n}, route d'Arlon")
    streets += ("{n}, Haaptstrooss", "{n}, boulevard Royal", "{n}, rue des Jardins")
    streets += ("{n}, Grand-Rue", "{n}, am Duerf")
    towns = ("Luxembourg", "Esch-sur-Alzette", "Differdange", "Dudelange", "Ettelbruck")
    towns += ("Diekirch", "Wiltz", "Echternach", "Strassen", "Bertrange", "Mersch", "Remich")
    code = "L-####"
    first = ("Jean", "Marie", "Guy", "Claude", "Paul", "Nathalie", "Carole", "Sandy", "Tom")
    first += ("Luc", "Romain", "Fernand", "Josée", "Monique", "Mireille", "Gilles", "Léa")
    first += ("Jang", "Mett", "Ben", "Laura", "Jeff", "Nadine", "Sven", "Joëlle", "Pol")

    def first_name(self) -> str:
        return self.generator.random.choice(self.first)


class _Catalonia(_Town):
    """es_CA: Catalan names, but US addresses and phones in Faker."""

    streets = ("Carrer de Mallorca, {n}, {d}r 2a", "Passeig de Gràcia, {n}", "Carrer Major, {n}")
    streets += ("Avinguda Diagonal, {n}, {d}è", "Rambla de Catalunya, {n}", "Plaça de la Vila, {n}")
    streets += ("Carrer de Sant Pere, {n}, baixos", "Carrer del Doctor {last}, {n}")
    towns = ("Barcelona", "Girona", "Lleida", "Tarragona", "Sabadell", "Terrassa", "Badalona")
    towns += ("Reus", "Manresa", "Vic", "Mataró", "Figueres", "Sant Cugat del Vallès", "Olot")

    def postcode(self) -> str:
        g = self.generator
        return g.random.choice(("08", "08", "17", "25", "43")) + g.numerify("###")

    def phone_number(self) -> str:
        forms = ("6## ## ## ##", "+34 6## ### ###", "93 ### ## ##", "+34 93 ### ## ##")
        return _pick_phone(self.generator, forms + ("6########", "972 ## ## ##"))


class _Kenya(_Town):
    """en_KE: Kenyan names, but US addresses and phones in Faker."""

    streets = ("{n} Kenyatta Avenue", "{n} Ngong Road", "House {n}, Muthaiga Road")
    streets += ("Apartment {d}, {last} Court, Argwings Kodhek Road", "{n} Moi Avenue")
    streets += ("{n} Oginga Odinga Street", "Plot {n}, Kiambu Road", "{n} Waiyaki Way")
    towns = ("Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret", "Thika", "Nyeri")
    towns += ("Machakos", "Kakamega", "Malindi", "Kitale", "Naivasha")
    form = "{street}, {town} {code}"

    def postcode(self) -> str:
        g = self.generator
        return g.random.choice(("00100", "00200", "00606", "80100", "40100", "20100", "30100"))

    def phone_number(self) -> str:
        forms = ("07## ######", "+254 7## ### ###", "07########", "+2547########")
        return _pick_phone(self.generator, forms + ("0110 ######", "020 #######"))


class _Pakistan(_Town):
    """en_PK: Pakistani names, but US addresses and phones in Faker."""

    streets = ("House {n}, Street {d}, F-7/2", "Flat {d}, Block 5, Gulshan-e-Iqbal")
    streets += ("{n}-B, Model Town", "House {n}, Phase 6, DHA", "{n} Mall Road")
    streets += ("Plot {n}, Sector {d}, Korangi", "House {n}, Street {d}, G-9/3")
    streets += ("{n}-C, Gulberg III",)
    towns = ("Karachi", "Lahore", "Islamabad", "Rawalpindi", "Faisalabad", "Multan")
    towns += ("Peshawar", "Quetta", "Sialkot", "Hyderabad", "Gujranwala")
    form = "{street}, {town} {code}"

    def phone_number(self) -> str:
        forms = ("03##-#######", "+92 3## #######", "03#########", "(042) 3#######")
        return _pick_phone(self.generator, forms + ("+92 51 #######", "0300 ### ####"))


class _Thailand(_Town):
    """en_TH: Thai names in Latin letters, but US addresses and phones in Faker."""

    streets = ("{n}/{d} Sukhumvit Soi 21", "{n} Moo {d}, Tambon Nong Khwai")
    streets += ("{n}/{d} Ratchadaphisek Road", "{n} Charoen Krung Road, Bang Rak")
    streets += ("{n}/{d} Soi Ari 4, Phaya Thai", "Room {n}, Lumpini Place, Rama 9 Road")
    streets += ("{n}/{d} Nimmanhaemin Soi 7, Suthep",)
    towns = ("Bangkok", "Chiang Mai", "Phuket", "Khon Kaen", "Nonthaburi", "Pattaya")
    towns += ("Hat Yai", "Udon Thani", "Nakhon Ratchasima", "Hua Hin")
    form = "{street}, {town} {code}"

    def phone_number(self) -> str:
        forms = ("08#-###-####", "+66 8# ### ####", "09# ### ####", "02-###-####")
        return _pick_phone(self.generator, forms + ("+66 2 ### ####", "06########"))


class _Ghana(_Town):
    """tw_GH: Ghanaian names and phones in Faker, but US addresses; GhanaPostGPS digital
    addresses (GA-183-8164) as the postcode."""

    streets = ("House No. {n}, {last} Street", "{n} Oxford Street, Osu", "Plot {n}, Spintex Road")
    streets += ("H/No. {n}, Kotei Road", "Flat {d}, {last} Close, East Legon", "{n} Harper Road")
    streets += ("{n} Liberation Road", "House {n}, Ring Road Central", "{n} Kanda Highway")
    towns = ("Accra", "Kumasi", "Tamale", "Takoradi", "Cape Coast", "Tema", "Koforidua")
    towns += ("Sunyani", "Ho", "Obuasi", "Techiman", "Bolgatanga", "Wa", "Madina", "Kasoa")
    keys = ("GA", "GA", "GT", "GE", "AK", "AK", "NT", "WS", "CC", "EN", "BS", "VH", "UB", "XW")
    form = "{street}, {town}, {code}"

    def postcode(self) -> str:
        g = self.generator
        return f"{g.random.choice(self.keys)}-{g.numerify('###')}-{g.numerify('####')}"


TOWNS = {"en_NG": _Nigeria, "tr_TR": _Turkey, "lt_LT": _Lithuania, "lv_LV": _Latvia}
TOWNS["et_EE"] = _Estonia
TOWNS |= {"is_IS": _Iceland, "ga_IE": _Ireland, "de_LU": _Luxembourg, "es_CA": _Catalonia}
TOWNS |= {"en_KE": _Kenya, "en_PK": _Pakistan, "en_TH": _Thailand}
TOWNS["tw_GH"] = _Ghana


class _SouthAfrica(BaseProvider):
    """zu_ZA: Zulu names and South African addresses in Faker, but US phones."""

    def phone_number(self) -> str:
        forms = ("07# ### ####", "08# ### ####", "+27 7# ### ####", "+27 82 ### ####")
        return _pick_phone(self.generator, forms + ("011 ### ####", "(031) ### ####", "06########"))


class _Japan(BaseProvider):
    """ja_JP: Faker's street address is the US fallback ("237 森 Street"); this is the
    block-numbered one its full addresses use (西浅草23丁目27番20号), sometimes with a building."""

    def street_address(self) -> str:
        g = self.generator
        street = g.town() + g.chome() + g.ban() + g.gou()
        if g.random.random() < 0.4:
            street += f" {g.building_name()}{g.building_number()}"
        return street


EXTRA = {"en_PH": _Philippines, "zu_ZA": _SouthAfrica, "ja_JP": _Japan}
"""Locales whose Faker lacks a provider or two (added before ``TOWNS``)."""
