"""Cue words after which a number is a document, order, product or error number, not PII.

Shared by the phone, ID and date recognizers (``recognizers.py``, ``phones.py``); a module of
its own, with no Presidio import, so both can use it without importing each other.
"""

from __future__ import annotations

import re

DOCUMENT_NUMBER_CONTEXT = re.compile(
    r"\b(?:section|chapter|clause|article|paragraph|version|release|build|step|figure|table|"
    r"item|rule|part|page|§|v|order|invoice|sku|ref|reference|tracking|serial|isbn|ean|ratio|"
    r"barcode|model|product|ticket|no|n°|nº|n(?=\.)|nr|commande|bestellnummer|bestellung|rechnung|"
    r"pedido|factura|ordine|fattura|bestelling|factuur|zamówienie|faktura|fatura|đơn hàng|"
    r"hóa đơn|facture|sendungsnummer|rastreio|seguimiento|code-barres|firmware|error|err"
    r"|erreur|fehler|fehlernummer|errore|erro|błąd|chyba|fel|fejl|eroare|virhe|hiba|case(?=\s+(?:number|no|nr|id|#))"
    r"|flight|vol|vuelo|flug|comanda|ordernummer|ordrenummer|ordrenr|bestillingsnummer"
    r"|objednávka|objednávky|objednávku|tilausnumero|tilaus|rendelés|rendelésszám|comandă"
    r"|pedido|número de pedido|kundennummer|auftrag|dossier|ärende|incident)\.?"
    r"(?:\s+(?!(?:call|phone|mobile|number|text|ring|tel|numéro|número|teléfono|telefon|portable"
    r"|celular|handy|móvil|cellulare|telefone|telefoon|mobiel)\b)[\w'-]+){0,4}?"
    r"\s*(?:number|no\.?|code|id|is|was|es|est|ist|è|é|č\.|číslo|nr\.?|nummer)?\s*[:#]?\s*$",
    re.IGNORECASE,
)
"""Words after which a number is a document, order or product number, not PII."""
