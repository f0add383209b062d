import unicodedata
from decimal import Decimal


def hours_label(hours) -> str:
    """12.0 → "12", 1.5 → "1,5": hours as a French reader writes them."""
    hours = Decimal(hours or 0)
    text = f"{hours.normalize():f}" if hours == hours.to_integral() else f"{hours:.1f}"
    return text.replace(".", ",")


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def by_name(people) -> list:
    """Trainees in the order of a French list (Émilie between Dupont and Faure): the databases'
    default collations sort accented capitals after Z."""
    return sorted(people, key=lambda p: (_unaccented(p.last_name), _unaccented(p.first_name), p.pk))
