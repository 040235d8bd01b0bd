"""Default wording of the standard messages members receive, in English, French and Arabic.

A service may override any of them (CannedReply rows, edited on the canned replies page).
Placeholders are written {like_this}; an unknown or missing one is left empty.
"""

from django.utils.translation import gettext_lazy as _

GREETING = "greeting"
ACKNOWLEDGEMENT = "acknowledgement"
AFTER_HOURS = "after_hours"
REFERRAL = "referral"
CORRECTION = "correction"
VERIFIED = "verified"
VERIFIED_ADDITIONS = "verified_additions"
FOLLOWUP = "followup"
FOLLOWUP_YES = "followup_yes"
FOLLOWUP_NO = "followup_no"
FOLLOWUP_NOT_YET = "followup_not_yet"

# What the moderator sees on the canned replies page: name and placeholders of each kind.
KINDS = {
    GREETING: (_("Greeting"), "{name}"),
    ACKNOWLEDGEMENT: (_("Acknowledgement of a complex question"), "{name}"),
    AFTER_HOURS: (_("After-hours auto-reply"), "{name} {hours} {reply_by}"),
    REFERRAL: (_("Referral to a partner"), "{name} {partner} {service} {details}"),
    CORRECTION: (_("Correction of a member's answer (before the explanation)"), "{member}"),
    VERIFIED: (_("Member's answer verified"), "{member}"),
    VERIFIED_ADDITIONS: (_("Member's answer verified, with additions (before them)"), "{member}"),
    FOLLOWUP: (_("Referral follow-up question"), "{name} {partner} {days}"),
    FOLLOWUP_YES: (_("Follow-up answered: yes"), "{name}"),
    FOLLOWUP_NO: (_("Follow-up answered: no"), "{name}"),
    FOLLOWUP_NOT_YET: (_("Follow-up answered: not yet"), "{name}"),
}

DEFAULTS = {
    GREETING: {
        "en": "Hello {name}, thank you for your message. A moderator will answer you soon.",
        "fr": "Bonjour {name}, merci pour votre message. Une personne de l'équipe vous "
        "répondra bientôt.",
        "ar": "مرحباً {name}، شكراً على رسالتك. سيرد عليك أحد المشرفين قريباً.",
    },
    ACKNOWLEDGEMENT: {
        "en": "Thank you for your question, {name}. It needs some research to give you a "
        "complete and accurate answer: we are looking into it and will get back to you.",
        "fr": "Merci pour votre question, {name}. Elle demande des recherches pour vous donner "
        "une réponse exacte et complète : nous nous en occupons et nous vous répondrons.",
        "ar": "شكراً على سؤالك يا {name}. يحتاج سؤالك إلى بعض البحث لنعطيك إجابة دقيقة "
        "وكاملة: نحن نعمل على ذلك وسنعود إليك.",
    },
    AFTER_HOURS: {
        "en": "Thank you for your message. We answer {hours}. We will reply by {reply_by}.",
        "fr": "Merci pour votre message. Nous répondons {hours}. Nous vous répondrons "
        "d'ici le {reply_by}.",
        "ar": "شكراً على رسالتك. نرد على الرسائل {hours}. سنرد عليك قبل {reply_by}.",
    },
    REFERRAL: {
        "en": "{partner} can help you with this ({service}).\n{details}",
        "fr": "{partner} peut vous aider à ce sujet ({service}).\n{details}",
        "ar": "تستطيع {partner} مساعدتك في هذا الأمر ({service}).\n{details}",
    },
    CORRECTION: {
        "en": "Thank you {member} for helping! We checked this answer and it needs a correction:",
        "fr": "Merci {member} pour votre aide ! Nous avons vérifié cette réponse et elle doit "
        "être corrigée :",
        "ar": "شكراً يا {member} على المساعدة! تحققنا من هذه الإجابة وهي تحتاج إلى تصحيح:",
    },
    VERIFIED: {
        "en": "Thank you {member} for answering! We checked: this answer is correct.",
        "fr": "Merci {member} pour votre réponse ! Nous avons vérifié : elle est exacte.",
        "ar": "شكراً يا {member} على إجابتك! تحققنا منها: الإجابة صحيحة.",
    },
    VERIFIED_ADDITIONS: {
        "en": "Thank you {member} for answering! We checked: this answer is correct. "
        "To complete it:",
        "fr": "Merci {member} pour votre réponse ! Nous avons vérifié : elle est exacte. "
        "Pour la compléter :",
        "ar": "شكراً يا {member} على إجابتك! تحققنا منها: الإجابة صحيحة. ولإكمالها:",
    },
    FOLLOWUP: {
        "en": "Hello {name}, {days} days ago we referred you to {partner}. Did you get the "
        "help you needed? Reply with a number:\n1 Yes\n2 No\n3 Not yet",
        "fr": "Bonjour {name}, il y a {days} jours, nous vous avons orienté vers {partner}. "
        "Avez-vous reçu l'aide dont vous aviez besoin ? Répondez par un chiffre :\n"
        "1 Oui\n2 Non\n3 Pas encore",
        "ar": "مرحباً {name}، قبل {days} أيام أحلناك إلى {partner}. هل حصلت على المساعدة "
        "التي تحتاجها؟ أجب برقم:\n1 نعم\n2 لا\n3 ليس بعد",
    },
    FOLLOWUP_YES: {
        "en": "Thank you, {name}! We are glad you got the help you needed.",
        "fr": "Merci, {name} ! Nous sommes heureux que vous ayez reçu l'aide nécessaire.",
        "ar": "شكراً يا {name}! يسعدنا أنك حصلت على المساعدة التي تحتاجها.",
    },
    FOLLOWUP_NO: {
        "en": "Thank you for telling us, {name}. A moderator will get back to you soon.",
        "fr": "Merci de nous l'avoir dit, {name}. Une personne de l'équipe vous recontactera "
        "bientôt.",
        "ar": "شكراً لإخبارنا يا {name}. سيتواصل معك أحد المشرفين قريباً.",
    },
    FOLLOWUP_NOT_YET: {
        "en": "Thank you, {name}. We will ask you again in a few days.",
        "fr": "Merci, {name}. Nous vous reposerons la question dans quelques jours.",
        "ar": "شكراً يا {name}. سنسألك مرة أخرى بعد بضعة أيام.",
    },
}

# Labels of the partner details listed in a referral, and the words of opening hours.
WORDS = {
    "phone": {"en": "Phone", "fr": "Téléphone", "ar": "الهاتف"},
    "address": {"en": "Address", "fr": "Adresse", "ar": "العنوان"},
    "hours": {"en": "Hours", "fr": "Heures d'ouverture", "ar": "ساعات العمل"},
    "website": {"en": "Website", "fr": "Site Web", "ar": "الموقع"},
    "languages": {"en": "Languages", "fr": "Langues", "ar": "اللغات"},
    "intake": {"en": "Before you go", "fr": "Avant d'y aller", "ar": "قبل الذهاب"},
    "email": {"en": "Email", "fr": "Courriel", "ar": "البريد الإلكتروني"},
    "day_range": {
        "en": "{first} to {last}",
        "fr": "du {first} au {last}",
        "ar": "من {first} إلى {last}",
    },
    "and": {"en": " and ", "fr": " et ", "ar": " و"},
    "list": {"en": "; ", "fr": " ; ", "ar": "، "},
}
