"""Energy and money: board power × devices × time, priced per kWh; cloud price per hour.

Prices asked in a question are in the asked currency; the deployment's defaults are in its
own. Amounts in different currencies are never converted (no exchange rate is assumed) or
added together.
"""

from __future__ import annotations

from dataclasses import dataclass

from core import assumptions as A
from core import conventions as C
from core.conventions import Settings
from core.types import Assumption, Query


def energy_kwh(power_w: float, devices: int, seconds: float, pue: float = C.PUE_DEFAULT) -> float:
    """kWh drawn by `devices` boards at `power_w` for `seconds`, × PUE for the facility."""
    return power_w * devices * seconds * pue / C.JOULES_PER_KWH


def energy_cost(kwh: float, price_per_kwh: float) -> float:
    """Electricity cost in the price's currency."""
    return kwh * price_per_kwh


def cloud_cost(price_per_device_hour: float, devices: int, seconds: float) -> float:
    """Rental cost: price per device-hour × devices × hours."""
    return price_per_device_hour * devices * seconds / C.SECONDS_PER_HOUR


@dataclass(frozen=True)
class Prices:
    """The prices a cost uses, each with its currency (ISO 4217)."""

    per_kwh: float
    kwh_currency: str
    kwh_asked: bool  # False: the deployment's default price
    cloud: float | None
    cloud_currency: str


def prices(query: Query, settings: Settings) -> tuple[Prices, Assumption | None]:
    """The asked prices in the asked currency, else the defaults in the settings' currency;
    with the note to state when a currency was named but a default price in another is used."""
    asked_currency = query.currency or settings.currency
    asked_kwh_price = query.price_per_kwh
    kwh_asked = asked_kwh_price is not None
    cloud_asked = query.price_per_device_hour is not None
    cloud = query.price_per_device_hour if cloud_asked else settings.cloud_price_per_device_hour
    out = Prices(
        per_kwh=asked_kwh_price
        if asked_kwh_price is not None
        else settings.electricity_price_per_kwh,
        kwh_currency=asked_currency if kwh_asked else settings.currency,
        kwh_asked=kwh_asked,
        cloud=cloud,
        cloud_currency=asked_currency if cloud_asked else settings.currency,
    )
    defaulted = not kwh_asked or (cloud is not None and not cloud_asked)
    note = None
    if query.currency is not None and query.currency != settings.currency and defaulted:
        note = A.make(
            A.PRICE_DEFAULT_CURRENCY, asked_currency=query.currency, currency=settings.currency
        )
    return out, note
