"""Required rows (databook.rows): the rows a notebook needs, or an error naming the dataset's file, the
filter and what was expected."""
import pandas as pd
import pytest

from databook import data, rows


@pytest.fixture(scope="module")
def stated():
    return data.load("paper-stated-numbers", "2025")


def test_a_loaded_frame_names_its_dataset_and_file(stated):
    assert stated.attrs["dataset"] == "paper-stated-numbers"
    assert stated.attrs["file"].startswith("data/") and stated.attrs["file"].endswith(".csv")
    assert stated[stated["unit"] == "%"].attrs == stated.attrs  # a selection still names its file


def test_one_gives_the_row_and_names_file_filter_and_count_when_it_is_not_one(stated):
    some_id = stated["id"].iloc[0]
    assert rows.one(stated, id=some_id)["id"] == some_id
    with pytest.raises(rows.RowsError) as err:
        rows.one(stated, id="no-such-number")
    message = str(err.value)
    assert stated.attrs["file"] in message and "paper-stated-numbers" in message
    assert "id = 'no-such-number'" in message and "expected 1 row(s)" in message and "found 0" in message
    percentages = int((stated["unit"] == "%").sum())
    assert percentages > 1
    with pytest.raises(rows.RowsError, match=rf"expected 1 row\(s\) where unit = '%', found {percentages}$"):
        rows.one(stated, unit="%")


def test_where_counts_rows_matching_any_of_a_list():
    frame = pd.DataFrame({"k": ["a", "b", "c", "a"], "v": [1, 2, 3, 4]})
    assert list(rows.where(frame, 3, k=["a", "b"])["v"]) == [1, 2, 4]
    assert list(rows.where(frame, k="c")["v"]) == [3]
    with pytest.raises(rows.RowsError, match=r"expected 2 row\(s\) where k in \['a', 'b'\], found 3"):
        rows.where(frame, 2, k=["a", "b"])
    with pytest.raises(rows.RowsError, match="at least one row"):
        rows.where(frame, k="z")
    with pytest.raises(rows.RowsError, match=r"no column \['x'\]"):
        rows.where(frame, x=1)


def test_keyed_needs_every_expected_key_once():
    frame = pd.DataFrame({"p": ["x", "x", "y"], "s": ["a", "b", "a"], "v": [1.0, 2.0, 3.0]})
    series = rows.keyed(frame, ["p", "s"], "v", expected=[("x", "a"), ("x", "b"), ("y", "a")])
    assert series[("x", "b")] == 2.0
    with pytest.raises(rows.RowsError, match=r"missing \[\('y', 'b'\)\], unexpected \[\('y', 'a'\)\]"):
        rows.keyed(frame, ["p", "s"], "v", expected=[("x", "a"), ("x", "b"), ("y", "b")])
    doubled = pd.concat([frame, frame.iloc[[0]]])
    with pytest.raises(rows.RowsError, match="4 row"):
        rows.keyed(doubled, ["p", "s"], "v", expected=[("x", "a"), ("x", "b"), ("y", "a")])


def test_check_total_compares_parts_with_a_stated_total_when_there_is_one():
    frame = pd.DataFrame({"indicator": ["total", "part", "part"], "value": [10.0, 4.0, 6.0]})
    rows.check_total(frame, 10.0, indicator="total")
    rows.check_total(frame, 99.0, indicator="no total stated")  # nothing to compare with
    with pytest.raises(rows.RowsError, match="the parts add up to 9, the total where indicator = 'total' is 10"):
        rows.check_total(frame, 9.0, indicator="total")


def _frame(**columns):
    frame = pd.DataFrame(columns)
    frame.attrs.update(dataset="lfs-test", file="data/eurostat/lfs-test.csv")
    return frame


def test_complete_needs_every_code_once_in_every_group_and_names_what_lacks():
    frame = _frame(geo=["BE", "NL", "EU27", "BE", "NL", "BE"], time=[2022, 2022, 2022, 2024, 2024, 2024],
                   value=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    found = rows.complete(frame, "geo", ["BE", "NL"], time=2022)
    assert list(found["geo"]) == ["BE", "NL"] and list(found.index) == [0, 1]  # the dataset's order, no aggregate
    with pytest.raises(rows.RowsError, match=r"data/eurostat/lfs-test.csv .*time = 2024: expected each of the 2 geo "
                                             r"codes once; missing \[\], repeated \['BE'\]"):
        rows.complete(frame, "geo", ["BE", "NL"], time=2024)
    with pytest.raises(rows.RowsError, match=r"and time = 2022: .*missing \['NL'\]"):
        rows.complete(frame.drop(index=1), "geo", ["BE", "NL"], by=["time"])


def test_tests_as_conditions_are_named_in_the_error():
    frame = _frame(target=["Adults (25-64) participating", "Adult learning aggregate"], value=[60.0, 57.6])
    assert rows.one(frame, target=rows.starts("Adults ("))["value"] == 60.0
    assert list(rows.where(frame, target=rows.contains("learning"))["value"]) == [57.6]
    with pytest.raises(rows.RowsError, match=r"target starts with 'Employment', found 0"):
        rows.one(frame, target=rows.starts("Employment"))


def test_latest_is_the_largest_value_among_the_matching_rows():
    frame = _frame(geo=["BE", "BE", "NL"], time=[2016, 2022, 2023])
    assert rows.latest(frame, "time", geo="BE") == 2022
    with pytest.raises(rows.RowsError, match="geo = 'FR'"):
        rows.latest(frame, "time", geo="FR")


def test_agree_compares_a_published_figure_with_its_computation():
    published = _frame(component=["a", "b"], value=[2.0, 3.001])
    computed = pd.DataFrame({"component": ["a", "b"], "value": [2.0, 3.0]})
    rows.agree(computed, published, ["component"], what="the mean", tolerance=0.002)
    with pytest.raises(rows.RowsError, match=r"value does not equal the mean \(largest difference 0.0010"):
        rows.agree(computed, published, ["component"], what="the mean")
    with pytest.raises(rows.RowsError, match="does not hold the mean for the same rows"):
        rows.agree(computed.iloc[:1], published, ["component"], what="the mean")
