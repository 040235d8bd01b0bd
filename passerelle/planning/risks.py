"""The risk register's rule and its first rows (seed 003's simplified ERM frame).

Rating = likelihood × impact, each from 1 (low) to 3 (high): a score of 1 or 2 is low,
3 or 4 is medium, 6 or 9 is high. So a risk is high only when one side is high and the
other at least medium, and medium when one side is high but the other low, or both are
medium (docs/setup.md).
"""

from django.utils.translation import gettext_lazy as _

RATING_LABELS = {"low": _("Low"), "medium": _("Medium"), "high": _("High")}
RULE = _(
    "Rating = likelihood × impact (1 low, 2 medium, 3 high): 1–2 is low, 3–4 is medium, "
    "6–9 is high."
)


def rating_of(likelihood: int, impact: int) -> str:
    score = int(likelihood) * int(impact)
    if score <= 2:
        return "low"
    if score <= 4:
        return "medium"
    return "high"


# (key, category, likelihood, impact, residual, {language: (risk, mitigation)})
SEEDS = [
    (
        "not_encrypted",
        "privacy",
        3,
        2,
        "medium",
        {
            "en": (
                "The platform is not end-to-end encrypted: what members write can be read "
                "by the platform or requested from it.",
                "Say so in the guidelines and the privacy notice; ask members never to share "
                "documents, addresses or case details in the service; move such exchanges to "
                "a private conversation or in person.",
            ),
            "fr": (
                "La plateforme n'est pas chiffrée de bout en bout : ce que les membres écrivent "
                "peut être lu par la plateforme ou lui être demandé.",
                "Le dire dans les règles et l'avis de confidentialité ; demander aux membres de "
                "ne jamais partager de documents, d'adresses ni de détails de dossier ; passer "
                "ces échanges en conversation privée ou en personne.",
            ),
            "ar": (
                "المنصة غير مشفّرة من طرف إلى طرف: يمكن للمنصة قراءة ما يكتبه الأعضاء أو "
                "أن يُطلب منها.",
                "نذكر ذلك في القواعد وإشعار الخصوصية، ونطلب من الأعضاء ألّا يشاركوا أبدًا "
                "وثائق أو عناوين أو تفاصيل ملفاتهم، وننقل هذه الأحاديث إلى محادثة خاصة أو "
                "لقاء شخصي.",
            ),
        },
    ),
    (
        "personal_data_in_group",
        "privacy",
        3,
        3,
        "medium",
        {
            "en": (
                "A member posts personal data (their own or someone else's) in the group.",
                "Moderators remove the post quickly and move the conversation to private; "
                "the guidelines say what not to share; a pinned reminder in every language.",
            ),
            "fr": (
                "Un membre publie des données personnelles (les siennes ou celles d'autrui) "
                "dans le groupe.",
                "Les modérateurs retirent vite le message et passent en conversation privée ; "
                "les règles disent quoi ne pas partager ; un rappel épinglé dans chaque langue.",
            ),
            "ar": (
                "ينشر أحد الأعضاء بيانات شخصية (بياناته أو بيانات غيره) في المجموعة.",
                "يحذف المشرفون الرسالة بسرعة وينقلون الحديث إلى محادثة خاصة؛ وتوضّح القواعد "
                "ما لا يجوز نشره؛ مع تذكير مثبّت بكل لغة.",
            ),
        },
    ),
    (
        "moderator_overload",
        "staffing",
        2,
        3,
        "medium",
        {
            "en": (
                "Moderators are overloaded: questions wait past the service standard and "
                "one person carries the service alone.",
                "At least two admins and a moderation schedule; a service standard staff can "
                "keep; canned answers for frequent questions; watch the standard report.",
            ),
            "fr": (
                "Les modérateurs sont débordés : les questions attendent au-delà de la norme de "
                "service et une seule personne porte le service.",
                "Au moins deux administrateurs et un horaire de modération ; une norme de "
                "service tenable ; des réponses types pour les questions fréquentes ; suivre le "
                "rapport de la norme.",
            ),
            "ar": (
                "المشرفون مثقلون بالعمل: تنتظر الأسئلة أكثر من معيار الخدمة ويحمل شخص واحد "
                "الخدمة وحده.",
                "مسؤولان على الأقل وجدول للإشراف؛ معيار خدمة يمكن الالتزام به؛ إجابات جاهزة "
                "للأسئلة المتكررة؛ ومتابعة تقرير المعيار.",
            ),
        },
    ),
    (
        "member_in_danger",
        "safety",
        1,
        3,
        "medium",
        {
            "en": (
                "A member is in danger (violence, health emergency, risk of self-harm) and "
                "writes to the service.",
                "An emergency procedure every moderator knows: give 911 and crisis lines at "
                "once, escalate to a named supervisor, follow up in person; the guidelines "
                "say the service is not an emergency line.",
            ),
            "fr": (
                "Un membre est en danger (violence, urgence de santé, risque de se faire du "
                "mal) et écrit au service.",
                "Une procédure d'urgence connue de chaque modérateur : donner tout de suite le "
                "911 et les lignes de crise, remonter à un superviseur désigné, assurer un suivi "
                "en personne ; les règles disent que le service n'est pas une ligne d'urgence.",
            ),
            "ar": (
                "أحد الأعضاء في خطر (عنف، حالة صحية طارئة، خطر إيذاء النفس) ويكتب إلى الخدمة.",
                "إجراء طوارئ يعرفه كل مشرف: إعطاء رقم 911 وخطوط الأزمات فورًا، وإحالة الأمر "
                "إلى مشرف مسمّى، والمتابعة شخصيًا؛ وتوضّح القواعد أن الخدمة ليست خط طوارئ.",
            ),
        },
    ),
    (
        "platform_rules_change",
        "platform",
        2,
        2,
        "low",
        {
            "en": (
                "The platform changes its rules, prices or features (or closes the account) "
                "and the service stops working as planned.",
                "Keep members' consent to be contacted on a second channel; export the "
                "history regularly; follow the platform's announcements; plan a move.",
            ),
            "fr": (
                "La plateforme change ses règles, ses prix ou ses fonctions (ou ferme le "
                "compte) et le service ne fonctionne plus comme prévu.",
                "Garder le consentement des membres pour un second canal ; exporter "
                "l'historique régulièrement ; suivre les annonces de la plateforme ; prévoir "
                "un plan de migration.",
            ),
            "ar": (
                "تغيّر المنصة قواعدها أو أسعارها أو ميزاتها (أو تغلق الحساب) فتتوقف الخدمة عن "
                "العمل كما خُطّط لها.",
                "الاحتفاظ بموافقة الأعضاء على التواصل عبر قناة ثانية؛ تصدير السجل بانتظام؛ "
                "متابعة إعلانات المنصة؛ ووضع خطة للانتقال.",
            ),
        },
    ),
    (
        "funding_ends",
        "funding",
        2,
        3,
        "medium",
        {
            "en": (
                "Funding ends and the service closes suddenly, leaving members without the "
                "help they relied on.",
                "Report results to funders with the evaluation plan; look for partners who "
                "could take the service over; plan a closing announcement and referrals.",
            ),
            "fr": (
                "Le financement prend fin et le service ferme brusquement, laissant les membres "
                "sans l'aide sur laquelle ils comptaient.",
                "Rendre compte des résultats aux bailleurs avec le plan d'évaluation ; chercher "
                "des partenaires pour reprendre le service ; prévoir une annonce de fermeture "
                "et des orientations.",
            ),
            "ar": (
                "ينتهي التمويل فتُغلق الخدمة فجأة، ويبقى الأعضاء بلا المساعدة التي اعتمدوا عليها.",
                "عرض النتائج على المموّلين بخطة التقييم؛ البحث عن شركاء يمكنهم تولّي الخدمة؛ "
                "والتخطيط لإعلان الإغلاق وللإحالات.",
            ),
        },
    ),
]


def seed_texts(texts: dict, languages: list[str]) -> tuple[dict, dict]:
    """The seed's risk and mitigation in each of the service's languages (English where
    we have no words of that language)."""
    risk, mitigation = {}, {}
    for language in languages or ["en"]:
        words = texts.get(language) or texts["en"]
        risk[language], mitigation[language] = words
    return risk, mitigation
