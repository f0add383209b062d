import pytest

from semis.core.disclosure import disclose, protect


@pytest.mark.parametrize(("n", "shown", "label"), [(9, False, "< 10"), (10, True, "10"), (0, False, "< 10")])
def test_disclose_hides_cells_under_the_threshold(settings, n, shown, label):
    settings.AGGREGATE_MIN_RESPONDENTS = 10
    cell = disclose(n)
    assert cell.shown is shown
    assert cell.label == label


def test_disclose_follows_the_setting(settings):
    settings.AGGREGATE_MIN_RESPONDENTS = 5
    assert disclose(5).shown and not disclose(4).shown
    assert disclose(4).label == "< 5"


def test_protect_hides_a_second_row_when_one_hidden_row_could_be_recovered_from_the_total(settings):
    settings.AGGREGATE_MIN_RESPONDENTS = 10
    rows = protect([disclose(25), disclose(7), disclose(12)], disclose(44))
    assert [cell.shown for cell in rows] == [True, False, False]
    assert rows[2].secondary and rows[2].label == "masqué"
    assert rows[1].label == "< 10"


def test_protect_leaves_rows_alone_when_none_or_two_are_hidden(settings):
    settings.AGGREGATE_MIN_RESPONDENTS = 10
    cells = [disclose(25), disclose(12)]
    assert protect(cells, disclose(37)) == cells
    two_hidden = [disclose(25), disclose(7), disclose(8)]
    assert protect(two_hidden, disclose(40)) == two_hidden
    assert protect([disclose(7)], disclose(7)) == [disclose(7)]
