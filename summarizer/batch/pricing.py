"""What a run costs: prices from the flags, else from the backend that knows the model, else 0 (local)."""

from __future__ import annotations

from summarizer.backends.openai import BATCH_DISCOUNT, model_prices


def prices_for(model: str | None, price_in: float | None = None, price_out: float | None = None) -> tuple[float, float]:
    """(input, output) USD per million tokens: the flags when given, else the provider's table, else 0."""
    known = model_prices(model) or (0.0, 0.0)
    return (known[0] if price_in is None else price_in, known[1] if price_out is None else price_out)


def cost_usd(input_tokens: int, output_tokens: int, prices: tuple[float, float], *, batch_api: bool = False) -> float:
    """Cost of the given tokens at ``prices`` (per million)."""
    usd = (input_tokens * prices[0] + output_tokens * prices[1]) / 1_000_000
    return usd * BATCH_DISCOUNT if batch_api else usd
