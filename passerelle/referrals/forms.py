"""Forms of the partner directory and of a referral."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelle.common.language_fields import add_language_fields, language_texts
from passerelle.referrals.models import LANGUAGE_TEXTS, Partner, PartnerService

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


class LanguagesField(forms.CharField):
    """Language codes typed as 'ar, fr, en', stored as a list."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        codes = [c.strip().lower() for c in re.split(r"[,\s]+", value or "") if c.strip()]
        for code in codes:
            if not _LANGUAGE.match(code):
                raise forms.ValidationError(
                    _("“%(code)s” is not a language code such as ar, fr or en.") % {"code": code}
                )
        return list(dict.fromkeys(codes))


class LanguageTextsMixin:
    """Description, hours and intake notes typed once per language of the service."""

    rows = {"description": 3, "hours": 0, "intake_notes": 3}

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.text_languages = list(dict.fromkeys(languages or ["en"]))
        labels = {
            "description": gettext_lazy("description"),
            "hours": gettext_lazy("hours"),
            "intake_notes": gettext_lazy("intake notes"),
        }
        for name in LANGUAGE_TEXTS:
            add_language_fields(
                self,
                name,
                languages=self.text_languages,
                label=labels[name],
                initial=getattr(self.instance, name),
                textarea_rows=self.rows[name],
                max_length=200 if name == "hours" else None,
            )

    def clean(self):
        cleaned = super().clean()
        for name in LANGUAGE_TEXTS:
            texts = language_texts(self, name, languages=self.text_languages)
            # Texts in a language the service no longer lists are kept, not dropped.
            kept = {
                code: text
                for code, text in (getattr(self.instance, name) or {}).items()
                if code not in self.text_languages
            }
            setattr(self.instance, name, {**kept, **texts})
        return cleaned


class PartnerForm(LanguageTextsMixin, forms.ModelForm):
    languages = LanguagesField(label=gettext_lazy("Languages (codes: ar, fr, en…)"), required=False)
    website = forms.URLField(
        label=gettext_lazy("website"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "description",
            "languages",
            "area_served",
            "address",
            "phone",
            "email",
            "website",
            "hours",
            "intake_notes",
            "is_active",
        ]


class PartnerServiceForm(LanguageTextsMixin, forms.ModelForm):
    languages = LanguagesField(label=gettext_lazy("Languages"), required=False)

    class Meta:
        model = PartnerService
        fields = [
            "category",
            "name",
            "description",
            "languages",
            "phone",
            "hours",
            "intake_notes",
            "is_active",
        ]

    rows = {"description": 2, "hours": 0, "intake_notes": 2}


PartnerServiceFormSet = forms.inlineformset_factory(
    Partner,
    PartnerService,
    form=PartnerServiceForm,
    extra=1,
    can_delete=False,
)


class ReferralForm(forms.Form):
    target = forms.ChoiceField(label=gettext_lazy("Partner and service"))
    text = forms.CharField(
        label=gettext_lazy("Message to the member (you may edit it)"),
        widget=forms.Textarea(attrs={"rows": 7, "dir": "auto"}),
        max_length=4096,
    )
    followup_days = forms.IntegerField(
        label=gettext_lazy("Follow up after (days)"), min_value=1, max_value=90
    )

    def __init__(self, *args, partner_services=(), partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")]
        for partner in partners:
            options = [(f"p{partner.pk}", _("%(partner)s (general)") % {"partner": partner.name})]
            options += [
                (f"s{ps.pk}", f"{ps.name} · {ps.get_category_display()}")
                for ps in partner_services
                if ps.partner_id == partner.pk
            ]
            choices.append((partner.name, options))
        self.fields["target"].choices = choices
        # (partner name, [(value, label)…]) for the template's optgroups.
        self.groups = choices[1:]
