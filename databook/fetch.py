"""Refresh from Eurostat: download a dataset with the `eurostat` client library and add it as a new vintage.

    python -m databook.fetch trng_lfs_13 [--vintage YYYY-MM-DD] [--package data/datapackage.json]

1. downloads the dataset (eurostat.get_data_df, with flags) from Eurostat's dissemination API;
2. keeps adults 25-64 (age = Y25-64), both sexes (sex = T), percentages (unit = PC), annual data,
   and writes tidy columns geo, time, value, flag, unit, sex, age to
   data/eurostat/<vintage>/<code>.csv (the vintage is today's date unless given);
   cells Eurostat marks ':' (not available) are left out;
3. adds the file's resource to data/datapackage.json, as a new vintage of the dataset id the code
   measures (trng_lfs_13 -> lfs-participation-12m, ...), replacing an entry of the same vintage;
4. validates the new resource and stops with the problems if it does not pass.

Old vintages stay. An edition uses the new file only once editions/<edition>.yml names its vintage.
Columns shared with the Cedefop vintages of the same dataset id: geo, time, value, flag. Eurostat
calls the EU aggregate EU27_2020 where Cedefop writes EU27.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

import pandas as pd

from . import data, language, paths

DATASETS = {
    "trng_lfs_13": {"dataset": "lfs-participation-12m", "survey": "EU-LFS",
                    "title": "Deelname aan opleiding in de laatste 12 maanden (EU-LFS), 25-64 jaar (Eurostat)"},
    "trng_lfs_01": {"dataset": "lfs-participation-4w", "survey": "EU-LFS",
                    "title": "Deelname aan opleiding in de laatste 4 weken (EU-LFS), 25-64 jaar (Eurostat)"},
    "trng_aes_100": {"dataset": "aes-participation", "survey": "Adult Education Survey",
                     "title": "Deelname aan opleiding in de laatste 12 maanden (AES), 25-64 jaar (Eurostat)"},
}
KEEP = {"freq": "A", "unit": "PC", "sex": "T", "age": "Y25-64"}   # dimension -> the one value kept
DROPPED = ("freq",)                                              # kept value, but not written


class FetchError(RuntimeError):
    """The download is not what the book can use (unknown code, missing dimension value, ...)."""


def tidy(raw: pd.DataFrame, code: str) -> pd.DataFrame:
    """The library's wide table (one '<year>_value' and '<year>_flag' column per year) to tidy rows."""
    columns = list(raw.columns)
    geo_col = next((c for c in columns if c.split("\\")[0] == "geo"), None)
    if geo_col is None:
        raise FetchError(f"{code}: no geo dimension in the download (columns: {', '.join(columns)})")
    dims = columns[:columns.index(geo_col)]
    frame = raw.rename(columns={geo_col: "geo"})
    for dim, wanted in KEEP.items():
        if dim in frame:
            if wanted not in set(frame[dim]):
                found = ", ".join(sorted(set(frame[dim])))
                raise FetchError(f"{code}: no rows with {dim} = {wanted} (values: {found})")
            frame = frame[frame[dim] == wanted]
    varying = {d: sorted(set(frame[d])) for d in dims if d not in KEEP and frame[d].nunique() > 1}
    if varying:
        raise FetchError(f"{code}: dimensions not handled by the fetcher vary: "
                         + "; ".join(f"{d} = {', '.join(v)}" for d, v in varying.items())
                         + " (add the value to keep to KEEP in databook/fetch.py)")
    kept = [d for d in dims if d not in DROPPED]
    years = [c.removesuffix("_value") for c in frame.columns if c.endswith("_value")]
    parts = []
    for year in years:
        part = frame[["geo", *kept]].copy()
        part["time"] = int(year)
        part["value"] = pd.to_numeric(frame[f"{year}_value"])
        part["flag"] = frame[f"{year}_flag"].fillna("").astype(str).str.strip()
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out = out[out["value"].notna()]
    if out.empty:
        raise FetchError(f"{code}: no values left for {', '.join(f'{k} = {v}' for k, v in KEEP.items())}")
    return out[["geo", "time", "value", "flag", *kept]].sort_values(["geo", "time"]).reset_index(drop=True)


def _dutch_date(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return language.date(d, "nl")


def resource_entry(code: str, vintage: str, frame: pd.DataFrame) -> dict:
    """The datapackage.json resource describing data/eurostat/<vintage>/<code>.csv."""
    info = DATASETS[code]
    import eurostat
    version = getattr(eurostat, "__version__", None) or _package_version("eurostat")
    extra = [c for c in frame.columns if c not in ("geo", "time", "value", "flag")]
    fields = [
        {"name": "geo", "type": "string", "description": "Country or aggregate, Eurostat code (EU27_2020 = EU-27)",
         "constraints": {"required": True, "pattern": r"^([A-Z]{2}|EU27_2020|EU28|EU15|EA\d{2})$"}},
        {"name": "time", "type": "integer", "description": "Reference year",
         "constraints": {"required": True, "minimum": 1990, "maximum": 2100}},
        {"name": "value", "type": "number", "description": "Share of the population aged 25-64, in %",
         "constraints": {"required": True, "minimum": 0, "maximum": 100}},
        {"name": "flag", "type": "string", "description": "Eurostat flag (b break, u low reliability, ...)",
         "constraints": {"pattern": "^[a-z]{1,3}$"}},
    ] + [{"name": c, "type": "string", "description": f"Eurostat dimension {c} (one value)",
          "constraints": {"required": True, "enum": sorted(set(frame[c]))}} for c in extra]
    return {
        "name": f"{info['dataset']}-{vintage}", "dataset": info["dataset"], "vintage": vintage,
        "path": f"eurostat/{vintage}/{code}.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "title": info["title"],
        "description": (f"Eurostat-tabel {code}, gedownload op {_dutch_date(vintage)} met de Python-bibliotheek "
                        f"eurostat {version} (databook/fetch.py): 25-64 jaar, mannen en vrouwen samen, in %. "
                        "Cellen zonder waarde (':' bij Eurostat) zijn weggelaten. Eurostat noemt het EU-aggregaat "
                        "EU27_2020 (Cedefop: EU27)."),
        "group": "Deelname aan opleiding (volwassenen 25-64 jaar)",
        "publisher": "Eurostat",
        "datasetCode": f"{code} ({info['survey']})",
        "url": f"https://ec.europa.eu/eurostat/databrowser/view/{code}/default/table",
        "accessed": vintage,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Naamsvermelding 4.0 (hergebruikbeleid Eurostat)"}],
        "unit": "% van de bevolking van 25-64 jaar",
        "status": "source",
        "citation": f"Eurostat, {code} ({info['survey']}), gedownload op {_dutch_date(vintage)}",
        "schema": {"fields": fields, "primaryKey": ["geo", "time"]},
    }


def _package_version(name: str) -> str:
    from importlib.metadata import version
    return version(name)


def _register(package_path: Path, entry: dict) -> None:
    package = json.loads(package_path.read_text(encoding="utf-8"))
    resources = [r for r in package["resources"] if r.get("name") != entry["name"]]
    package["resources"] = resources + [entry]
    package_path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def fetch(code: str, vintage: str | None = None, package_path: Path | str | None = None, log=print) -> Path:
    """Download `code`, write the new vintage and register it in the package. Returns the CSV path."""
    if code not in DATASETS:
        raise FetchError(f"unknown dataset code '{code}' (known: {', '.join(DATASETS)})")
    vintage = vintage or dt.date.today().isoformat()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", vintage):
        raise FetchError(f"vintage '{vintage}' is not a date YYYY-MM-DD")
    package_path = Path(package_path) if package_path else paths.DATAPACKAGE

    import eurostat
    raw = eurostat.get_data_df(code, flags=True)
    if raw is None or raw.empty:
        raise FetchError(f"{code}: Eurostat returned no data")
    frame = tidy(raw, code)

    out = package_path.parent / "eurostat" / vintage / f"{code}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out, index=False, lineterminator="\n", encoding="utf-8")
    entry = resource_entry(code, vintage, frame)
    _register(package_path, entry)
    data.validate_resource(entry["dataset"], vintage, package_path)
    log(f"wrote {out} ({len(frame)} rows, {frame['geo'].nunique()} countries/aggregates, "
        f"{frame['time'].min()}-{frame['time'].max()}) and its resource '{entry['name']}' in {package_path}.\n"
        f"To use it, name it in an edition: editions/<edition>.yml, datasets: {entry['dataset']}: \"{vintage}\"")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m databook.fetch", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("code", choices=sorted(DATASETS), help="Eurostat dataset code")
    parser.add_argument("--vintage", help="vintage folder name, YYYY-MM-DD (default: today)")
    parser.add_argument("--package", type=Path, default=None, help="datapackage.json (default: data/datapackage.json)")
    args = parser.parse_args(argv)
    try:
        fetch(args.code, args.vintage, args.package)
    except (FetchError, data.DataError) as exc:
        print(f"fetch stopped: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:  # requests' errors are OSErrors; the library raises
        # ValueError when it cannot find the dataset's structure (unknown code, or no connection)
        reason = str(exc) or "no answer: no connection, or Eurostat does not know the dataset"
        print(f"fetch stopped: could not get {args.code} from Eurostat ({reason})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
