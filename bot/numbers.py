"""Numbers written for people: `2.28 × 10²¹`, `0.72%`, `138×`, `138 years`, `2.8 TB`.

Figures stay in ASCII digits in every language (Hindi readers write FLOPs and GB figures in
Latin digits too); only the unit words of `duration` come from the locale files.
Rounding is half-up on the decimal value, so a figure reads the same on every platform.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from core import conventions as C

SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
SECONDS_PER_MINUTE = 60
# Above this a plain figure gets hard to read ("1,000,000×"), so it switches to × 10ⁿ.
PLAIN_LIMIT = 1e6
BYTE_UNITS = ((1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB"))
SHORT_SCALE = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))


def _round_sig(x: float, digits: int) -> Decimal:
    """`x` rounded half-up to `digits` significant digits."""
    if x == 0:
        return Decimal(0)
    d = Decimal(repr(x))
    exponent = d.adjusted() - digits + 1
    return d.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


def _plain(d: Decimal, grouping: bool = True) -> str:
    """A decimal with thousands separators and no trailing zeros after the point."""
    text = f"{d:,f}" if grouping else f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fixed(x: float, digits: int = 3) -> str:
    """`x` to `digits` significant digits, written out: 137.9 → "138", 0.03624 → "0.0362"."""
    return _plain(_round_sig(x, digits))


def sci(x: float, digits: int = 3) -> str:
    """Scientific notation with a real superscript: 2.2763e21 → "2.28 × 10²¹"."""
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    d = _round_sig(x, digits)
    exponent = d.adjusted()
    mantissa = _plain(d.scaleb(-exponent))
    if exponent == 0:
        return mantissa
    return f"{mantissa} × 10{str(exponent).translate(SUPERSCRIPT)}"


def num(x: float, digits: int = 3) -> str:
    """A plain figure when it reads well (0.001 ≤ |x| < 1e6), `sci` otherwise."""
    if x != 0 and not 1e-3 <= abs(x) < PLAIN_LIMIT:
        return sci(x, digits)
    if abs(x) >= 10**digits:
        return _plain(Decimal(x).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return fixed(x, digits)


def e_notation(x: float, exponent: int | None = None, engineering: bool = False) -> str:
    """An input figure for the arithmetic lines, as datasheets and papers print it: 3.14e23,
    0.9; `engineering` keeps the exponent a multiple of three (174.6e9, 300e9, 2e12), and a
    fixed `exponent` of 12 writes a peak in TFLOPS as 80.2e12 or 312e12."""
    if exponent is None and (x == 0 or 1e-3 <= abs(x) < PLAIN_LIMIT):
        return _plain(Decimal(repr(x)), grouping=False)
    d = _round_sig(x, 6)
    if exponent is None:
        exponent = 3 * (d.adjusted() // 3) if engineering else d.adjusted()
    return f"{_plain(d.scaleb(-exponent), grouping=False)}e{exponent}"


def span(low: str, high: str) -> str:
    """Two figures as a range, the shared unit written once: "248–414 years", "30–50%"."""
    low_num, _, low_unit = low.partition(" ")
    high_num, _, high_unit = high.partition(" ")
    if low_unit == high_unit and low_unit:
        return f"{low_num}–{high_num} {high_unit}"
    if low.endswith("%") and high.endswith("%"):
        return f"{low[:-1]}–{high}"
    return f"{low} – {high}"


def pct(fraction: float) -> str:
    """A fraction as a percentage: 0.9 → "90%", 0.0036 → "0.36%", 0.462 → "46.2%"."""
    value = fraction * 100
    if value == 0:
        return "0%"
    if abs(value) >= 1:
        return _plain(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) + "%"
    return fixed(value, 2) + "%"


def ratio(x: float) -> str:
    """How many times: 137.9 → "138×", 3.89 → "3.9×", 2.4e7 → "2.4 × 10⁷×"."""
    if abs(x) >= PLAIN_LIMIT:
        return sci(x, 2) + "×"
    if abs(x) >= 10:
        return _plain(Decimal(repr(x)).quantize(Decimal(1), rounding=ROUND_HALF_UP)) + "×"
    return fixed(x, 2) + "×"


def count(n: float) -> str:
    """A whole number with thousands separators: 31536000 → "31,536,000"."""
    return _plain(Decimal(repr(float(n))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def tflops(x: float) -> str:
    """A catalog peak in TFLOPS as published: 40.09 → "40.09 TFLOPS", 1978.9 → "1,978.9"."""
    return f"{_plain(Decimal(repr(float(x))))} TFLOPS"


def bytes_(n: float, digits: int = 2) -> str:
    """Decimal byte units to `digits` significant digits: 2.7936e12 → "2.8 TB".

    A whole number of its unit is written whole (12 GB, 141 GB), so a card's published
    memory is never rounded away.
    """
    size, unit = next(((s, u) for s, u in BYTE_UNITS if abs(n) >= s), (1.0, "B"))
    value = n / size
    if abs(value - round(value)) < 1e-9:
        return f"{count(round(value))} {unit}"
    return f"{fixed(value, max(digits, 1))} {unit}"


def bytes_pair(a: float, b: float) -> tuple[str, str]:
    """Two memory figures with enough digits that unequal amounts never read the same
    ("80.4 GB" against "80 GB", not "80 GB" against "80 GB")."""
    for digits in (2, 3, 4):
        pair = bytes_(a, digits), bytes_(b, digits)
        if pair[0] != pair[1] or a == b:
            return pair
    return pair


def bytes_within(n: float, limit: float) -> str:
    """A part of `limit` (spare memory) with enough digits that it never reads as more than
    `limit`: 125.9 GB of 128 GB is "126 GB", not "130 GB"."""
    for digits in (2, 3, 4):
        size = next((s for s, _ in BYTE_UNITS if abs(n) >= s), 1.0)
        shown = float(_round_sig(n / size, digits)) * size
        if shown < limit or n >= limit:
            return bytes_(n, digits)
    return bytes_(n, 4)


def short(n: float, digits: int = 3) -> str:
    """Parameter and token counts in the short scale: 174.6e9 → "175B", 2e12 → "2T"."""
    for size, suffix in SHORT_SCALE:
        if abs(n) >= size:
            value = n / size
            if value >= PLAIN_LIMIT:
                return sci(n, digits)
            return f"{num(value, digits)}{suffix}"
    return num(n, digits)


# The currencies a price may be asked in, written as people write them: the symbol before
# the figure. Any other ISO 4217 code is written after the figure ("1,234 JPY").
CURRENCY_SYMBOLS = {"USD": "$", "INR": "₹", "EUR": "€", "GBP": "£"}
# Past this an amount is written in powers of ten: a cost this large is a curiosity.
MONEY_PLAIN_LIMIT = 1e15


def money(x: float, currency: str | None = None) -> str:
    """An amount as prices are written: "$82.65", "₹8.00", "$53,063", "₹2,830,000".

    Two decimals below 100 and whole units up to a million; beyond, three significant
    digits written out in full (a cost that rests on an assumed MFU has no more). The
    currency's symbol goes before the figure when it has one, else its code after it.
    """
    if abs(x) < 100:
        text = f"{Decimal(repr(x)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,f}"
    elif abs(x) < PLAIN_LIMIT:
        text = count(x)
    elif abs(x) < MONEY_PLAIN_LIMIT:
        text = _plain(_round_sig(x, 3))
    else:
        text = sci(x, 3)
    if not currency:
        return text
    symbol = CURRENCY_SYMBOLS.get(currency.upper())
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


_DURATION_UNITS = (
    (C.YEAR_S, "year"),  # the estimator's year and month, so "1 year" means what it used
    (C.MONTH_S, "month"),
    (C.SECONDS_PER_DAY, "day"),
    (C.SECONDS_PER_HOUR, "hour"),
    (SECONDS_PER_MINUTE, "minute"),
    (1, "second"),
)


def _whole_unit(seconds: float) -> tuple[float, str] | None:
    """The largest unit a duration is a whole number of, as people ask for them: 100 days
    stays "100 days" (not "3.3 months"), 365 days is "1 year"."""
    for size, unit in _DURATION_UNITS[:3]:  # years, months, days: the units people ask in
        value = seconds / size
        if value >= 1 and abs(value - round(value)) < 1e-6:
            return size, unit
    return None


def duration_parts(seconds: float) -> tuple[str, str]:
    """The figure and unit name (singular key) a duration is written in: (138, "year")."""
    size, unit = _whole_unit(seconds) or next(
        ((s, u) for s, u in _DURATION_UNITS if abs(seconds) >= s), (1, "second")
    )
    value = seconds / size
    if abs(value) >= PLAIN_LIMIT:
        return sci(value, 2), unit
    if abs(value) >= 10:
        return count(value), unit
    return fixed(value, 2) if abs(value) >= 1 else fixed(value, 1), unit


def duration(seconds: float, lang: str = "en", oblique: bool = False) -> str:
    """A wall-clock time in the largest unit that fits: "138 years", "3.2 days", "4 घंटे".

    `oblique` is the form before a postposition ("1 महीने में", not "1 महीना में"); the
    locale files give it only where it differs (`unit.<unit>_one_in`).
    """
    from bot.render.locale import has, t

    figure, unit = duration_parts(seconds)
    key = f"unit.{unit}_{'one' if figure == '1' else 'other'}"
    if oblique and has(lang, key + "_in"):
        key += "_in"
    return t(lang, key, n=figure)
