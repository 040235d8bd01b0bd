"""What the engine itself says around a question, in the languages the service speaks.

The question's wording is its owner's; these are only the engine's frames: asking again
after a reply that answers nothing, the one reminder, the skip line.
"""

TEXTS = {
    "reask": {
        "en": "Sorry, I did not understand. Please answer with one of the numbers below.",
        "fr": "Désolé, je n'ai pas compris. Répondez avec l'un des numéros ci-dessous.",
        "ar": "عذرًا، لم أفهم. يُرجى الرد بأحد الأرقام أدناه.",
    },
    "reask_text": {
        "en": "Sorry, I did not understand. Please answer the question below.",
        "fr": "Désolé, je n'ai pas compris. Répondez à la question ci-dessous.",
        "ar": "عذرًا، لم أفهم. يُرجى الإجابة عن السؤال أدناه.",
    },
    "reminder": {
        "en": "A reminder: we are still waiting for your answer.",
        "fr": "Petit rappel : nous attendons toujours votre réponse.",
        "ar": "تذكير: ما زلنا ننتظر إجابتك.",
    },
    "skip": {"en": "Skip", "fr": "Passer", "ar": "تخطي"},
    "scale": {
        "en": "Answer from 1 (lowest) to 5 (highest).",
        "fr": "Répondez de 1 (le plus bas) à 5 (le plus haut).",
        "ar": "أجب من 1 (الأدنى) إلى 5 (الأعلى).",
    },
}

# The texts a reply that answers nothing gets, by whether the prompt lists numbers.
NUMBERED_KINDS = ("choice", "multi", "yes_no", "scale", "number")


def text(key: str, language: str, default_language: str = "en") -> str:
    """One frame in `language`, else the service's default, else English."""
    entry = TEXTS[key]
    return entry.get(language) or entry.get(default_language) or entry["en"]
