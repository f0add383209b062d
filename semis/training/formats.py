from decimal import Decimal


def hours_label(hours) -> str:
    """12.0 → "12", 1.5 → "1,5": hours as a French reader writes them."""
    hours = Decimal(hours or 0)
    text = f"{hours.normalize():f}" if hours == hours.to_integral() else f"{hours:.1f}"
    return text.replace(".", ",")
