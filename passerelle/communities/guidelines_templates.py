"""Two starting points for a service's guidelines, in our own words.

Both follow the structure of the DMSI toolkit's Annex 3: an interactive community group
(modelled on a moderated Telegram group for Arabic-speaking newcomers) and a one-to-one
case-management policy (modelled on a digital case-management statement). Every clause has
a stable key, so a warning cites "clause 3 (off_topic)" whatever the wording. `{service}`
is replaced by the service's name when a template is applied.
"""


def _c(key, title, text):
    return {"key": key, "title": title, "text": text}


INTERACTIVE = {
    "name": "interactive",
    "intro": {
        "en": "{service} is a moderated group where newcomers get reliable information about "
        "settling in. These guidelines are shared with everyone who asks to join, so the group "
        "is run fairly and the same way for all. Something you dislike is not always against "
        "the guidelines: our community is diverse.",
        "fr": "{service} est un groupe modéré où les personnes nouvellement arrivées obtiennent "
        "une information fiable sur leur établissement. Ces lignes directrices sont remises à "
        "chaque personne qui demande à se joindre au groupe, pour qu'il soit géré de façon "
        "équitable et pareille pour tout le monde. Ce qui vous déplaît n'enfreint pas forcément "
        "les lignes directrices : notre communauté est diverse.",
        "ar": "{service} مجموعة تحت الإشراف يحصل فيها القادمون الجدد على معلومات موثوقة عن "
        "الاستقرار. تُرسل هذه الإرشادات إلى كل من يطلب الانضمام، لكي تُدار المجموعة بعدل وبالطريقة "
        "نفسها للجميع. ليس كل ما لا يعجبكم مخالفاً للإرشادات: مجتمعنا متنوع.",
    },
    "clauses": [
        _c(
            "purpose",
            {"en": "Purpose", "fr": "Raison d'être", "ar": "الهدف"},
            {
                "en": "The group answers questions about services for newcomers: housing, work, "
                "school, health, language classes, immigration and daily life.",
                "fr": "Le groupe répond aux questions sur les services aux nouveaux arrivants : "
                "logement, emploi, école, santé, cours de langue, immigration et vie "
                "quotidienne.",
                "ar": "تجيب المجموعة عن الأسئلة المتعلقة بخدمات القادمين الجدد: السكن والعمل "
                "والمدرسة والصحة ودروس اللغة والهجرة والحياة اليومية.",
            },
        ),
        _c(
            "moderator",
            {"en": "The moderator's role", "fr": "Le rôle de la modération", "ar": "دور المشرف"},
            {
                "en": "A settlement worker follows every message, makes sure each question gets "
                "an answer or a referral to a partner who can help, and applies these "
                "guidelines.",
                "fr": "Une personne intervenante en établissement suit tous les messages, veille à "
                "ce que chaque question reçoive une réponse ou une orientation vers un "
                "partenaire qui peut aider, et applique ces lignes directrices.",
                "ar": "يتابع مرشد استقرار كل الرسائل، ويحرص على أن يحصل كل سؤال على إجابة أو "
                "إحالة إلى شريك يستطيع المساعدة، ويطبّق هذه الإرشادات.",
            },
        ),
        _c(
            "off_topic",
            {
                "en": "On-topic and off-topic posts",
                "fr": "Sujets acceptés et hors sujet",
                "ar": "المواضيع المقبولة وغير المقبولة",
            },
            {
                "en": "Religious, political and personal posts are off-topic. The moderator "
                "deletes them, posts the group description again and sends the author a "
                "private reminder with better places for that kind of post. If it happens "
                "again after the reminder, the author is removed.",
                "fr": "Les publications religieuses, politiques ou personnelles sont hors sujet. "
                "La modération les supprime, publie de nouveau la description du groupe et "
                "envoie à l'auteur un rappel privé indiquant de meilleurs endroits pour ce "
                "type de publication. Si cela se reproduit après le rappel, la personne est "
                "retirée du groupe.",
                "ar": "المنشورات الدينية والسياسية والشخصية خارج موضوع المجموعة. يحذفها المشرف، "
                "ويعيد نشر وصف المجموعة، ويرسل إلى صاحبها تذكيراً خاصاً بأماكن أنسب لهذا "
                "النوع من المنشورات. وإذا تكرر ذلك بعد التذكير، يُزال صاحبها من المجموعة.",
            },
        ),
        _c(
            "privacy",
            {"en": "Privacy and safety", "fr": "Vie privée et sécurité", "ar": "الخصوصية والأمان"},
            {
                "en": "Never post your phone number, address, file number or documents in the "
                "group. For anything personal or sensitive, write to the moderator "
                "privately.",
                "fr": "Ne publiez jamais votre numéro de téléphone, votre adresse, votre numéro de "
                "dossier ni vos documents dans le groupe. Pour tout ce qui est personnel ou "
                "délicat, écrivez à la modération en privé.",
                "ar": "لا تنشروا أبداً رقم هاتفكم أو عنوانكم أو رقم ملفكم أو وثائقكم في المجموعة. "
                "لكل ما هو شخصي أو حساس، راسلوا المشرف على الخاص.",
            },
        ),
        _c(
            "offensive",
            {"en": "Offensive content", "fr": "Contenu offensant", "ar": "المحتوى المسيء"},
            {
                "en": "Hateful, violent, threatening, racist, sexist, vulgar or exploitative "
                "content is not allowed. Members who post it are warned or removed, and "
                "re-admission is not guaranteed.",
                "fr": "Les contenus haineux, violents, menaçants, racistes, sexistes, vulgaires ou "
                "qui exploitent autrui sont interdits. Les personnes qui en publient reçoivent "
                "un avertissement ou sont retirées, et leur réadmission n'est pas garantie.",
                "ar": "يُمنع المحتوى الذي يحض على الكراهية أو العنف أو التهديد أو العنصرية أو "
                "التمييز ضد المرأة أو المحتوى البذيء أو الاستغلالي. من ينشره يتلقى تحذيراً أو "
                "يُزال، ولا تُضمن إعادة قبوله.",
            },
        ),
        _c(
            "advertising",
            {"en": "Advertising", "fr": "Publicité", "ar": "الإعلانات"},
            {
                "en": "No commercial or personal advertising. To share a useful event or "
                "opportunity, send it to the moderator privately first.",
                "fr": "Aucune publicité commerciale ou personnelle. Pour partager une activité ou "
                "une occasion utile, envoyez-la d'abord à la modération en privé.",
                "ar": "لا إعلانات تجارية أو شخصية. لمشاركة فعالية أو فرصة مفيدة، أرسلوها إلى "
                "المشرف على الخاص أولاً.",
            },
        ),
        _c(
            "response_time",
            {"en": "Response time", "fr": "Délai de réponse", "ar": "مدة الرد"},
            {
                "en": "We answer questions within 24 business hours. When a question needs more "
                "research, we tell you that we are working on it.",
                "fr": "Nous répondons aux questions dans un délai de 24 heures ouvrables. "
                "Quand une question demande plus de recherche, nous vous disons que nous "
                "y travaillons.",
                "ar": "نجيب عن الأسئلة خلال ٢٤ ساعة عمل. وعندما يحتاج السؤال إلى بحث أطول، "
                "نخبركم بأننا نعمل عليه.",
            },
        ),
        _c(
            "feedback",
            {
                "en": "Answers from members and feedback",
                "fr": "Réponses des membres et commentaires",
                "ar": "إجابات الأعضاء والملاحظات",
            },
            {
                "en": "Thank you for helping each other! The moderator checks answers posted by "
                "members, then confirms them or corrects them with an explanation. Your "
                "ideas are welcome, and we run a short survey from time to time.",
                "fr": "Merci de vous entraider ! La modération vérifie les réponses publiées "
                "par les membres, puis les confirme ou les corrige en expliquant pourquoi. "
                "Vos idées sont les bienvenues, et nous faisons de temps à autre un court sondage.",
                "ar": "شكراً لمساعدتكم بعضكم بعضاً! يتحقق المشرف من الإجابات التي ينشرها الأعضاء، "
                "ثم يؤكدها أو يصححها مع الشرح. أفكاركم مرحب بها، ونجري استبياناً قصيراً من "
                "حين لآخر.",
            },
        ),
        _c(
            "leaving",
            {"en": "Leaving the group", "fr": "Quitter le groupe", "ar": "مغادرة المجموعة"},
            {
                "en": "Send /leave (or STOP) at any time, or leave the group in the app. We "
                "confirm it, and you are always welcome back.",
                "fr": "Envoyez /leave (ou ARRÊT) à tout moment, ou quittez le groupe dans "
                "l'application. Nous vous le confirmons, et vous serez toujours le bienvenu "
                "ou la bienvenue.",
                "ar": "أرسلوا /leave (أو توقف) في أي وقت، أو غادروا المجموعة من التطبيق. نؤكد لكم "
                "ذلك، وأهلاً بعودتكم دائماً.",
            },
        ),
    ],
}

CASE_MANAGEMENT = {
    "name": "case_management",
    "intro": {
        "en": "{service} offers one-to-one case management by messages (text, voice notes "
        "and, rarely, calls). Each client has a file with our agency and signs a consent form "
        "before the service starts.",
        "fr": "{service} offre une gestion de cas individuelle par messages (texte, messages "
        "vocaux et, rarement, appels). Chaque client a un dossier auprès de notre organisme et "
        "signe un formulaire de consentement avant le début du service.",
        "ar": "تقدم {service} إدارة حالات فردية عبر الرسائل (نصوص ورسائل صوتية ونادراً "
        "مكالمات). لكل عميل ملف لدى منظمتنا، ويوقّع على استمارة موافقة قبل بدء الخدمة.",
    },
    "clauses": [
        _c(
            "purpose",
            {"en": "Purpose", "fr": "Objectif", "ar": "الهدف"},
            {
                "en": "Stay in touch with your case worker to settle in more easily, with less "
                "travel, cost and waiting.",
                "fr": "Rester en contact avec votre intervenant ou intervenante pour vous établir "
                "plus facilement, avec moins de déplacements, de frais et d'attente.",
                "ar": "البقاء على تواصل مع مرشد حالتكم لتستقروا بسهولة أكبر، مع تنقل وتكلفة "
                "وانتظار أقل.",
            },
        ),
        _c(
            "privacy",
            {"en": "Confidentiality", "fr": "Confidentialité", "ar": "السرية"},
            {
                "en": "What you share stays confidential and is not shared outside the service "
                "without your permission, except in an emergency where someone's safety is "
                "at risk.",
                "fr": "Ce que vous partagez reste confidentiel et n'est pas communiqué en "
                "dehors du service sans votre permission, sauf en cas d'urgence où la "
                "sécurité d'une personne est en danger.",
                "ar": "ما تشاركونه يبقى سرياً ولا يُشارك خارج الخدمة دون إذنكم، إلا في حالة طارئة "
                "تكون فيها سلامة أحد في خطر.",
            },
        ),
        _c(
            "complex_needs",
            {"en": "Complex situations", "fr": "Situations complexes", "ar": "الحالات المعقدة"},
            {
                "en": "Complex or sensitive matters are discussed in person at our office, or we "
                "refer you to an agency that can help.",
                "fr": "Les questions complexes ou délicates se discutent en personne à nos "
                "bureaux, ou nous vous orientons vers un organisme qui peut aider.",
                "ar": "تُناقش المسائل المعقدة أو الحساسة حضورياً في مكتبنا، أو نحيلكم إلى منظمة "
                "تستطيع المساعدة.",
            },
        ),
        _c(
            "offensive",
            {"en": "Respectful language", "fr": "Langage respectueux", "ar": "اللغة المحترمة"},
            {
                "en": "Hate, violence, harassment, threats, racism and vulgar language are not "
                "accepted in messages.",
                "fr": "La haine, la violence, le harcèlement, les menaces, le racisme et le "
                "langage vulgaire ne sont pas acceptés dans les messages.",
                "ar": "لا تُقبل الكراهية أو العنف أو المضايقة أو التهديد أو العنصرية أو اللغة "
                "البذيئة في الرسائل.",
            },
        ),
        _c(
            "off_topic",
            {"en": "Topics of the service", "fr": "Sujets du service", "ar": "مواضيع الخدمة"},
            {
                "en": "Personal, religious or political questions are answered only as they "
                "relate to your case. If other messages continue after a reminder, we ask "
                "you to come in person, and the messaging service may end.",
                "fr": "Les questions personnelles, religieuses ou politiques reçoivent une réponse "
                "seulement en lien avec votre dossier. Si d'autres messages de ce type suivent "
                "un rappel, nous vous demandons de venir en personne, et le service par "
                "messages peut prendre fin.",
                "ar": "لا نجيب عن الأسئلة الشخصية أو الدينية أو السياسية إلا بقدر ما تتعلق "
                "بملفكم. وإذا استمرت رسائل من هذا النوع بعد التذكير، نطلب منكم الحضور شخصياً، "
                "وقد تنتهي خدمة الرسائل.",
            },
        ),
        _c(
            "response_time",
            {"en": "Response time", "fr": "Délai de réponse", "ar": "مدة الرد"},
            {
                "en": "We reply within 24 hours, Monday to Friday, 9:00 to 17:00. A message sent "
                "after hours counts from 9:00 the next business day; one sent Friday after "
                "17:00 or on the weekend counts from Monday 9:00.",
                "fr": "Nous répondons dans les 24 heures, du lundi au vendredi, de 9 h à 17 h. Un "
                "message envoyé en dehors des heures compte à partir de 9 h le jour ouvrable "
                "suivant; un message envoyé le vendredi après 17 h ou la fin de semaine "
                "compte à partir du lundi 9 h.",
                "ar": "نرد خلال ٢٤ ساعة، من الاثنين إلى الجمعة، من ٩:٠٠ إلى ١٧:٠٠. الرسالة المرسلة "
                "خارج ساعات العمل تُحسب من ٩:٠٠ في يوم العمل التالي، والمرسلة يوم الجمعة بعد "
                "١٧:٠٠ أو في عطلة نهاية الأسبوع تُحسب من الاثنين ٩:٠٠.",
            },
        ),
        _c(
            "calls",
            {
                "en": "Voice notes and calls",
                "fr": "Messages vocaux et appels",
                "ar": "الرسائل الصوتية والمكالمات",
            },
            {
                "en": "Voice notes are welcome. Phone and video calls are rare and decided by "
                "your case worker.",
                "fr": "Les messages vocaux sont les bienvenus. Les appels téléphoniques et vidéo "
                "sont rares et décidés par votre intervenant ou intervenante.",
                "ar": "الرسائل الصوتية مرحب بها. المكالمات الهاتفية ومكالمات الفيديو نادرة ويقررها "
                "مرشد حالتكم.",
            },
        ),
        _c(
            "feedback",
            {"en": "Feedback", "fr": "Commentaires", "ar": "الملاحظات"},
            {
                "en": "Your suggestions help us improve; we also ask clients to answer short "
                "satisfaction surveys.",
                "fr": "Vos suggestions nous aident à nous améliorer; nous demandons aussi aux "
                "clients de répondre à de courts sondages de satisfaction.",
                "ar": "اقتراحاتكم تساعدنا على التحسن، ونطلب من العملاء أيضاً الإجابة عن استبيانات "
                "رضا قصيرة.",
            },
        ),
        _c(
            "leaving",
            {"en": "Ending the service", "fr": "Mettre fin au service", "ar": "إنهاء الخدمة"},
            {
                "en": "Send /leave (or STOP) whenever you want to stop. We confirm it, and you "
                "can come back at any time.",
                "fr": "Envoyez /leave (ou ARRÊT) quand vous voulez arrêter. Nous vous le "
                "confirmons, et vous pouvez revenir à tout moment.",
                "ar": "أرسلوا /leave (أو توقف) متى أردتم التوقف. نؤكد لكم ذلك، ويمكنكم العودة في "
                "أي وقت.",
            },
        ),
    ],
}

TEMPLATES = {t["name"]: t for t in (INTERACTIVE, CASE_MANAGEMENT)}


def template_for_mode(mode: str) -> dict:
    """The template that suits a service's mode (one-to-one services get the policy)."""
    return CASE_MANAGEMENT if mode == "one_to_one" else INTERACTIVE


def filled(template: dict, service_name: str) -> tuple[dict, list]:
    """(intro texts, clauses) of a template with the service's name in place."""

    def fill(texts: dict) -> dict:
        return {lang: text.replace("{service}", service_name) for lang, text in texts.items()}

    clauses = [
        {"key": c["key"], "title": dict(c["title"]), "text": fill(c["text"])}
        for c in template["clauses"]
    ]
    return fill(template["intro"]), clauses
