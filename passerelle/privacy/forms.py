from django import forms
from django.utils.translation import gettext_lazy as _

from passerelle.privacy.erasure import MAX_REASON
from passerelle.privacy.models import RetentionPolicy
from passerelle.privacy.retention import EDITABLE


class RetentionForm(forms.ModelForm):
    class Meta:
        model = RetentionPolicy
        fields = EDITABLE


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (for the record)"),
        max_length=MAX_REASON,
        help_text=_(
            "For example: asked by phone on 2 March. Do not write the person's name or "
            "details: this reason is kept."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
