"""Extract, update and compile the gettext catalogs of itaproj's report labels (babel's API, like pybabel).

Usage (from the repository root)::

    python tools/l10n_catalogs.py            # extract + update + compile
    python tools/l10n_catalogs.py extract    # src/itaproj/{l10n,plot}/**.py -> src/itaproj/locale/itaproj.pot
    python tools/l10n_catalogs.py update     # merge the .pot into each <lang>/LC_MESSAGES/itaproj.po
    python tools/l10n_catalogs.py compile    # each .po -> .mo (fails on untranslated uk/ru messages)
    python tools/l10n_catalogs.py init LANG  # start a catalog for a new language

It does what ``pybabel extract -k pgettext:1c,2 -c TRANSLATORS: -o src/itaproj/locale/itaproj.pot
src/itaproj/l10n src/itaproj/plot``, ``pybabel update -D itaproj -d src/itaproj/locale -i ... --no-fuzzy-matching`` and
``pybabel compile -D itaproj -d src/itaproj/locale`` do, but keeps the .pot header stable (no new
creation date when no message changed) so regenerating does not churn the repository.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
#: The packages whose marked messages are extracted.
SOURCES = (ROOT / "src" / "itaproj" / "l10n", ROOT / "src" / "itaproj" / "plot")
LOCALE_DIR = ROOT / "src" / "itaproj" / "locale"
DOMAIN = "itaproj"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
#: Languages whose catalogs must be complete before compiling.
REQUIRED = ("uk", "ru")


def _po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=locale, domain=DOMAIN)


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        # No source locations: line numbers would churn every catalog on every code edit.
        write_po(
            stream,
            catalog,
            width=100,
            no_location=True,
            sort_output=True,
            ignore_obsolete=True,
            include_previous=False,
        )


def extract_template() -> Catalog:
    """The messages marked in the packages of :data:`SOURCES`, as a template catalog."""
    template = Catalog(
        project="itaproj",
        version="1",
        domain=DOMAIN,
        charset="utf-8",
        msgid_bugs_address="",
        copyright_holder="itaproj developers",
        fuzzy=False,
    )
    method_map = [("**.py", "python")]
    for source in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            source,
            method_map,
            keywords=DEFAULT_KEYWORDS,
            comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True,
        ):
            location = (f"{source.relative_to(ROOT).as_posix()}/{filename}", lineno)
            known = template.get(message, context)
            if known is not None:  # (a message used in both packages: one entry, every comment)
                known.locations.append(location)
                known.auto_comments.extend(c for c in comments if c not in known.auto_comments)
                continue
            template.add(message, None, [location], auto_comments=comments, context=context)
    return template


def extract() -> None:
    """Write the .pot, keeping its creation date when the messages did not change."""
    template = extract_template()
    if TEMPLATE.exists():
        old = _read(TEMPLATE)
        if {(m.id, m.context) for m in old} == {(m.id, m.context) for m in template}:
            template.creation_date = old.creation_date
    _write(TEMPLATE, template)


def languages() -> list[str]:
    """The languages that have a catalog."""
    return sorted(path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def update() -> None:
    """Merge the .pot into every language's .po (new messages come in untranslated, none fuzzy)."""
    template = _read(TEMPLATE)
    for language in languages():
        path = _po_path(language)
        catalog = _read(path, locale=language)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        _write(path, catalog)


def init(language: str) -> None:
    """Start an empty catalog for ``language``."""
    path = _po_path(language)
    if path.exists():
        raise SystemExit(f"{path} exists; use update")
    catalog = Catalog(
        locale=Locale.parse(language),
        domain=DOMAIN,
        project="itaproj",
        version="1",
        copyright_holder="itaproj developers",
        last_translator="itaproj developers",
        language_team=f"{language}",
        fuzzy=False,
        revision_date=dt.datetime.now(dt.UTC),
    )
    catalog.update(_read(TEMPLATE), no_fuzzy_matching=True)
    _write(path, catalog)


def compile_all() -> None:
    """Compile every .po to its .mo, after checking it."""
    for language in languages():
        path = _po_path(language)
        catalog = _read(path, locale=language)
        problems = [f"{message.id!r}: {error}" for message, errors in catalog.check() for error in errors]
        missing = [str(m.id) for m in catalog if m.id and (not m.string or m.fuzzy)]
        if language in REQUIRED and missing:
            problems.extend(f"untranslated: {msgid!r}" for msgid in missing)
        if problems:
            raise SystemExit(f"{path}:\n  " + "\n  ".join(problems))
        with path.with_suffix(".mo").open("wb") as stream:
            write_mo(stream, catalog, use_fuzzy=False)


def main(argv: list[str]) -> None:
    """Run the steps named on the command line (all of them when none is)."""
    command = argv[0] if argv else "all"
    if command == "init":
        init(argv[1])
    elif command == "extract":
        extract()
    elif command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "all":
        extract()
        update()
        compile_all()
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
