"""The saved replies page: list, create, edit, delete (after a confirmation step)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelle.faq import saved
from passerelle.faq.forms import LANGUAGE_NAMES, entry_languages
from passerelle.faq.models import SavedReply
from passerelle.orgs.selectors import role_for


class SavedReplyForm(forms.ModelForm):
    class Meta:
        model = SavedReply
        fields = ["title", "language", "text"]
        help_texts = {
            "text": gettext_lazy(
                "Placeholders filled in when you insert it: {member_name}, {service_name}."
            )
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 5, "dir": "auto"})}

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(code, LANGUAGE_NAMES.get(code, code)) for code in entry_languages(service)]
        self.fields["language"] = forms.ChoiceField(label=_("language"), choices=choices)
        self.fields["title"].widget.attrs["dir"] = "auto"


@login_required
def saved_list(request, slug):
    role = role_for(request.user, slug, "reply")
    replies = list(saved.saved_replies_for(role))
    for reply in replies:
        reply.language_name = LANGUAGE_NAMES.get(reply.language, reply.language)
    return render(
        request,
        "faq/saved_list.html",
        {"role": role, "replies": replies, "can_edit": role.can("moderate")},
    )


@login_required
def saved_edit(request, slug, reply_id=None):
    role = role_for(request.user, slug, "moderate")
    reply = (
        saved.saved_reply_get(role, reply_id)
        if reply_id
        else SavedReply(org=role.org, service=role.service, language=role.service.default_language)
    )
    form = SavedReplyForm(request.POST or None, instance=reply, service=role.service)
    if request.method == "POST" and form.is_valid():
        try:
            saved.saved_reply_save(role=role, reply=form.save(commit=False))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved reply saved."))
            return redirect("faq:saved", slug)
    return render(
        request,
        "faq/saved_form.html",
        {"role": role, "form": form, "reply": reply},
        status=422 if form.errors else 200,
    )


@login_required
def saved_delete(request, slug, reply_id):
    """GET asks for confirmation (works without JavaScript); POST deletes."""
    role = role_for(request.user, slug, "moderate")
    reply = saved.saved_reply_get(role, reply_id)
    if request.method == "POST":
        saved.saved_reply_delete(role=role, reply=reply)
        messages.success(request, _("Saved reply “%(title)s” deleted.") % {"title": reply.title})
        return redirect("faq:saved", slug)
    return render(request, "faq/saved_delete.html", {"role": role, "reply": reply})
