"""Translator commands: update-po, stats, check-po and the release gate."""

from __future__ import annotations

import argparse

from pipeline.cli.registry import command
from pipeline.errors import InputErrors, PipelineError
from pipeline.project import Project


def _langs(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", action="append", help="language (repeatable); default all")


@command("update-po", "extract messages and merge them into every .po, losing nothing", _langs)
def _update_po(ns: argparse.Namespace, project: Project) -> int:
    from pipeline.fsutil import staged
    from pipeline.i18n.catalogs import TARGETS, update_language, update_template

    with staged():  # every catalog is updated, or (disk full, bad catalog) none is
        template, changed = update_template(project)
        report = [f"{'updated' if changed else 'unchanged'} locales/messages.pot "
                  f"({len(template)} messages)"]
        for lang in ns.lang or TARGETS:
            changed = update_language(project, template, lang)
            report.append(f"{'updated' if changed else 'unchanged'} "
                          f"locales/{lang}/LC_MESSAGES/messages.po")
    print("\n".join(report))
    return 0


@command("stats", "print translated, fuzzy and untranslated counts per language", _langs)
def _stats(ns: argparse.Namespace, project: Project) -> int:
    from pipeline.i18n.catalogs import TARGETS, coverage, stats_table

    print(stats_table([coverage(project, lang) for lang in ns.lang or TARGETS]))
    return 0


@command("check-po", "check placeholders, markup, terminology and typography", _langs)
def _check_po(ns: argparse.Namespace, project: Project) -> int:
    from pipeline.i18n.catalogs import TARGETS
    from pipeline.i18n.pocheck import check_catalog

    problems = [p for lang in ns.lang or TARGETS for p in check_catalog(project, lang)]
    if problems:
        raise InputErrors(problems)
    print("translations OK")
    return 0


@command("gate", "refuse languages below their release threshold", _langs)
def _gate(ns: argparse.Namespace, project: Project) -> int:
    from pipeline.i18n.catalogs import TARGETS, release_gate

    failures = release_gate(project, ns.lang or list(TARGETS))
    if failures:
        raise PipelineError("translation coverage too low for a release:\n" +
                            "\n".join(failures))
    print("every language meets its threshold")
    return 0
