"""What a sequence adds up to: hours, SAFE coverage, skills, fit with its cycle (reads prefetched items)."""

from collections import Counter
from dataclasses import dataclass

from semis.library.exchange import SAFE_KEYS


@dataclass
class SequenceSummary:
    session_count: int
    total_minutes: int
    safe_counts: dict[str, int]
    skills: list[tuple]  # (skill, number of sessions), most worked first
    off_cycle: list  # items whose sheet is not meant for the sequence's cycle

    @property
    def total_hours(self) -> float:
        return round(self.total_minutes / 60, 1)

    @property
    def safe_complete(self) -> dict[str, bool]:
        """Each SAFE practice counts as covered when every session has it."""
        return {key: self.session_count > 0 and count == self.session_count for key, count in self.safe_counts.items()}


def sequence_summary(sequence) -> SequenceSummary:
    items = list(sequence.items.all())
    skills = Counter(skill for item in items for skill in item.sheet.skills.all())
    return SequenceSummary(
        session_count=len(items),
        total_minutes=sum(item.sheet.duration_minutes for item in items),
        safe_counts={key: sum(getattr(item.sheet, f"safe_{key}") for item in items) for key in SAFE_KEYS},
        skills=sorted(skills.items(), key=lambda pair: (-pair[1], pair[0].position)),
        off_cycle=[
            item for item in items if sequence.cycle and sequence.cycle not in {c.value for c in item.sheet.cycle_list}
        ],
    )
