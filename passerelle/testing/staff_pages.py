"""Every staff page of a service, collected from the URL conf (for browser and i18n walks).

A pattern is a staff page when it lives under ``s/<slug>/``, its other parameters can be
filled from the service's own rows, and a GET answers a full HTML page. Action endpoints
(``<action>``), htmx partials, downloads and exports drop out by that last test.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse


def _patterns(resolvers, namespace=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _fillers(service):
    """Values for each URL parameter: one row of the service per kind, first by id."""
    from passerelle.channels.types.registry import all_types
    from passerelle.communities.models import Membership
    from passerelle.evaluation.models import Indicator, LogicItem, Result
    from passerelle.faq.models import FaqEntry
    from passerelle.members.models import Member
    from passerelle.moderation.models import Report
    from passerelle.questions.models import Question
    from passerelle.referrals.models import Partner
    from passerelle.reports.selectors import REPORTS
    from passerelle.surveys.models import Survey

    def first(qs):
        row = qs.order_by("pk").first()
        return None if row is None else row.pk

    reported = Report.objects.filter(message__service=service).order_by("pk").first()
    connectable = sorted(t.slug for t in all_types() if t.connect_fields)
    org = service.org
    return {
        "slug": [service.slug],
        "membership_id": [first(Membership.objects.filter(service=service))],
        "message_id": [reported.message_id if reported else None],
        "question_id": [first(Question.objects.filter(service=service))],
        "member_id": [first(Member.objects.filter(memberships__service=service))],
        "partner_id": [first(Partner.objects.filter(org=org))],
        "entry_id": [first(FaqEntry.objects.filter(service=service))],
        "survey_id": [first(Survey.objects.filter(service=service))],
        "item_id": [first(LogicItem.objects.filter(org=org))],
        "result_id": [first(Result.objects.filter(org=org))],
        "indicator_id": [first(Indicator.objects.filter(result__org=org))],
        "type_slug": connectable,
        "name": sorted(REPORTS),
    }


def staff_page_urls(service, client) -> list[str]:
    """The paths of the service's staff pages that ``client`` (logged in) can open."""
    fillers = _fillers(service)
    urls = []
    for name, pattern in _patterns(get_resolver().url_patterns):
        route = str(pattern.pattern)
        if not route.startswith("s/<slug:slug>/"):
            continue
        params = list(pattern.pattern.converters)
        if not all(p in fillers for p in params):
            continue
        combos = [{}]
        for p in params:
            combos = [dict(c, **{p: v}) for c in combos for v in fillers[p] if v is not None]
        for kwargs in combos:
            path = reverse(name, kwargs=kwargs)
            response = client.get(path)
            if (
                response.status_code == 200
                and response["Content-Type"].startswith("text/html")
                and b'<header class="top"' in response.content
            ):
                urls.append(path)
    return urls
