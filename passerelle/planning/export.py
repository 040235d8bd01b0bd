"""Each planning document as an XLSX workbook, through the reports' text-sheet writer.

Column headers and fixed texts (statements, factors, levels) are in the reader's
language; what staff wrote is exported as written, in every language of the service.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.planning import maturity, platforms, readiness
from passerelle.planning.models import Risk
from passerelle.planning.risks import RATING_LABELS
from passerelle.reports.export import TextSheet, spreadsheet_text, text_sheets_xlsx

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(rows):
    return [[spreadsheet_text(v) for v in row] for row in rows]


def _when(version, tz):
    if version is None:
        return ""
    return timezone.localtime(version.created_at, tz).strftime("%Y-%m-%d %H:%M")


def _who(user):
    return (user.get_full_name() or user.email) if user is not None else ""


def readiness_xlsx(service, version) -> bytes:
    data = version.data if version else {}
    labels = dict(readiness.ANSWERS)
    rows = [
        [str(text), str(labels.get(answer, "")), explanation]
        for _k, text, answer, explanation in readiness.answers_of(data)
    ]
    chosen = set(data.get("purposes", []))
    purposes = [
        [str(name), _("Yes") if key in chosen else _("No")] for key, name in readiness.PURPOSES
    ]
    if data.get("purpose_other"):
        purposes.append([_("Other purpose"), data["purpose_other"]])
    about = [
        [_("Service"), service.name],
        [_("Saved"), _when(version, service.tz)],
        [_("By"), _who(version.author) if version else ""],
        [_("Must we stop and plan?"), _("Yes") if readiness.must_stop(data) else _("No")],
        [_("Rule"), str(readiness.STOP_AND_PLAN)],
    ]
    return text_sheets_xlsx(
        [
            TextSheet(
                _("Readiness checklist"),
                [_("Statement"), _("Answer"), _("Explanations / details")],
                _text(rows),
            ),
            TextSheet(_("Purposes"), [_("Purpose"), _("Chosen")], _text(purposes)),
            TextSheet(_("About"), [_("Item"), _("Value")], _text(about)),
        ]
    )


def platform_xlsx(service, version, connected: set[str]) -> bytes:
    data = version.data if version else {}
    ratings = data.get("ratings", {})
    labels = dict(platforms.RATINGS)
    order = platforms.ordered_platforms(connected)
    headers = [_("Factor"), _("Importance")] + [
        f"{name} ({_('connected')})" if on else str(name) for _k, name, on in order
    ]
    rows = []
    for key, text in platforms.FACTORS:
        cells = [f"{label} — {note}" for _v, label, note in platforms.offers_for(key, order)]
        rows.append([str(text), str(labels.get(ratings.get(key, ""), ""))] + cells)
    for own in data.get("own", []):
        rows.append([own["factor"], str(labels.get(own["rating"], ""))] + [""] * len(order))
    rows.append([str(platforms.KEY_CRITERION), ""] + [""] * len(order))
    return text_sheets_xlsx([TextSheet(_("Platform-choice checklist"), headers, _text(rows))])


def policies_xlsx(service, kinds, latest) -> bytes:
    rows = []
    for kind, name in kinds:
        for language in service.languages or ["en"]:
            version = latest.get((kind, language))
            rows.append(
                [
                    str(name),
                    language,
                    _when(version, service.tz) if version else _("Not saved yet"),
                    _who(version.author) if version else "",
                    version.text if version else "",
                ]
            )
    headers = [_("Policy"), _("Language"), _("Version of"), _("By"), _("Text")]
    return text_sheets_xlsx([TextSheet(_("Policies"), headers, _text(rows))])


def risks_headers(languages) -> list[str]:
    return (
        [_("Risk (%(language)s)") % {"language": lang} for lang in languages]
        + [_("Category"), _("Likelihood"), _("Impact"), _("Rating")]
        + [_("Mitigation (%(language)s)") % {"language": lang} for lang in languages]
        + [_("Owner"), _("Residual rating"), _("Review date")]
    )


def risks_xlsx(service, risks: list[Risk]) -> bytes:
    languages = service.languages or ["en"]
    rows = []
    for r in risks:
        rows.append(
            [r.risk.get(lang, "") for lang in languages]
            + [
                r.get_category_display(),
                r.get_likelihood_display(),
                r.get_impact_display(),
                str(RATING_LABELS[r.rating]),
            ]
            + [r.mitigation.get(lang, "") for lang in languages]
            + [
                _who(r.owner),
                r.get_residual_display(),
                r.review_on.isoformat() if r.review_on else "",
            ]
        )
    return text_sheets_xlsx([TextSheet(_("Risk register"), risks_headers(languages), _text(rows))])


def maturity_xlsx(org, assessments) -> bytes:
    current = assessments[0] if assessments else None
    previous = assessments[1] if len(assessments) > 1 else None
    change = (
        maturity.compare(current.scores, previous.scores if previous else None) if current else {}
    )
    rows = []
    for key, name in maturity.DOMAINS:
        level = current.scores.get(key) if current else None
        rows.append(
            [
                str(name),
                level if level is not None else "",
                str(maturity.LEVEL_NAMES.get(level, "")),
                change.get(key) if change.get(key) is not None else "",
                current.notes.get(key, "") if current else "",
            ]
        )
    history = [
        [timezone.localtime(a.created_at).strftime("%Y-%m-%d"), _who(a.author)]
        + [a.scores.get(key, "") for key in maturity.DOMAIN_KEYS]
        for a in assessments
    ]
    return text_sheets_xlsx(
        [
            TextSheet(
                _("Digital maturity"),
                [_("Domain"), _("Level"), _("Phase"), _("Change since the last one"), _("Notes")],
                _text(rows),
            ),
            TextSheet(
                _("History"),
                [_("Date"), _("By")] + [str(name) for _k, name in maturity.DOMAINS],
                _text(history),
            ),
        ]
    )
