"""The wizard's six steps as a browser posts them."""

STEPS = [
    {
        "name": "Accueil Ottawa",
        "slug": "accueil-ottawa",
        "language_1": "ar",
        "language_2": "fr",
        "language_3": "",
    },
    {
        "who": "Syrian newcomers in Ottawa",
        "gap": "No answers in Arabic after hours",
        "evidence": "Intake survey, 2025",
        "discussion": "discussion",
        "partners": "Library, school board",
        "audience": "Arabic-speaking newcomers",
        "purpose_ar": "مجموعة للأسئلة عن الخدمات",
        "purpose_fr": "Un groupe pour les questions sur les services",
    },
    {"timezone": "America/Toronto", "subdivision": "ON", "mode": "interactive"},
    {
        "target_hours": "24",
        "counting": "business_hours",
        "day_0": "09:00-12:00, 13:00-17:00",
        "day_1": "09:00-17:00",
        "day_2": "09:00-17:00",
        "day_3": "09:00-17:00",
        "day_4": "09:00-12:00",
        "closure_text": "2026-12-24",
        "warn_before_minutes": "120",
        "digest_hour": "8",
        "after_hours_reply": "on",
        "referral_followup_days": "7",
    },
    {"template": "interactive"},
    {},
]
