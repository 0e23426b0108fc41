"""Cue words after which a number is a document, order, product or error number, not PII.

Shared by the phone, ID and date recognizers (``recognizers.py``, ``phones.py``); a module of
its own, with no Presidio import, so both can use it without importing each other.
"""

from __future__ import annotations

import re

DOCUMENT_NUMBER_CONTEXT = re.compile(
    r"\b(?:section|chapter|clause|article|paragraph|version|release|build|step|figure|table|"
    r"items?|rule|part|page|§|v|orders?|invoices?|sku|ref|reference|tracking|serial|isbn|ean|ratio|"
    r"barcode|model|product|ticket|no|n°|nº|n(?=\.)|nr|commande|bestellnummer|bestellung|rechnung|"
    r"pedido|factura|ordine|fattura|bestelling|factuur|zamówienie|faktura|fatura|đơn hàng|"
    r"hóa đơn|facture|sendungsnummer|rastreio|seguimiento|code-barres|firmware|error|err"
    r"|erreur|fehler|fehlernummer|errore|erro|błąd|chyba|fel|fejl|eroare|virhe|hiba|case(?=\s+(?:number|no|nr|id|#))"
    r"|flight|vol|vuelo|flug|comanda|ordernummer|ordrenummer|ordrenr|bestillingsnummer"
    r"|objednávka|objednávky|objednávku|tilausnumero|tilaus|rendelés|rendelésszám|comandă"
    r"|pedido|número de pedido|kundennummer|auftrag|dossier|ärende|incident|ordre|narudžba"
    r"|narudžbe|sifariş|encomenda|bestilling"
    # claims, policies and orders of more languages (after fresh3)
    r"|claim|policy|naročilo|naročila|naročilu|reklamacija|užsakymas|užsakymo|pasūtījums"
    r"|pasūtījuma|tellimus|tellimuse|sipariş|siparişi|pesanan|siniestro|póliza|poliza|reclamo"
    r"|apólice|sinistro|schadensnummer|schaden|polizza|polis|klaim"
    # orders of more languages (after fresh5)
    r"|замовлення|нарачка|нарачката|შეკვეთა|შეკვეთის|הזמנה|주문번호|주문|अर्डर|i-oda)\.?"
    r"(?:\s+(?!(?:call|phone|mobile|number|text|ring|tel|numéro|número|teléfono|telefon|portable"
    r"|celular|handy|móvil|cellulare|telefone|telefoon|mobiel|line|hotline|helpline|desk"
    r"|office|team|department)\b)[\w'#-]+){0,4}?"
    r"\s*(?:number|no\.?|code|id|is|was|es|est|ist|è|é|č\.|číslo|nr\.?|nummer)?\s*[:#]?\s*$",
    re.IGNORECASE,
)
"""Words after which a number is a document, order or product number, not PII; the plural
too, and other numbers between: "orders #431475072 and 9198-8265-108" (fresh6 fixes)."""

CURRENCY = (
    r"[$€£¥₫₹₱₼₺]|R\$|Rs\.?|US\$|zł|kr\.?|kn|Kč|Ft|lei|CHF|EUR|USD|GBP|PLN|NOK|SEK|DKK"
    r"|HRK|AZN|COP|PHP|BRL|MXN|VND|đ|euros?|dollars?|pesos?|reais|francs?|kroner|kronor"
)
MONEY_BEFORE = re.compile(rf"(?:^|[\s(])(?:{CURRENCY})[ \t]?$")
MONEY_AFTER = re.compile(rf"[ \t]?(?:{CURRENCY})(?![^\W\d_])")


def money_like(text: str, start: int, end: int) -> bool:
    """A number with a currency right before or after it ("$1692.56", "332.000 đ",
    "1684,16 €", "R$ 1645,26"): an amount, not a phone or an ID."""
    cents = re.match(r"[.,]\d{1,2}(?!\d)", text[end:])  # "1684" of "1684,16 €"
    return bool(MONEY_BEFORE.search(text[max(0, start - 6) : start])) or bool(
        MONEY_AFTER.match(text, end + (cents.end() if cents else 0))
    )
