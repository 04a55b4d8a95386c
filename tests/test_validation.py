"""Bad input stops with a message naming file, row, column, offending value and rule.

Each case lays the files of tests/fixtures/bad/<case>/ over a copy of the valid package in
tests/fixtures/good/ (see tests/fixtures/README.md) and validates the copy.
"""
import json
import shutil
from pathlib import Path

import pytest

from databook import data
from databook.editions import load_edition

FIXTURES = Path(__file__).parent / "fixtures"


pytestmark = pytest.mark.usefixtures("no_network")  # tests/conftest.py: no test uses the network


def package(tmp_path, case=None) -> Path:
    """A copy of the good package with the case's files laid over it; returns its datapackage.json."""
    shutil.copytree(FIXTURES / "good", tmp_path, dirs_exist_ok=True)
    if case:
        shutil.copytree(FIXTURES / "bad" / case, tmp_path, dirs_exist_ok=True)
    return tmp_path / "data" / "datapackage.json"


def problems(tmp_path, case=None, edition=None) -> list[data.Problem]:
    pkg = package(tmp_path, case)
    with pytest.raises(data.DataError) as caught:
        data.validate(pkg, edition=edition)
    message = str(caught.value)
    found = caught.value.problems
    assert found and all(str(p) in message for p in found)  # one line per problem
    return found


def only(found, **expected) -> data.Problem:
    assert len(found) == 1, "\n".join(map(str, found))
    p = found[0]
    for key, value in expected.items():
        assert getattr(p, key) == value, f"{key}: {getattr(p, key)!r} != {value!r} in: {p}"
    return p


def test_good_package_is_valid_and_loads(tmp_path):
    pkg = package(tmp_path)
    data.validate(pkg)
    edition = load_edition("test", directory=tmp_path / "editions")
    data.validate(pkg, edition=edition)
    budgets = data.load("budgets", edition, pkg)
    assert budgets["budget_mln_eur"].tolist()[:2] == [47.0, 616.0]
    assert budgets["budget_mln_eur"].isna().tolist() == [False, False, True]  # empty stays empty, not 0


def test_text_in_a_number_column(tmp_path):
    p = only(problems(tmp_path, "text_in_number"), file="data/paper/2025/shares.csv", row=3,
             column="share", value="veel", rule="type number")
    assert str(p) == ("data/paper/2025/shares.csv, row 3, column 'share': "
                      "value 'veel' is not a number (rule: type number)")


def test_row_numbers_are_the_lines_a_person_sees(tmp_path):
    # a quoted cell with a line break: Frictionless counts records (it says row 3), the file shows line 4
    only(problems(tmp_path, "multiline_cell"), row=4, column="share", value="veel")


def test_missing_file(tmp_path):
    pkg = package(tmp_path)
    (tmp_path / "data/paper/2025/budgets.csv").unlink()
    with pytest.raises(data.DataError) as caught:
        data.validate(pkg)
    p = only(caught.value.problems, file="data/paper/2025/budgets.csv", rule="file exists")
    assert "missing" in p.message and "budgets-2025" in p.message


def test_empty_file(tmp_path):
    only(problems(tmp_path, "empty_file"), file="data/paper/2025/shares.csv", rule="non-empty file")


def test_missing_column(tmp_path):
    p = only(problems(tmp_path, "missing_column"), file="data/paper/2025/shares.csv", row=1, column="share")
    assert "missing" in p.message


def test_renamed_column(tmp_path):
    p = only(problems(tmp_path, "renamed_column"), file="data/paper/2025/shares.csv", row=1,
             column="share", value="shar")
    assert "renamed" in p.message


def test_percentage_outside_0_100(tmp_path):
    p = only(problems(tmp_path, "percent_out_of_range"), file="data/cedefop/2026-07-06/participation.csv",
             row=2, column="value", value="215", rule="maximum 100")
    assert "above the maximum" in p.message


def test_negative_budget(tmp_path):
    only(problems(tmp_path, "negative_budget"), file="data/paper/2025/budgets.csv", row=2,
         column="budget_mln_eur", value="-47", rule="minimum 0")


def test_duplicate_key(tmp_path):
    p = only(problems(tmp_path, "duplicate_key"), file="data/cedefop/2026-07-06/participation.csv",
             row=6, column="geo, time", value="BE, 2022")
    assert "duplicate key" in p.message and "same as row 2" in p.message


def test_unknown_country_code(tmp_path):
    p = only(problems(tmp_path, "unknown_country"), file="data/cedefop/2026-07-06/participation.csv",
             row=4, column="geo", value="GR")
    assert p.rule.startswith("enum: BE, DK, EL") and "Eurostat writes 'EL'" in p.message


def test_semicolon_file_with_decimal_commas_is_named_as_such(tmp_path):
    p = only(problems(tmp_path, "semicolon_decimal_comma"), file="data/paper/2025/shares.csv", row=1,
             value="category;share")
    assert "header 'category;share' looks like a semicolon-separated file with decimal commas" in str(p)
    assert '"delimiter": ";"' in p.message and "decimalChar" in p.message


def test_semicolon_file_loads_where_declared(tmp_path):
    pkg = package(tmp_path)
    edition = load_edition("test", directory=tmp_path / "editions")
    frame = data.load("shares-nlbe", edition, pkg)
    assert frame["share"].dtype == "float64"
    assert frame["share"].tolist() == [5.0, 54.0, 37.9, 3.0]


def test_decimal_comma_in_a_comma_file(tmp_path):
    p = only(problems(tmp_path, "decimal_comma_in_comma_file"), row=4, column="share", value="37,9")
    assert "decimal comma" in p.message


def test_shares_that_do_not_add_to_100(tmp_path):
    p = only(problems(tmp_path, "sum_not_100"), file="data/paper/2025/shares.csv", row=2, column="share",
             value="109.9", rule="sumTo100 (tolerance 0.5)")
    assert "rows 2-5" in p.message
    # the good file adds up to 99.9 (rounding in the paper): within the tolerance, see the good package


def test_shares_per_group(tmp_path):
    p = only(problems(tmp_path, "grouped_sum_not_100"), file="data/paper/2025/grouped_shares.csv",
             row=6, column="share", value="89.9")
    assert "rows 6-9 (edition = b)" in p.message


def test_not_utf8(tmp_path):
    p = only(problems(tmp_path, "not_utf8"), file="data/paper/2025/budgets.csv", row=4, value="0x96")
    assert "UTF-8" in p.message


def test_all_problems_are_collected(tmp_path):
    found = problems(tmp_path, "several_files")
    assert {(p.file, p.row, p.column, p.value) for p in found} == {
        ("data/paper/2025/shares.csv", 3, "share", "veel"),
        ("data/paper/2025/budgets.csv", 2, "budget_mln_eur", "-47"),
    }


def test_metadata_problems(tmp_path):
    found = problems(tmp_path, "metadata")
    by_rule = {p.rule: p for p in found}
    assert by_rule["required metadata 'publisher'"].file == "data/datapackage.json"
    assert "budgets-2025" in by_rule["required metadata 'publisher'"].message
    assert by_rule["path layout"].file == "data/datapackage.json"
    assert by_rule["file exists"].file == "data/paper/2024/budgets.csv"  # and the file it names is not there


def test_edition_names_missing_vintage_and_unknown_dataset(tmp_path):
    pkg = package(tmp_path, "bad_edition")
    edition = load_edition("test", directory=tmp_path / "editions")
    with pytest.raises(data.DataError) as caught:
        data.validate(pkg, edition=edition)
    found = caught.value.problems
    assert len(found) == 2
    vintage, unknown = found
    assert vintage.file == "editions/test.yml" and vintage.value == "2027-01-01"
    assert "'participation'" in vintage.message and "vintages that exist: 2026-07-06" in vintage.message
    assert "line 6" in vintage.message
    assert unknown.value == "participaton" and "did you mean participation" in unknown.message


def test_schema_given_as_a_path(tmp_path):
    """The route data/README.md gives for the SCvV projection: a resource whose schema is a file."""
    import json

    pkg = package(tmp_path)
    schema = Path(data.paths.DATA) / "schemas" / "scvv-growth-projection.schema.json"
    (tmp_path / "data" / "schemas").mkdir()
    shutil.copy(schema, tmp_path / "data" / "schemas")
    csv = tmp_path / "data" / "scvv" / "2025-07-01" / "growth_projection.csv"
    csv.parent.mkdir(parents=True)
    csv.write_text("start_year,end_year,component,growth,kind,report\n")  # the header only: no values invented
    descriptor = json.loads(pkg.read_text())
    descriptor["resources"].append({
        "name": "scvv-growth-projection-2025-07-01", "dataset": "scvv-growth-projection", "vintage": "2025-07-01",
        "path": "scvv/2025-07-01/growth_projection.csv", "schema": "schemas/scvv-growth-projection.schema.json",
        "title": "t", "publisher": "p", "datasetCode": "d", "url": "https://example.org", "unit": "%",
        "status": "source", "licenses": [{"name": "notspecified"}]})
    pkg.write_text(json.dumps(descriptor))
    with pytest.raises(data.DataError) as caught:
        data.validate(pkg)
    only(caught.value.problems, file="data/scvv/2025-07-01/growth_projection.csv", rule="at least one data row")


def test_load_refuses_a_bad_file(tmp_path):
    pkg = package(tmp_path, "text_in_number")
    edition = load_edition("test", directory=tmp_path / "editions")
    with pytest.raises(data.DataError, match="value 'veel' is not a number"):
        data.load("shares", edition, pkg)
    data.load("budgets", edition, pkg)  # the other files of the edition still load


# -- text the book can print (issue 12.3) and big inputs (12.5, 12.6) ---------------------------------

@pytest.mark.parametrize("text, shown", [("Groei 😀", "U+1F600"), ("مرحبا", "U+0645"), ("Вода", "U+0412")])
def test_a_character_the_pdf_fonts_cannot_print_fails_validation(tmp_path, text, shown):
    pkg = package(tmp_path)
    csv = tmp_path / "data" / "paper" / "2025" / "budgets.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("Volwassenenonderwijs (CVO)", text), encoding="utf-8")
    with pytest.raises(data.DataError) as caught:
        data.validate(pkg)
    p = only(caught.value.problems, file="data/paper/2025/budgets.csv", row=3, column="instrument",
             rule="printable text")
    assert shown in p.message and "PDF fonts" in p.message


def test_markup_characters_are_valid_text(tmp_path):
    """Markup in a cell is not rejected: it is shown as text (see test_build_textsafe.py)."""
    pkg = package(tmp_path)
    csv = tmp_path / "data" / "paper" / "2025" / "budgets.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(
        "Volwassenenonderwijs (CVO)", '"<b>$5 en $6</b> # | % & _ {download}`x <../../etc/passwd>`"'),
        encoding="utf-8")
    data.validate(pkg)


def test_a_text_longer_than_allowed_fails_validation(tmp_path):
    pkg = package(tmp_path)
    csv = tmp_path / "data" / "paper" / "2025" / "budgets.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("Volwassenenonderwijs (CVO)", "x" * 1001),
                   encoding="utf-8")
    with pytest.raises(data.DataError) as caught:
        data.validate(pkg)
    p = only(caught.value.problems, row=3, column="instrument", rule="printable text")
    assert "1001 characters" in p.message and "at most 1000" in p.message


def test_a_long_problem_list_says_how_many_problems_in_all(tmp_path):
    pkg = package(tmp_path)
    csv = tmp_path / "data" / "paper" / "2025" / "budgets.csv"
    csv.write_text("instrument_id,instrument,budget_mln_eur\n" + "".join(f"i{n},naam,veel\n" for n in range(450)),
                   encoding="utf-8")
    with pytest.raises(data.DataError) as caught:
        data.validate(pkg)
    message = str(caught.value)
    assert message.startswith("450 data problems:")
    assert f"... {450 - data.DataError.SHOWN} more not shown (450 problems in all)" in message
    assert message.count("\n") == data.DataError.SHOWN + 1


def test_notebooks_trust_the_builds_validation_of_the_same_bytes(tmp_path, monkeypatch):
    """A dataset is validated once per build: data.load in a notebook kernel finds the build's
    record for these bytes and does not validate again; a file changed since is validated."""
    pkg = package(tmp_path)
    monkeypatch.setattr(data, "_PASSED_FILE", tmp_path / "validated.json")
    edition = load_edition("test", directory=tmp_path / "editions")
    data.validate(pkg, edition=edition)              # the build; a kernel asks the same record
    checked = []
    real_check = data._check_table
    monkeypatch.setattr(data, "_check_table", lambda res, p: checked.append(res["name"]) or real_check(res, p))
    assert len(data.load("budgets", edition, pkg)) == 3
    assert checked == []
    csv = tmp_path / "data" / "paper" / "2025" / "budgets.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("616", "veel"), encoding="utf-8")
    with pytest.raises(data.DataError, match="veel"):
        data.load("budgets", edition, pkg)
    assert checked


def test_the_validation_record_holds_one_key_per_resource(tmp_path, monkeypatch):
    """The record of validated tables does not grow with every version of a file: one key per resource
    of a package that exists."""
    pkg = package(tmp_path)
    record = tmp_path / "validated.json"
    monkeypatch.setattr(data, "_PASSED_FILE", record)
    csv = tmp_path / "data" / "paper" / "2025" / "budgets.csv"
    original = csv.read_text(encoding="utf-8")
    data.validate(pkg)
    first = json.loads(record.read_text())
    for n in range(3):  # three corrections of the same file
        csv.write_text(original.replace("616", str(617 + n)), encoding="utf-8")
        data.validate(pkg)
    after = json.loads(record.read_text())
    assert sorted(after) == sorted(first) and after != first
    record.write_text(json.dumps({**after, "/gone/datapackage.json::x": "0"}))
    data.validate(pkg)  # nothing to validate: the record is not rewritten
    csv.write_text(original, encoding="utf-8")
    data.validate(pkg)
    assert sorted(json.loads(record.read_text())) == sorted(first)  # a package that is gone is forgotten
