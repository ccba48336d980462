"""Energy and money: board power × devices × time, priced per kWh; cloud price per hour."""

from __future__ import annotations

from core import conventions as C


def energy_kwh(power_w: float, devices: int, seconds: float, pue: float = C.PUE_DEFAULT) -> float:
    """kWh drawn by `devices` boards at `power_w` for `seconds`, × PUE for the facility."""
    return power_w * devices * seconds * pue / C.JOULES_PER_KWH


def energy_cost(kwh: float, price_per_kwh: float) -> float:
    """Electricity cost in the price's currency."""
    return kwh * price_per_kwh


def cloud_cost(price_per_device_hour: float, devices: int, seconds: float) -> float:
    """Rental cost: price per device-hour × devices × hours."""
    return price_per_device_hour * devices * seconds / C.SECONDS_PER_HOUR
