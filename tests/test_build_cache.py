"""Cache keys per dataset and frozen editions, without building: which changes execute a notebook
again, and which editions a build builds."""
import json
import shutil

import pytest

from conftest import ROOT
from databook import build, cache, editions, paths
from databook.layout import layout

NOTEBOOK = ROOT / "notebooks" / "fig07-vaardigheden-veranderen.ipynb"


@pytest.fixture
def setting():
    descriptors = cache.resources()
    read = sorted(f for f, res in descriptors.items() if res["dataset"] == "paper-fig07-skills-change")[:1]
    assert read, "the datapackage describes fig07's data"
    vintages = {"paper-fig07-skills-change": descriptors[read[0]]["vintage"]}
    env = cache.environment_digest(cache.modules_used(NOTEBOOK))
    return descriptors, read, vintages, env


def key(setting, **change):
    descriptors, read, vintages, env = setting
    return cache.cache_key(NOTEBOOK, {"edition": "2025"}, change.get("read", read), env,
                           change.get("descriptors", descriptors), change.get("vintages", vintages))


def test_another_resource_added_to_the_datapackage_changes_no_key(setting):
    descriptors, read, _, _ = setting
    other = dict(next(r for f, r in descriptors.items() if f not in read))
    more = {**descriptors, "data/x/2099/new.csv": {**other, "name": "new-2099", "vintage": "2099"}}
    assert key(setting, descriptors=more) == key(setting)


def test_the_descriptor_of_a_resource_read_is_in_the_key(setting):
    descriptors, read, _, _ = setting
    retitled = {**descriptors, read[0]: {**descriptors[read[0]], "title": "Another title"}}
    assert key(setting, descriptors=retitled) != key(setting)


def test_the_editions_vintage_of_a_dataset_read_is_in_the_key(setting):
    _, _, vintages, _ = setting
    assert key(setting, vintages={"paper-fig07-skills-change": "2099"}) != key(setting)
    assert key(setting, vintages={**vintages, "esi-scores": "2099"}) == key(setting)  # not read


def test_the_content_of_a_file_read_is_in_the_key(setting, tmp_path, monkeypatch):
    descriptors, read, vintages, env = setting
    copy = tmp_path / read[0]
    copy.parent.mkdir(parents=True)
    shutil.copy(ROOT / read[0], copy)
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    same = key(setting)
    copy.write_text(copy.read_text(encoding="utf-8").replace("54.0", "55.0"), encoding="utf-8")
    assert key(setting) != same


def test_a_notebook_is_keyed_on_the_modules_it_runs_not_the_build():
    used = cache.modules_used(NOTEBOOK)
    assert {"run", "data"} <= set(used)
    assert not set(used) & {"build", "cli", "stage", "render", "site", "publish", "execute", "cache", "pages"}


def test_a_published_older_edition_is_frozen(monkeypatch):
    names = editions.list_editions()
    published = {layout(n, lang).site_path: {"html": "h", "pdf": "p"} for n in names for lang in ("nl", "en")}
    monkeypatch.setattr(build.site, "published", lambda: published)
    todo = build.plan(None, ("nl", "en"))
    assert todo == [(names[-1], "nl"), (names[-1], "en")]  # only the newest is built again
    assert build.plan([names[0]], ("nl",)) == [(names[0], "nl")]  # any edition on demand
    del published[layout(names[0], "en").site_path]  # a translation not yet published is built
    assert (names[0], "en") in build.plan(None, ("nl", "en"))
    published[layout(names[0], "nl").site_path]["pdf"] = None  # HTML only: the PDF is still to make
    assert (names[0], "nl") in build.plan(None, ("nl",), pdf=True)
    assert (names[0], "nl") not in build.plan(None, ("nl",), pdf=False)


def test_nothing_is_frozen_before_it_is_published(monkeypatch):
    monkeypatch.setattr(build.site, "published", lambda: {})
    assert build.plan(None, ("nl",)) == [(n, "nl") for n in editions.list_editions()]
