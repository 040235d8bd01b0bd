"""Texts of the demo service: an Ottawa-style Arabic-speaking newcomer group.

The guidelines come from the interactive-group template (communities/guidelines_templates.py).
"""

SERVICE = {
    "slug": "ottawa-ar",
    "name": "مرحبا بكم في أوتاوا · Welcome to Ottawa",
    # Per language, the service's default (Arabic) first.
    "purpose": {
        "ar": "مجموعة بإشراف فريق، يطرح فيها القادمون الجدد الناطقون بالعربية في أوتاوا أسئلتهم "
        "عن الاستقرار ويحصلون على إجابة أو إحالة خلال 24 ساعة عمل.",
        "en": "A moderated Telegram-style group where Arabic-speaking newcomers in Ottawa ask "
        "questions about settling in and get answers or referrals within 24 business hours.",
        "fr": "Un groupe modéré où les nouveaux arrivants arabophones d'Ottawa posent leurs "
        "questions sur leur établissement et reçoivent une réponse ou une orientation en 24 "
        "heures ouvrables.",
    },
    "audience": "Arabic-speaking refugees and immigrants who arrived in Ottawa in the last 5 years",
    "languages": ["ar", "en", "fr"],
    "timezone": "America/Toronto",
}

FIRST_NAMES = [
    "أحمد",
    "محمد",
    "فاطمة",
    "مريم",
    "خالد",
    "سارة",
    "يوسف",
    "ليلى",
    "عمر",
    "نور",
    "حسن",
    "رنا",
    "علي",
    "هبة",
    "إبراهيم",
    "سلمى",
    "مصطفى",
    "دانة",
    "سامي",
    "ريم",
]
LAST_NAMES = ["الحلبي", "الخطيب", "العلي", "حداد", "منصور", "الشامي", "درويش", "السيد"]

# (text, language) pools per activity-table line; sent by members or by the moderator.
REQUESTS = [
    "كيف أسجل أولادي في المدرسة؟ وصلنا الشهر الماضي.",
    "هل يوجد دروس لغة إنجليزية مجانية مساءً؟",
    "متى تصل دفعة المساعدة الشهرية؟ لم تصلني بعد.",
    "كيف أحصل على بطاقة التأمين الصحي OHIP؟",
    "أبحث عن طبيب عائلة يتكلم العربية، هل من مساعدة؟",
    "ما هي الوثائق المطلوبة لتجديد تصريح العمل؟",
    "كيف أفتح حساباً مصرفياً بدون تاريخ ائتماني؟",
    "هل يمكنني استعمال رخصة القيادة من بلدي؟",
    "أين أجد شقة بسعر معقول قرب محطة الحافلات؟",
    "Is there a food bank open on Saturdays near Vanier?",
    "Comment faire reconnaître mon diplôme d'infirmière en Ontario ?",
    "كيف أقدم على إعانة الأطفال الكندية؟",
]
INFORMATION = [
    "ورشة مجانية عن كتابة السيرة الذاتية يوم الخميس الساعة ٦ مساءً في مركز YMCA للقادمين الجدد.",
    "تذكير: تبدأ دروس LINC الجديدة في أيلول، التسجيل مفتوح الآن.",
    "عرض عمل: مطعم في وسط المدينة يبحث عن مساعد طباخ، دوام كامل.",
    "معلومة: يمكنكم تقديم ضريبة الدخل مجاناً في عيادات الضرائب المجتمعية حتى ٣٠ نيسان.",
    "فعالية: يوم عائلي مجاني في الحديقة يوم السبت مع نشاطات للأطفال.",
    "تحديث: تغيرت مواعيد مكتب خدمة أونتاريو، يفتح الآن من ٩ إلى ٥.",
    "Atelier en français : vos droits comme locataire, mardi à 18 h, en ligne.",
    "Job fair for newcomers next Wednesday at City Hall, 10:00–15:00. Bring your résumé.",
]
REFERRALS = [
    "أفضل جهة لهذا السؤال هي مركز YMCA للقادمين الجدد: ٦١٣-٥٥٥-٠١٩٩، من الاثنين إلى الجمعة.",
    "يمكن لعيادة المساعدة القانونية في أوتاوا مساعدتك مجاناً، سأرسل لك التفاصيل على الخاص.",
    "تواصل مع مركز تقييم اللغة (CLARS) لحجز موعد تقييم قبل التسجيل في الدروس.",
    "مكتب خدمة كندا يستطيع مساعدتك في رقم التأمين الاجتماعي، العنوان على موقعهم.",
    "يقدم مركز صحة المجتمع في الحي خدمة طبيب عائلة للقادمين الجدد، اتصل بهم لحجز موعد.",
]
MESSAGES = [
    "شكراً جزيلاً على المعلومة!",
    "الله يعطيكم العافية على المساعدة.",
    "صباح الخير للجميع",
    "هل من أحد ذهب إلى هذه الورشة؟ كيف كانت؟",
    "شكراً، وصلتني الدفعة اليوم.",
    "Merci beaucoup pour l'information !",
    "أنا أيضاً أبحث عن نفس الشيء",
    "تم التسجيل، شكراً لكم",
]


def language_of(text: str) -> str:
    """The demo's texts are Arabic, French or English; tell which, for the language tag."""
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        return "ar"
    words = set(text.lower().replace(".", " ").replace(",", " ").split())
    if words & {"the", "your", "for", "is", "there", "on", "at"}:
        return "en"
    return "fr" if any(ch in "éèàçêôù«»'’" for ch in text) else "en"
