"""The built-in surveys, in English, French and Arabic, that an admin copies and edits.

Sources (docs/surveys.md): the toolkit's "Enquêtes auprès des utilisateurs" (usefulness,
satisfaction, problems, demographics, about twice a year), Annex 5's DMSI evaluation (daily use,
government services, immigration status), and seed 003's intake / integration / exit surveys
and digital skills (the UNESCO Digital Literacy Global Framework's domains).
Member-facing text: it lives here as data per language, never as code strings.
"""

from __future__ import annotations

import dataclasses

from django.utils.translation import gettext_lazy as _


def _t(en: str, fr: str, ar: str) -> dict[str, str]:
    return {"en": en, "fr": fr, "ar": ar}


def _opts(*rows) -> list[dict]:
    return [{"value": value, "labels": _t(en, fr, ar)} for value, en, fr, ar in rows]


@dataclasses.dataclass(frozen=True)
class TemplateQuestion:
    key: str
    kind: str
    text: dict
    options: list = dataclasses.field(default_factory=list)
    optional: bool = False
    skip_if: str = ""
    skip_to: str = ""


@dataclasses.dataclass(frozen=True)
class SurveyTemplate:
    key: str
    name: object  # lazy translation: the staff's language
    anonymous: bool
    intro: dict
    thanks: dict
    questions: list[TemplateQuestion]


THANKS = _t(
    "Thank you for your answers! They help us improve this service.",
    "Merci pour vos réponses ! Elles nous aident à améliorer ce service.",
    "شكرًا لإجاباتك! فهي تساعدنا على تحسين هذه الخدمة.",
)

USES = _opts(
    ("government", "Government services", "Services gouvernementaux", "الخدمات الحكومية"),
    ("immigration", "Immigration status", "Statut d'immigration", "وضع الهجرة"),
    ("jobs", "Jobs", "Emploi", "العمل"),
    ("housing", "Housing", "Logement", "السكن"),
    ("health", "Health", "Santé", "الصحة"),
    ("other", "Something else", "Autre chose", "شيء آخر"),
)

FREQUENCY = _opts(
    ("daily", "Every day or more", "Tous les jours ou plus", "كل يوم أو أكثر"),
    ("weekly", "Every week", "Chaque semaine", "كل أسبوع"),
    ("monthly", "Every month", "Chaque mois", "كل شهر"),
    ("rarely", "Rarely", "Rarement", "نادرًا"),
)

SATISFACTION = SurveyTemplate(
    key="satisfaction",
    name=_("Satisfaction"),
    anonymous=True,
    intro=_t(
        "A short survey about this service: 6 questions. Answer with the numbers. "
        "Send /stop survey to stop at any time.",
        "Une courte enquête sur ce service : 6 questions. Répondez avec les numéros. "
        "Envoyez /stop survey pour arrêter à tout moment.",
        "استبيان قصير عن هذه الخدمة: 6 أسئلة. أجب بالأرقام. أرسل /stop survey للتوقف في أي وقت.",
    ),
    thanks=THANKS,
    questions=[
        TemplateQuestion(
            "usefulness",
            "scale",
            _t(
                "How useful is this service for you? (1 = not at all, 5 = very useful)",
                "Ce service vous est-il utile ? (1 = pas du tout, 5 = très utile)",
                "ما مدى فائدة هذه الخدمة لك؟ (1 = غير مفيدة، 5 = مفيدة جدًا)",
            ),
        ),
        TemplateQuestion(
            "frequency",
            "choice",
            _t(
                "How often do you use the group?",
                "À quelle fréquence utilisez-vous le groupe ?",
                "كم مرة تستخدم المجموعة؟",
            ),
            FREQUENCY,
        ),
        TemplateQuestion(
            "uses",
            "multi",
            _t(
                "What do you use it for? (several numbers allowed, e.g. 1 3)",
                "Pour quoi l'utilisez-vous ? (plusieurs numéros possibles, ex. 1 3)",
                "لماذا تستخدمها؟ (يمكن اختيار عدة أرقام، مثل 1 3)",
            ),
            USES,
        ),
        TemplateQuestion(
            "problems",
            "yes_no",
            _t(
                "Did you have any problem with the service?",
                "Avez-vous eu un problème avec le service ?",
                "هل واجهت أي مشكلة مع الخدمة؟",
            ),
            skip_if="no",
            skip_to="suggestions",
        ),
        TemplateQuestion(
            "problems_detail",
            "free_text",
            _t(
                "What was the problem?",
                "Quel était le problème ?",
                "ما هي المشكلة؟",
            ),
            optional=True,
        ),
        TemplateQuestion(
            "suggestions",
            "free_text",
            _t(
                "What could we do better?",
                "Que pourrions-nous améliorer ?",
                "ما الذي يمكننا تحسينه؟",
            ),
            optional=True,
        ),
    ],
)

DEMOGRAPHICS = SurveyTemplate(
    key="demographics",
    name=_("Demographics"),
    anonymous=True,
    intro=_t(
        "A few questions about you, to understand who the service reaches. Every question can "
        "be skipped with 0.",
        "Quelques questions sur vous, pour comprendre qui le service rejoint. Chaque question "
        "peut être passée avec 0.",
        "بعض الأسئلة عنك، لفهم من تصل إليهم الخدمة. يمكن تخطي كل سؤال بإرسال 0.",
    ),
    thanks=THANKS,
    questions=[
        TemplateQuestion(
            "age_range",
            "choice",
            _t("How old are you?", "Quel âge avez-vous ?", "كم عمرك؟"),
            _opts(
                ("under_18", "Under 18", "Moins de 18 ans", "أقل من 18"),
                ("18_29", "18–29", "18 à 29 ans", "18–29"),
                ("30_44", "30–44", "30 à 44 ans", "30–44"),
                ("45_64", "45–64", "45 à 64 ans", "45–64"),
                ("65_plus", "65 or more", "65 ans ou plus", "65 أو أكثر"),
            ),
            optional=True,
        ),
        TemplateQuestion(
            "gender_identity",
            "choice",
            _t(
                "What is your gender identity?",
                "Quelle est votre identité de genre ?",
                "ما هي هويتك الجندرية؟",
            ),
            _opts(
                ("woman", "Woman", "Femme", "امرأة"),
                ("man", "Man", "Homme", "رجل"),
                ("non_binary", "Non-binary", "Non binaire", "غير ثنائي"),
                ("other", "Another identity", "Une autre identité", "هوية أخرى"),
            ),
            optional=True,
        ),
        TemplateQuestion(
            "languages",
            "short_text",
            _t(
                "Which languages do you speak?",
                "Quelles langues parlez-vous ?",
                "ما اللغات التي تتحدثها؟",
            ),
            optional=True,
        ),
        TemplateQuestion(
            "country_of_origin",
            "short_text",
            _t(
                "What is your country of origin?",
                "Quel est votre pays d'origine ?",
                "ما هو بلدك الأصلي؟",
            ),
            optional=True,
        ),
        TemplateQuestion(
            "arrival_year",
            "number",
            _t(
                "In what year did you arrive in Canada?",
                "En quelle année êtes-vous arrivé·e au Canada ?",
                "في أي سنة وصلت إلى كندا؟",
            ),
            optional=True,
        ),
    ],
)

INTAKE = SurveyTemplate(
    key="intake",
    name=_("Intake"),
    anonymous=False,
    intro=_t(
        "Welcome! A few questions so we can serve you better (0 to skip).",
        "Bienvenue ! Quelques questions pour mieux vous servir (0 pour passer).",
        "مرحبًا! بعض الأسئلة لنخدمك بشكل أفضل (0 للتخطي).",
    ),
    thanks=THANKS,
    questions=[
        TemplateQuestion(
            "needs",
            "multi",
            _t(
                "What do you need help with first?",
                "Pour quoi avez-vous d'abord besoin d'aide ?",
                "ما الذي تحتاج المساعدة فيه أولًا؟",
            ),
            USES,
        ),
        TemplateQuestion(
            "channel_preference",
            "choice",
            _t(
                "How do you prefer to get help?",
                "Comment préférez-vous recevoir de l'aide ?",
                "كيف تفضل الحصول على المساعدة؟",
            ),
            _opts(
                ("online", "Online", "En ligne", "عبر الإنترنت"),
                ("phone", "By phone", "Par téléphone", "عبر الهاتف"),
                ("in_person", "In person", "En personne", "شخصيًا"),
            ),
        ),
        TemplateQuestion(
            "online_interest",
            "yes_no",
            _t(
                "Would you take part in online activities?",
                "Participeriez-vous à des activités en ligne ?",
                "هل ستشارك في أنشطة عبر الإنترنت؟",
            ),
            optional=True,
        ),
    ],
)

EXIT = SurveyTemplate(
    key="exit",
    name=_("Exit"),
    anonymous=True,
    intro=_t(
        "Before you go: two short questions (0 to skip).",
        "Avant de partir : deux courtes questions (0 pour passer).",
        "قبل أن تغادر: سؤالان قصيران (0 للتخطي).",
    ),
    thanks=THANKS,
    questions=[
        TemplateQuestion(
            "why_leaving",
            "choice",
            _t("Why are you leaving?", "Pourquoi partez-vous ?", "لماذا تغادر؟"),
            _opts(
                (
                    "got_help",
                    "I got the help I needed",
                    "J'ai eu l'aide dont j'avais besoin",
                    "حصلت على المساعدة التي احتجتها",
                ),
                ("too_many", "Too many messages", "Trop de messages", "رسائل كثيرة جدًا"),
                ("not_useful", "Not useful for me", "Pas utile pour moi", "غير مفيدة لي"),
                (
                    "technology",
                    "Phone, data or technology problems",
                    "Problèmes de téléphone, de données ou de technologie",
                    "مشاكل في الهاتف أو البيانات أو التقنية",
                ),
                ("other", "Another reason", "Une autre raison", "سبب آخر"),
            ),
            optional=True,
        ),
        TemplateQuestion(
            "comment",
            "free_text",
            _t(
                "Anything you want to tell us?",
                "Voulez-vous nous dire quelque chose ?",
                "هل تريد أن تخبرنا بشيء؟",
            ),
            optional=True,
        ),
    ],
)


def _skill(key, en, fr, ar):
    return TemplateQuestion(key, "scale", _t(en, fr, ar))


DIGITAL_SKILLS = SurveyTemplate(
    key="digital_skills",
    name=_("Digital skills self-assessment"),
    anonymous=False,
    intro=_t(
        "How comfortable are you with these? 1 = not at all, 5 = very comfortable.",
        "Êtes-vous à l'aise avec ceci ? 1 = pas du tout, 5 = très à l'aise.",
        "ما مدى ارتياحك لما يلي؟ 1 = غير مرتاح إطلاقًا، 5 = مرتاح جدًا.",
    ),
    thanks=THANKS,
    questions=[
        _skill(
            "devices",
            "Using a phone or computer and its apps",
            "Utiliser un téléphone ou un ordinateur et ses applications",
            "استخدام الهاتف أو الحاسوب وتطبيقاته",
        ),
        _skill(
            "information",
            "Finding and checking information online",
            "Trouver et vérifier de l'information en ligne",
            "البحث عن المعلومات والتحقق منها عبر الإنترنت",
        ),
        _skill(
            "communication",
            "Messaging, email and video calls",
            "Messagerie, courriel et appels vidéo",
            "الرسائل والبريد الإلكتروني ومكالمات الفيديو",
        ),
        _skill(
            "forms",
            "Filling in forms online (government, jobs)",
            "Remplir des formulaires en ligne (gouvernement, emploi)",
            "تعبئة النماذج عبر الإنترنت (الحكومة، العمل)",
        ),
        _skill(
            "safety",
            "Staying safe online (passwords, scams, privacy)",
            "Rester en sécurité en ligne (mots de passe, arnaques, vie privée)",
            "البقاء آمنًا عبر الإنترنت (كلمات المرور، الاحتيال، الخصوصية)",
        ),
        _skill(
            "problem_solving",
            "Solving a problem with a device or an app",
            "Résoudre un problème avec un appareil ou une application",
            "حل مشكلة في جهاز أو تطبيق",
        ),
    ],
)

TEMPLATES: dict[str, SurveyTemplate] = {
    t.key: t for t in (SATISFACTION, DEMOGRAPHICS, INTAKE, EXIT, DIGITAL_SKILLS)
}
