"""Texts of the demo service: an Ottawa-style Arabic-speaking newcomer group.

The guidelines are our own words, modelled on the structure of Annex 3 of the DMSI toolkit
(purpose, moderator's role, on/off-topic, privacy, respect, advertising, response delay,
feedback, leaving).
"""

SERVICE = {
    "slug": "ottawa-ar",
    "name": "مرحبا بكم في أوتاوا · Welcome to Ottawa",
    "purpose": (
        "A moderated Telegram-style group where Arabic-speaking newcomers in Ottawa ask "
        "questions about settling in and get answers or referrals within 24 business hours."
    ),
    "audience": "Arabic-speaking refugees and immigrants who arrived in Ottawa in the last 5 years",
    "languages": ["ar", "en", "fr"],
    "timezone": "America/Toronto",
}

GUIDELINES = {
    "en": """Welcome to Welcome to Ottawa!
1. Purpose: this group helps Arabic-speaking newcomers in Ottawa find reliable information about settlement: housing, work, school, health, language classes and immigration.
2. The moderator: a settlement worker reads every message, answers questions within 24 business hours (Monday to Friday, 9:00 to 17:00) or refers you to a partner agency who can help.
3. On topic: questions and information about life in Ottawa. Off topic: religious, political and personal debates — they are removed and you will get a private reminder.
4. Privacy: never post your phone number, address, case number or documents in the group. Write to the moderator privately instead.
5. Respect: no insults, harassment or discrimination. After two warnings a member is removed.
6. Advertising: only job offers and free community events, approved by the moderator.
7. Answers from members: thank you for helping! The moderator confirms or corrects answers so everyone gets reliable information.
8. Feedback: tell the moderator privately what works and what doesn't; we run a short survey twice a year.
9. Leaving: send /leave or write to the moderator at any time. You are always welcome back.""",
    "fr": """Bienvenue dans « Bienvenue à Ottawa » !
1. But : ce groupe aide les nouveaux arrivants arabophones d'Ottawa à trouver une information fiable sur l'établissement : logement, emploi, école, santé, cours de langue et immigration.
2. La modératrice : une intervenante en établissement lit chaque message, répond aux questions dans un délai de 24 heures ouvrables (du lundi au vendredi, de 9 h à 17 h) ou vous oriente vers un organisme partenaire.
3. Sujets acceptés : les questions et l'information sur la vie à Ottawa. Hors sujet : les débats religieux, politiques et personnels — ils sont retirés et vous recevez un rappel en privé.
4. Vie privée : ne publiez jamais votre numéro de téléphone, votre adresse, votre numéro de dossier ni vos documents dans le groupe. Écrivez plutôt à la modératrice en privé.
5. Respect : pas d'insultes, de harcèlement ni de discrimination. Après deux avertissements, un membre est retiré.
6. Publicité : seulement des offres d'emploi et des activités communautaires gratuites, approuvées par la modératrice.
7. Réponses des membres : merci de votre aide ! La modératrice confirme ou corrige les réponses pour que chacun ait une information fiable.
8. Commentaires : dites à la modératrice en privé ce qui fonctionne ou non ; un court sondage a lieu deux fois par an.
9. Quitter : envoyez /leave ou écrivez à la modératrice à tout moment. Vous serez toujours le bienvenu.""",
    "ar": """أهلاً بكم في مجموعة «مرحبا بكم في أوتاوا»!
١. الهدف: تساعد هذه المجموعة القادمين الجدد الناطقين بالعربية في أوتاوا على إيجاد معلومات موثوقة عن الاستقرار: السكن والعمل والمدرسة والصحة ودروس اللغة والهجرة.
٢. المشرفة: تقرأ مرشدة الاستقرار كل رسالة، وتجيب عن الأسئلة خلال ٢٤ ساعة عمل (من الاثنين إلى الجمعة، من ٩:٠٠ إلى ١٧:٠٠) أو تحيلكم إلى منظمة شريكة تستطيع المساعدة.
٣. المواضيع المقبولة: الأسئلة والمعلومات عن الحياة في أوتاوا. خارج الموضوع: النقاشات الدينية والسياسية والشخصية — تُحذف وتصلكم رسالة تذكير خاصة.
٤. الخصوصية: لا تنشروا أبداً رقم هاتفكم أو عنوانكم أو رقم ملفكم أو وثائقكم في المجموعة. راسلوا المشرفة على الخاص بدلاً من ذلك.
٥. الاحترام: لا إهانات ولا مضايقات ولا تمييز. بعد تحذيرين يُزال العضو من المجموعة.
٦. الإعلانات: عروض العمل والفعاليات المجتمعية المجانية فقط، بعد موافقة المشرفة.
٧. إجابات الأعضاء: شكراً لمساعدتكم! تؤكد المشرفة الإجابات أو تصححها ليحصل الجميع على معلومات موثوقة.
٨. الملاحظات: أخبروا المشرفة على الخاص بما ينفع وما لا ينفع؛ نجري استبياناً قصيراً مرتين في السنة.
٩. المغادرة: أرسلوا /leave أو راسلوا المشرفة في أي وقت. أهلاً بعودتكم دائماً.""",
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

# Monthly activity of the Refugee 613 group, March 2017 – February 2018 (Table 5).
TABLE5 = {
    "request": [23, 32, 22, 14, 15, 23, 21, 24, 21, 22, 23, 39],
    "information": [10, 10, 13, 9, 7, 11, 12, 20, 13, 15, 11, 38],
    "referral": [27, 38, 18, 6, 8, 19, 19, 37, 14, 8, 16, 11],
    "other": [42, 39, 47, 39, 30, 35, 29, 58, 28, 29, 47, 35],
}
