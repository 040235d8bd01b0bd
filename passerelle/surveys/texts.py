"""What surveys say to members themselves (not a question) — in en, fr and ar.

Same rules as communities.texts: `{name}` placeholders, identical in every language; a service
rewords a key with a ServiceText row. A survey's own intro and thanks live on the survey.
"""

TEXTS = {
    "survey_stopped": {
        "en": "The survey is stopped. Your answers so far are kept. Send /resume to continue.",
        "fr": "L'enquête est arrêtée. Vos réponses sont gardées. Envoyez /resume pour continuer.",
        "ar": "تم إيقاف الاستبيان. إجاباتك محفوظة. أرسل /resume للمتابعة.",
    },
    "survey_web_link": {
        "en": "You can also answer on a web page: {url}",
        "fr": "Vous pouvez aussi répondre sur une page web : {url}",
        "ar": "يمكنك أيضًا الإجابة على صفحة ويب: {url}",
    },
    "survey_nothing_to_resume": {
        "en": "There is no survey to continue.",
        "fr": "Il n'y a pas d'enquête à reprendre.",
        "ar": "لا يوجد استبيان للمتابعة.",
    },
}
