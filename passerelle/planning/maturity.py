"""The digital maturity self-assessment: the eight domains of the NCVO matrix the AMSSA
report cites (seed 003), scored with the report's phases of adoption."""

from django.utils.translation import gettext_lazy as _

DOMAINS = [
    ("leadership", _("Leadership and strategy")),
    ("expertise", _("Expertise and capacity")),
    ("technology", _("Technology")),
    ("service_design", _("Service design")),
    ("content", _("Content")),
    ("communications", _("Communications and campaigns")),
    ("data", _("Data and insight")),
    ("security", _("Security and data protection")),
]
DOMAIN_KEYS = [key for key, _text in DOMAINS]

# The report's three phases of technology adoption, after a level for "not begun".
LEVELS = [
    (0, _("Not begun"), _("Nothing in place yet.")),
    (
        1,
        _("Experimentation"),
        _("Informal, decentralised use by individual workers."),
    ),
    (
        2,
        _("Constructive chaos"),
        _("Benefits and risks are recognised; the organisation starts setting standards."),
    ),
    (
        3,
        _("Institutionalisation"),
        _("Standards, processes and compliance measures are in place."),
    ),
]
LEVEL_NAMES = {value: name for value, name, _meaning in LEVELS}


def compare(current: dict, previous: dict | None) -> dict[str, int | None]:
    """Each domain's change since the previous assessment (None without one)."""
    if previous is None:
        return {key: None for key in DOMAIN_KEYS}
    return {key: int(current.get(key, 0)) - int(previous.get(key, 0)) for key in DOMAIN_KEYS}
