"""The form for a library text: a title, then one box per language of the service."""

from django import forms
from django.utils.translation import gettext_lazy

from passerelle.common.language_fields import add_language_fields, field_name
from passerelle.promotion.models import LibraryText


def text_languages(service) -> list[str]:
    """The service's languages, then en/fr/ar: the seeded texts are in those three."""
    return list(dict.fromkeys([*service.languages, "en", "fr", "ar"]))


class LibraryTextForm(forms.ModelForm):
    class Meta:
        model = LibraryText
        fields = ["title"]
        help_texts = {"title": gettext_lazy("For staff: a short name.")}

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = text_languages(service)
        self.fields["title"].widget.attrs["dir"] = "auto"
        add_language_fields(
            self,
            "text",
            languages=self.languages,
            label=gettext_lazy("Text"),
            initial=self.instance.texts,
            textarea_rows=4,
            max_length=4000,
        )

    def clean(self):
        cleaned = super().clean()
        self.instance.texts = {
            code: value.strip()
            for code in self.languages
            if (value := cleaned.get(field_name("text", code)) or "").strip()
        }
        if not self.instance.texts:
            self.add_error(
                field_name("text", self.languages[0]),
                gettext_lazy("Write the text in at least one language."),
            )
        return cleaned


class QuietDaysForm(forms.Form):
    quiet_days = forms.IntegerField(
        label=gettext_lazy(
            "Suggest a discussion prompt after this many days without a member message "
            "in the group (0: never)"
        ),
        min_value=0,
        max_value=90,
    )


class JoinLinkForm(forms.Form):
    url = forms.CharField(label=gettext_lazy("Join link"), required=False, max_length=500)
