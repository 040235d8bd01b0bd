"""A confirmation step before a destructive action, that works without JavaScript.

With JavaScript, the form's `hx-confirm` question is asked in a dialog (web/confirm.js) and
the form is sent with `confirmed=1`. Without it (or from an old tab), the first POST shows a
page asking the same question, which sends the same fields again with `confirmed=1`.
"""

from django.shortcuts import render

CONFIRMED = "confirmed"


def confirmed(request) -> bool:
    return request.POST.get(CONFIRMED) == "1"


def confirm_page(request, *, question: str, button: str, cancel_url: str, detail: str = ""):
    """The question, the fields sent (kept as they were) and a button that sends them again."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in values
    ]
    return render(
        request,
        "common/confirm.html",
        {
            "question": question,
            "detail": detail,
            "button": button,
            "fields": fields,
            "action": request.path,
            "cancel_url": cancel_url,
        },
        status=200,
    )
