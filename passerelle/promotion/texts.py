"""The library a new service starts with, in English, French and Arabic.

Written from the toolkit's "Faire de la promotion" (one set of key messages, copied and
pasted everywhere, shortened or lengthened for the place) and its advice to the moderator
to post questions or discussion topics when activity slows. {service_name} and {join_link}
are filled when a text is copied or printed (selectors.filled).
"""

from django.utils.translation import gettext_noop

KEY_MESSAGES = [
    {
        "title": gettext_noop("Short description"),
        "texts": {
            "en": "{service_name}: a free, moderated group where newcomers ask their questions about settling in (housing, school, work, health) and get answers from settlement workers. Join: {join_link}",
            "fr": "{service_name} : un groupe gratuit et modéré où les nouveaux arrivants posent leurs questions sur leur installation (logement, école, emploi, santé) et reçoivent les réponses d'intervenants en établissement. Pour s'inscrire : {join_link}",
            "ar": "{service_name}: مجموعة مجانية تخضع للإشراف، يطرح فيها القادمون الجدد أسئلتهم عن الاستقرار (السكن، المدرسة، العمل، الصحة) ويحصلون على إجابات من موظفي خدمات التوطين. للانضمام: {join_link}",
        },
    },
    {
        "title": gettext_noop("For partners and newsletters"),
        "texts": {
            "en": "Do you work with newcomers? Tell them about {service_name}. It is a free messaging service run by our settlement team: members ask questions in their own language, on the app they already use, and a moderator makes sure every question gets an answer or a referral. Community guidelines keep the group safe and respectful. Newcomers can join here: {join_link}",
            "fr": "Vous travaillez avec des nouveaux arrivants ? Parlez-leur de {service_name}. C'est un service de messagerie gratuit animé par notre équipe d'établissement : les membres posent leurs questions dans leur langue, sur l'application qu'ils utilisent déjà, et un modérateur veille à ce que chaque question reçoive une réponse ou une orientation. Des lignes directrices assurent un groupe sûr et respectueux. Les nouveaux arrivants s'inscrivent ici : {join_link}",
            "ar": "هل تعمل مع القادمين الجدد؟ عرّفهم على {service_name}. إنها خدمة مراسلة مجانية يديرها فريق التوطين لدينا: يطرح الأعضاء أسئلتهم بلغتهم وعلى التطبيق الذي يستخدمونه أصلًا، ويحرص مشرف على أن يتلقى كل سؤال إجابة أو إحالة. وتحافظ قواعد المجتمع على مجموعة آمنة يسودها الاحترام. يمكن للقادمين الجدد الانضمام من هنا: {join_link}",
        },
    },
    {
        "title": gettext_noop("For other groups (short)"),
        "texts": {
            "en": "New in Canada? Ask your questions in {service_name}, answered by settlement workers. Free. {join_link}",
            "fr": "Nouveau au Canada ? Posez vos questions dans {service_name}, des intervenants en établissement vous répondent. Gratuit. {join_link}",
            "ar": "وصلت حديثًا إلى كندا؟ اطرح أسئلتك في {service_name} ويجيبك موظفو خدمات التوطين. مجانًا. {join_link}",
        },
    },
    {
        "title": gettext_noop("Poster and flyer"),
        "texts": {
            "en": "Questions about life here? Ask us, in your language. Scan the code with your phone's camera to join {service_name}.",
            "fr": "Des questions sur la vie ici ? Posez-les-nous, dans votre langue. Scannez le code avec l'appareil photo de votre téléphone pour rejoindre {service_name}.",
            "ar": "لديك أسئلة عن الحياة هنا؟ اسألنا بلغتك. امسح الرمز بكاميرا هاتفك للانضمام إلى {service_name}.",
        },
    },
]

DISCUSSION_PROMPTS = [
    {
        "title": gettext_noop("What you wish you had known"),
        "texts": {
            "en": "What is one thing about life here that you wish someone had told you in your first week?",
            "fr": "Qu'auriez-vous aimé savoir sur la vie ici dès votre première semaine ?",
            "ar": "ما الشيء الذي تمنيت لو أخبرك به أحد عن الحياة هنا في أسبوعك الأول؟",
        },
    },
    {
        "title": gettext_noop("Places that helped"),
        "texts": {
            "en": "Which places in the city have helped you most (a library, a community centre, a clinic…)? Share them so others can find them too.",
            "fr": "Quels endroits de la ville vous ont le plus aidé (bibliothèque, centre communautaire, clinique…) ? Partagez-les pour que d'autres les trouvent aussi.",
            "ar": "ما الأماكن في المدينة التي ساعدتك أكثر من غيرها (مكتبة، مركز مجتمعي، عيادة…)؟ شاركها ليجدها الآخرون أيضًا.",
        },
    },
    {
        "title": gettext_noop("A workshop you would like"),
        "texts": {
            "en": "Is there a workshop or an information session you would like us to organise? Tell us the topic.",
            "fr": "Y a-t-il un atelier ou une séance d'information que vous aimeriez que nous organisions ? Dites-nous le sujet.",
            "ar": "هل هناك ورشة أو جلسة معلومات تود أن ننظمها؟ أخبرنا بالموضوع.",
        },
    },
    {
        "title": gettext_noop("Practising the language"),
        "texts": {
            "en": "What helps you practise English or French outside class? Share your tips.",
            "fr": "Qu'est-ce qui vous aide à pratiquer l'anglais ou le français en dehors des cours ? Partagez vos astuces.",
            "ar": "ما الذي يساعدك على ممارسة الإنجليزية أو الفرنسية خارج الصف؟ شاركنا نصائحك.",
        },
    },
    {
        "title": gettext_noop("Good news"),
        "texts": {
            "en": "Do you have good news to share this week: a new job, a course, a first snow? We would love to hear it.",
            "fr": "Avez-vous une bonne nouvelle à partager cette semaine : un nouvel emploi, une formation, une première neige ? Nous aimerions l'entendre.",
            "ar": "هل لديك خبر سار تشاركه هذا الأسبوع: عمل جديد، دورة تدريبية، أول ثلج؟ يسعدنا أن نسمعه.",
        },
    },
]

# The word a member texts to join, per language: each is a START keyword of
# communities.commands, so the routing already treats it as joining.
JOIN_KEYWORDS = {"en": "JOIN", "fr": "REJOINDRE", "ar": "انضم"}
