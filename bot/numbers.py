"""Numbers written for people: `2.28 × 10²¹`, `0.72%`, `138×`, `138 years`, `2.8 TB`.

Figures stay in ASCII digits in every language (Hindi readers write FLOPs and GB figures in
Latin digits too); only the unit words of `duration` come from the locale files.
Rounding is half-up on the decimal value, so a figure reads the same on every platform.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
SECONDS_PER_MINUTE = 60
SECONDS_PER_HOUR = 3_600
SECONDS_PER_DAY = 86_400
SECONDS_PER_YEAR = 365 * SECONDS_PER_DAY  # DESIGN.md: a year is 365 days
SECONDS_PER_MONTH = SECONDS_PER_YEAR / 12  # DESIGN.md: a month is a twelfth of a year
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


def _plain(d: Decimal) -> str:
    """A decimal with thousands separators and no trailing zeros after the point."""
    text = f"{d:,f}"
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


def e_notation(x: float) -> str:
    """An input figure for the arithmetic lines, kept as typed: 80.2e12, 3.14e23, 0.9."""
    if x == 0 or 1e-3 <= abs(x) < PLAIN_LIMIT:
        return _plain(Decimal(repr(x)))
    mantissa, _, exponent = f"{x:.6e}".partition("e")
    return f"{_plain(Decimal(mantissa))}e{int(exponent)}"


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
    for size, unit in BYTE_UNITS:
        if abs(n) >= size:
            value = n / size
            break
    else:
        return f"{count(n)} B"
    if abs(value - round(value)) < 1e-9:
        return f"{count(round(value))} {unit}"
    return f"{fixed(value, max(digits, 1))} {unit}"


def short(n: float, digits: int = 3) -> str:
    """Parameter and token counts in the short scale: 174.6e9 → "175B", 2e12 → "2T"."""
    for size, suffix in SHORT_SCALE:
        if abs(n) >= size:
            value = n / size
            if value >= PLAIN_LIMIT:
                return sci(n, digits)
            return f"{num(value, digits)}{suffix}"
    return num(n, digits)


def money(x: float, currency: str | None = None) -> str:
    """An amount with two decimals below 100 and whole units above: "12.34 USD", "4,600 USD"."""
    if abs(x) >= 100:
        text = count(x) if abs(x) < PLAIN_LIMIT else sci(x, 3)
    else:
        text = f"{Decimal(repr(x)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,f}"
    return f"{text} {currency}" if currency else text


_DURATION_UNITS = (
    (SECONDS_PER_YEAR, "year"),
    (SECONDS_PER_MONTH, "month"),
    (SECONDS_PER_DAY, "day"),
    (SECONDS_PER_HOUR, "hour"),
    (SECONDS_PER_MINUTE, "minute"),
    (1, "second"),
)


def duration_parts(seconds: float) -> tuple[str, str]:
    """The figure and unit name (singular key) a duration is written in: (138, "year")."""
    for size, unit in _DURATION_UNITS:
        if abs(seconds) >= size:
            break
    value = seconds / size
    if abs(value) >= PLAIN_LIMIT:
        return sci(value, 2), unit
    if abs(value) >= 10:
        return count(value), unit
    return fixed(value, 2) if abs(value) >= 1 else fixed(value, 1), unit


def duration(seconds: float, lang: str = "en") -> str:
    """A wall-clock time in the largest unit that fits: "138 years", "3.2 days", "4 घंटे"."""
    from bot.render.locale import t

    figure, unit = duration_parts(seconds)
    form = "one" if figure == "1" else "other"
    return t(lang, f"unit.{unit}_{form}", n=figure)
