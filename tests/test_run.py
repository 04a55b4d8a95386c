"""The notebook API (databook.run): key numbers, claims, figure and table export, data cards."""
import json

import pandas as pd
import pytest

from databook import ClaimError, Run, dutch_table, style


@pytest.fixture
def run(tmp_path):
    return Run("fig07-vaardigheden-veranderen", edition="2025", output_dir=tmp_path)


def test_fact_is_formatted_the_dutch_way_and_recorded(run):
    assert run.fact("a", 95.04, label="Aandeel", unit="%", decimals=1) == "95,0\u00a0%"
    assert run.fact("b", 1332.6, label="Bedrag", decimals=1) == "1.332,6"
    assert run.fact("c", 4, label="Verhouding", text="4 op 10") == "4 op 10"
    assert [f.id for f in run.key_numbers] == ["a", "b", "c"]
    with pytest.raises(ValueError, match="published twice"):
        run.fact("a", 1, label="x")
    with pytest.raises(ValueError, match="status"):
        run.fact("d", 1, label="x", status="guessed")


def test_claim_that_does_not_hold_names_claim_numbers_and_edition(run):
    run.claim("meer dan 90 %", holds=True, aandeel=92.8)
    with pytest.raises(ClaimError) as err:
        run.claim("meer dan 90 % aanbod", holds=False, aandeel=89.7)
    message = str(err.value)
    assert "meer dan 90 % aanbod" in message and "aandeel = 89.7" in message and "2025" in message


def test_figure_export_writes_every_file_with_card_and_snippet(run, tmp_path):
    frame = run.load("paper-fig07-skills-change")
    fig, ax = style.figure()
    ax.bar(frame["category"], frame["share"])
    run.figure(fig, "fig07-test", title="Titel", caption="Uitleg bij de figuur.",
               alt="Staafdiagram van vier aandelen ondernemingen naar verwachte verandering",
               data=frame, datasets=["paper-fig07-skills-change"])
    for ext in ("svg", "png", "pdf", "csv", "md", "json"):
        assert (tmp_path / f"fig07-test.{ext}").stat().st_size > 0, ext
    snippet = (tmp_path / "fig07-test.md").read_text()
    assert ":name: fig07-test" in snippet and ":alt: \"Staafdiagram van vier" in snippet  # quoted: a "#" in it is text
    assert "Bron: " in snippet and "fig07-test.csv" in snippet
    card = json.loads((tmp_path / "fig07-test.json").read_text())
    assert card["edition"] == "2025"
    assert card["datasets"] == [{"id": "paper-fig07-skills-change", "vintage": "2025"}]
    assert pd.read_csv(tmp_path / "fig07-test.csv").equals(frame.reset_index(drop=True))


def test_figure_without_meaningful_alt_text_is_refused(run):
    run.load("paper-fig07-skills-change")
    fig, _ = style.figure()
    with pytest.raises(ValueError, match="alt text"):
        run.figure(fig, "fig07-test", title="T", caption="C", alt="fig07.png",
                   data=pd.DataFrame({"a": [1]}), datasets=["paper-fig07-skills-change"])


def test_table_export_is_a_myst_table_with_source(run, tmp_path):
    run.load("paper-fig07-skills-change")
    shown = pd.DataFrame({"Instrument": ["Syntra"], "Budget": ["47,0"]})
    run.table(shown, "tab99-test", title="Overzicht", caption="Uitleg.", data=shown,
              datasets=["paper-fig07-skills-change"])
    snippet = (tmp_path / "tab99-test.md").read_text()
    assert snippet.startswith("```{table} Overzicht\n:name: tab99-test")
    assert "| Syntra" in snippet and "Bron: " in snippet


def test_finish_records_files_read_and_facts(run, tmp_path):
    run.load("paper-fig07-skills-change")
    run.fact("x", 1.5, label="X", decimals=1)
    run.finish()
    meta = json.loads((tmp_path / "_meta" / "fig07-vaardigheden-veranderen.json").read_text())
    assert meta["files_read"] == ["data/voka-paper/2025/fig07_skills_change.csv"]
    assert meta["facts"][0]["text"] == "1,5"


def test_dutch_table_formats_numbers_but_not_years():
    frame = pd.DataFrame({"jaar": [2022, 2024], "waarde": [1234.5, 21.25], "aantal": [323000, 5]})
    shown = dutch_table(frame)
    assert list(shown["jaar"]) == [2022, 2024]
    assert list(shown["waarde"]) == ["1.234,50", "21,25"]
    assert list(shown["aantal"]) == ["323.000", "5"]


def test_an_output_lists_the_datasets_the_notebook_read(run, tmp_path):
    frame = run.load("paper-fig07-skills-change")
    fig, _ = style.figure()
    with pytest.raises(ValueError, match="did not load"):
        run.figure(fig, "fig07-test", title="T", caption="C", alt="Staafdiagram van vier aandelen ondernemingen",
                   data=frame, datasets=["paper-fig06-willingness"])
    run.figure(fig, "fig07-test", title="T", caption="C", alt="Staafdiagram van vier aandelen ondernemingen",
               data=frame)
    card = json.loads((tmp_path / "fig07-test.json").read_text())
    assert [d["id"] for d in card["datasets"]] == ["paper-fig07-skills-change"]


@pytest.fixture
def words_file(tmp_path, monkeypatch):
    from databook import words
    monkeypatch.setattr(words, "NOTEBOOKS", tmp_path)
    (tmp_path / "fig07-vaardigheden-veranderen.meta.yml").write_text(
        "nl:\n  title: Verandering\n  caption: \"{{ share | percent(1) }} van de ondernemingen in {{ year }}\"\n"
        "  alt: Staafdiagram van {{ n }} aandelen van ondernemingen, {{ big | number(1) }}\n"
        "  columns: {share: Aandeel (%)}\n"
        "  facts: {verandering: \"Aandeel dat verandering verwacht, {{ year }}\", "
        "zin: {label: Zin, text: \"bijna {{ value | number(0) }}\"}}\n"
        "en:\n  title: Change\n  caption: \"{{ share | percent(1) }} of the companies in {{ year }}\"\n"
        "  alt: Bar chart of {{ n }} shares of companies, {{ big | number(1) }}\n"
        "  columns: {share: Share (%)}\n"
        "  facts: {verandering: \"Share expecting change, {{ year }}\", "
        "zin: {label: Sentence, text: \"nearly {{ value | number(0) }}\"}}\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("language, texts", [
    ("nl", ("Verandering", "95,0\u00a0% van de ondernemingen in 2024", "1.332,6", "Aandeel dat verandering verwacht, 2024",
            "bijna 260", "Bron: ", "Aandeel (%)")),
    ("en", ("Change", "95.0% of the companies in 2024", "1,332.6", "Share expecting change, 2024",
            "nearly 260", "Source: ", "Share (%)")),
])
def test_words_beside_the_notebook_fill_title_caption_alt_and_facts(words_file, tmp_path, language, texts):
    title, caption, big, label, sentence, source, column = texts
    out = tmp_path / language
    run = Run("fig07-vaardigheden-veranderen", edition="2025", output_dir=out, language=language)
    frame = run.load("paper-fig07-skills-change")
    assert run.fact("verandering", 95.04, unit="%", decimals=1, year=2024) == run.percent(95.04, 1)
    assert run.fact("zin", 260.0) == sentence
    assert run.key_numbers[0].label == label
    fig, _ = style.figure()
    run.figure(fig, data=frame, values={"share": 95.0, "year": 2024, "n": 4, "big": 1332.6})
    card = json.loads((out / "fig07-vaardigheden-veranderen.json").read_text())
    assert (card["title"], card["caption"]) == (title, caption)
    assert card["alt"].endswith(big) and card["source"].startswith(source)
    assert column in run.shown(frame[["share"]]).columns
    run.finish()
    meta = json.loads((out / "_meta" / "fig07-vaardigheden-veranderen.json").read_text())
    assert "notebooks/fig07-vaardigheden-veranderen.meta.yml" in meta["files_read"]  # words in the cache key


def test_words_missing_a_value_or_key_name_file_language_and_key(words_file, tmp_path):
    from databook.words import WordsError
    run = Run("fig07-vaardigheden-veranderen", edition="2025", output_dir=tmp_path, language="en")
    with pytest.raises(WordsError, match=r"fig07-vaardigheden-veranderen.meta.yml: 'caption' in the section 'en'.*share"):
        run.words("caption", year=2024)
    with pytest.raises(WordsError, match="no 'facts.nieuw' in the section 'en'"):
        run.fact("nieuw", 1.0)
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        Run("fig07-vaardigheden-veranderen", edition="2025", output_dir=tmp_path, language="fr")


def test_the_datas_dutch_texts_are_translated_from_the_words_and_a_missing_one_fails(tmp_path, monkeypatch):
    from databook import words
    from databook.words import WordsError
    monkeypatch.setattr(words, "NOTEBOOKS", tmp_path)
    meta = tmp_path / "fig07-vaardigheden-veranderen.meta.yml"
    meta.write_text("nl:\n  title: Verandering\nen:\n  title: Change\n  translations:\n    category:\n"
                    "      Helemaal geen verandering: No change at all\n      Niet erg snel: Not very quickly\n"
                    "      Vrij snel: Fairly quickly\n", encoding="utf-8")
    assert words.keys(words.load_raw("fig07-vaardigheden-veranderen")["en"]) == {"title"}
    dutch = Run("fig07-vaardigheden-veranderen", edition="2025", output_dir=tmp_path, language="nl")
    frame = dutch.load("paper-fig07-skills-change")
    assert dutch.translated(frame, "category").equals(frame)
    english = Run("fig07-vaardigheden-veranderen", edition="2025", output_dir=tmp_path, language="en")
    assert english.translate("category", "Vrij snel") == "Fairly quickly"
    assert english.translate("category", "") == ""
    with pytest.raises(WordsError, match=r"no translation of 'Heel snel' \(data column 'category'\) in the "
                                         r"section 'en' under 'translations.category'"):
        english.translated(frame, "category")
    meta.write_text("nl:\n  title: Verandering\n  translations: {category: {}}\nen:\n  title: Change\n",
                    encoding="utf-8")
    with pytest.raises(WordsError, match="the section 'nl' is the original"):
        Run("fig07-vaardigheden-veranderen", edition="2025", output_dir=tmp_path).words("title")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_data_card_on_the_notebook_page_is_in_the_runs_language(tmp_path, monkeypatch, language):
    """The card a notebook displays names each dataset by its title and cites its source in the
    run's language: the data package's Dutch title and citation, or the English ones
    (locales/en/datapackage.yml, `citation_en`)."""
    import IPython.display
    import yaml

    from databook import data, paths

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj.data))
    run = Run("fig07-vaardigheden-veranderen", edition="2025", output_dir=tmp_path, language=language)
    frame = run.load("paper-fig07-skills-change")
    run.table(frame, "tab99-test", title="T", caption="C.", data=frame,
              datasets=["paper-fig07-skills-change"])
    (card,) = shown
    meta = data.resource("paper-fig07-skills-change", run.edition)
    english = yaml.safe_load((paths.ROOT / "locales" / "en" / "datapackage.yml").read_text(encoding="utf-8"))
    title_en = english["resources"][meta["name"]]["title"]
    assert title_en != meta["title"]
    if language == "en":
        assert f": {title_en}" in card and meta["title"] not in card
        assert f"- Source: {meta['citation_en'].rstrip('. ')}." in card
    else:
        assert f": {meta['title']}" in card and title_en not in card
        assert f"- Bron: {meta['citation'].rstrip('. ')}." in card
