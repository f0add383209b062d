import math

import pytest

from semis.evaluation.analysis import item_value, paired_stats, score


def test_item_value_turns_a_reverse_item_around_on_its_scale():
    assert [item_value(v, reverse=True, points=4) for v in (1, 2, 3, 4)] == [4, 3, 2, 1]
    assert [item_value(v, reverse=False, points=4) for v in (1, 2, 3, 4)] == [1, 2, 3, 4]
    assert item_value(2, reverse=True, points=5) == 4


def test_score_is_the_mean_of_the_items_with_reverse_items_turned():
    items = [("a", False), ("b", False), ("c", True)]
    # 4, 2 and a reverse 1 (counts 4): (4 + 2 + 4) / 3
    assert score({"a": 4, "b": 2, "c": 1}, items, points=4) == pytest.approx(10 / 3)
    # Answering "always" everywhere does not give the top score when an item is reversed.
    assert score({"a": 4, "b": 4, "c": 4}, items, points=4) == pytest.approx(3)


def test_paired_stats_on_hand_computed_data():
    # Changes 1, 0, 2, 1, 1: mean 1; deviations 0, -1, 1, 0, 0 → variance 2/4 = 0.5, sd √0.5.
    pairs = [(2.0, 3.0), (3.0, 3.0), (1.5, 3.5), (2.5, 3.5), (2.0, 3.0)]
    stats = paired_stats(pairs)
    assert stats.n == 5
    assert stats.mean_pre == pytest.approx(2.2)
    assert stats.mean_post == pytest.approx(3.2)
    assert stats.mean_change == pytest.approx(1.0)
    assert stats.sd_change == pytest.approx(math.sqrt(0.5))
    d_z = 1 / math.sqrt(0.5)
    assert stats.d_z == pytest.approx(d_z)
    margin = 1.959964 * math.sqrt(1 / 5 + d_z**2 / 10)
    assert (stats.ci_low, stats.ci_high) == (pytest.approx(d_z - margin), pytest.approx(d_z + margin))


def test_paired_stats_without_variation_gives_no_effect_size():
    stats = paired_stats([(2.0, 3.0), (1.0, 2.0)])
    assert stats.mean_change == 1 and stats.sd_change == 0
    assert stats.d_z is None and stats.ci_low is None
    assert paired_stats([(2.0, 3.0)]).d_z is None
    assert paired_stats([]) is None


def test_a_decrease_gives_a_negative_effect_size():
    stats = paired_stats([(3.0, 2.0), (3.0, 2.5), (4.0, 2.0)])
    assert stats.mean_change < 0 and stats.d_z < 0
    assert stats.ci_low < stats.d_z < stats.ci_high
