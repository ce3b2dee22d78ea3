from exchange_portal.disclosure import Group, suppress_small_groups


def test_groups_of_three_or_more_are_shown_and_smaller_ones_are_not():
    table = suppress_small_groups(
        [Group("EPD", 5), Group("TD", 3), Group("HyD", 2), Group("ITC", 1), Group("PlanD", 4)]
    )
    assert [(g.label, g.count) for g in table.shown] == [("EPD", 5), ("PlanD", 4), ("TD", 3)]
    assert table.other_count == 3
    assert table.total == 15


def test_a_single_small_group_cannot_be_worked_out_from_the_total():
    table = suppress_small_groups([Group("EPD", 5), Group("TD", 4), Group("HyD", 1)])
    # HyD's 1 alone would be total minus the others: TD is hidden with it.
    assert [g.label for g in table.shown] == ["EPD"]
    assert table.other_count == 5
    assert table.other_groups == 2


def test_when_everything_is_small_nothing_is_shown_not_even_the_total():
    table = suppress_small_groups([Group("EPD", 1), Group("TD", 1)])
    assert table.shown == []
    assert table.other_count is None
    assert table.total is None
