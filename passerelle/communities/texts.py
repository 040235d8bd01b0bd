"""What the service says to people who join, read the rules or leave — in en, fr and ar.

Placeholders are `{name}` fields filled by `communities.notify`; every language of a key
uses the same placeholders (a test checks it). A service may reword some keys in its own
ServiceText rows (see EDITABLE); these dicts are the defaults.
"""

LANGUAGE_NAMES = {"ar": "العربية", "en": "English", "fr": "Français"}

# Keys an administrator may reword for their service (Join settings page).
EDITABLE = (
    "welcome",
    "group_description",
    "off_topic_places",
    "privacy_notice",
    "one_way_refused",
)

TEXTS = {
    # The answer to HELP (any channel; kept short: every SMS segment costs money).
    "help": {
        "en": "{service}: write your question any time and our team will answer. Reply STOP to stop receiving messages, START to receive them again.",
        "fr": "{service} : écrivez votre question quand vous voulez, notre équipe vous répondra. Répondez ARRET pour ne plus recevoir de messages, START pour les recevoir de nouveau.",
        "ar": "{service}: اكتبوا سؤالكم في أي وقت وسيجيبكم فريقنا. أرسلوا توقف لإيقاف الرسائل، وSTART لاستقبالها من جديد.",
    },
    # Shown by the off-topic protocol (moderation), reworded on the Join settings page.
    "off_topic_places": {
        "en": "Better places for other topics: for religious matters, your faith community; "
        "for politics, community and advocacy groups; for personal matters, write to the "
        "moderator privately.",
        "fr": "De meilleurs endroits pour d'autres sujets : pour la religion, votre "
        "communauté de foi; pour la politique, les groupes communautaires et de défense des "
        "droits; pour les questions personnelles, écrivez à la modération en privé.",
        "ar": "أماكن أنسب للمواضيع الأخرى: للشؤون الدينية، جماعتكم الدينية؛ وللسياسة، "
        "المجموعات المجتمعية ومجموعات المناصرة؛ وللأمور الشخصية، راسلوا المشرف على الخاص.",
    },
    "group_description": {
        "en": "About this group — {service}: {purpose}\nAsk your questions about settling "
        "in; a moderator makes sure each one gets an answer. Religious, political and personal "
        "posts are off-topic. Guidelines: {guidelines_url}",
        "fr": "À propos du groupe — {service} : {purpose}\nPosez vos questions sur votre "
        "établissement; l'équipe de modération veille à ce que chacune reçoive une réponse. "
        "Les publications religieuses, politiques et personnelles sont hors sujet. Lignes "
        "directrices : {guidelines_url}",
        "ar": "عن هذه المجموعة — {service}: {purpose}\nاطرحوا أسئلتكم عن الاستقرار، ويحرص "
        "المشرفون على أن يحصل كل سؤال على إجابة. المنشورات الدينية والسياسية والشخصية خارج "
        "الموضوع. الإرشادات: {guidelines_url}",
    },
    "intake_intro": {
        "en": "Welcome to {service}! Before you join, please answer a few short questions, "
        "one at a time. Reply with the number of your answer.",
        "fr": "Bienvenue dans {service} ! Avant de vous joindre au groupe, répondez à quelques "
        "questions courtes, une à la fois. Répondez avec le numéro de votre réponse.",
        "ar": "أهلاً بكم في {service}! قبل الانضمام، يرجى الإجابة عن بعض الأسئلة القصيرة، "
        "سؤالاً بعد سؤال. أرسلوا رقم إجابتكم.",
    },
    "ask_language": {
        "en": "Which language do you prefer?",
        "fr": "Quelle langue préférez-vous ?",
        "ar": "ما هي اللغة التي تفضلونها؟",
    },
    "optional_hint": {
        "en": "(optional — send 0 to skip)",
        "fr": "(facultatif — envoyez 0 pour passer)",
        "ar": "(اختياري — أرسلوا 0 للتخطي)",
    },
    "yes": {"en": "Yes", "fr": "Oui", "ar": "نعم"},
    "no": {"en": "No", "fr": "Non", "ar": "لا"},
    "invalid_answer": {
        "en": "Sorry, I did not understand. Please reply with one of the numbers below.",
        "fr": "Désolé, je n'ai pas compris. Répondez avec l'un des numéros ci-dessous.",
        "ar": "عذراً، لم أفهم. يرجى الرد بأحد الأرقام أدناه.",
    },
    "invalid_text": {
        "en": "Please write a short answer (a few words are enough).",
        "fr": "Écrivez une réponse courte (quelques mots suffisent).",
        "ar": "يرجى كتابة إجابة قصيرة (تكفي بضع كلمات).",
    },
    "guidelines_intro": {
        "en": "Here are the guidelines of {service} (version {version}). Please read them "
        "before you join:",
        "fr": "Voici les lignes directrices de {service} (version {version}). Lisez-les avant "
        "de vous joindre au groupe :",
        "ar": "هذه إرشادات {service} (الإصدار {version}). يرجى قراءتها قبل الانضمام:",
    },
    "ask_guidelines": {
        "en": "Do you accept these guidelines? You can read them again here: {guidelines_url}",
        "fr": "Acceptez-vous ces lignes directrices ? Vous pouvez les relire ici : "
        "{guidelines_url}",
        "ar": "هل توافقون على هذه الإرشادات؟ يمكنكم قراءتها مرة أخرى هنا: {guidelines_url}",
    },
    "guidelines_declined": {
        "en": "To join {service} you need to accept its guidelines. If you change your mind, "
        "send /start.",
        "fr": "Pour vous joindre à {service}, il faut accepter ses lignes directrices. Si vous "
        "changez d'avis, envoyez /start.",
        "ar": "للانضمام إلى {service} يجب الموافقة على إرشاداتها. إذا غيّرتم رأيكم، أرسلوا /start.",
    },
    "intake_review": {
        "en": "Thank you! A moderator will look at your request soon and we will let you know.",
        "fr": "Merci ! Une personne de l'équipe de modération examinera votre demande bientôt "
        "et nous vous tiendrons au courant.",
        "ar": "شكراً لكم! سيراجع أحد المشرفين طلبكم قريباً وسنبلغكم بالنتيجة.",
    },
    "welcome": {
        "en": "Welcome to {service}! Your request is accepted. Ask your questions about "
        "settling in here; a moderator makes sure every question gets an answer. The "
        "guidelines you accepted: {guidelines_url}\nSend /rules to read them again, or /leave "
        "to leave.",
        "fr": "Bienvenue dans {service} ! Votre demande est acceptée. Posez ici vos questions "
        "sur votre établissement; l'équipe de modération veille à ce que chaque question reçoive "
        "une réponse. Les lignes directrices que vous avez acceptées : {guidelines_url}\n"
        "Envoyez /rules pour les relire, ou /leave pour quitter le groupe.",
        "ar": "أهلاً بكم في {service}! تم قبول طلبكم. اطرحوا هنا أسئلتكم عن الاستقرار، ويحرص "
        "المشرفون على أن يحصل كل سؤال على إجابة. الإرشادات التي وافقتم عليها: {guidelines_url}\n"
        "أرسلوا /rules لقراءتها مرة أخرى، أو /leave لمغادرة المجموعة.",
    },
    "refused": {
        "en": "Sorry, your request to join {service} was not accepted. Reason: {reason}\n"
        "If you have a question about this decision, you can reply to this message.",
        "fr": "Désolé, votre demande pour vous joindre à {service} n'a pas été acceptée. "
        "Raison : {reason}\nSi vous avez une question sur cette décision, répondez à ce message.",
        "ar": "نأسف، لم يتم قبول طلب انضمامكم إلى {service}. السبب: {reason}\n"
        "إذا كان لديكم سؤال عن هذا القرار، يمكنكم الرد على هذه الرسالة.",
    },
    "intake_reminder": {
        "en": "Reminder: your request to join {service} is not finished. Please answer the "
        "question below; without an answer, the request closes in {hours} hours.",
        "fr": "Rappel : votre demande pour vous joindre à {service} n'est pas terminée. "
        "Répondez à la question ci-dessous; sans réponse, la demande sera fermée dans {hours} "
        "heures.",
        "ar": "تذكير: طلب انضمامكم إلى {service} لم يكتمل بعد. يرجى الإجابة عن السؤال أدناه؛ "
        "بدون إجابة سيُغلق الطلب خلال {hours} ساعة.",
    },
    "intake_expired": {
        "en": "Your request to join {service} has closed because it was not finished. "
        "Send /start whenever you want to try again.",
        "fr": "Votre demande pour vous joindre à {service} a été fermée parce qu'elle n'était "
        "pas terminée. Envoyez /start quand vous voulez recommencer.",
        "ar": "أُغلق طلب انضمامكم إلى {service} لأنه لم يكتمل. أرسلوا /start متى أردتم "
        "المحاولة من جديد.",
    },
    "intake_cancelled": {
        "en": "Your request to join {service} is cancelled. Send /start whenever you want to "
        "try again.",
        "fr": "Votre demande pour vous joindre à {service} est annulée. Envoyez /start quand "
        "vous voulez recommencer.",
        "ar": "تم إلغاء طلب انضمامكم إلى {service}. أرسلوا /start متى أردتم المحاولة من جديد.",
    },
    "already_member": {
        "en": "You are already a member of {service}. Send /rules to read the guidelines or "
        "/leave to leave.",
        "fr": "Vous êtes déjà membre de {service}. Envoyez /rules pour lire les lignes "
        "directrices ou /leave pour quitter le groupe.",
        "ar": "أنتم أعضاء في {service} بالفعل. أرسلوا /rules لقراءة الإرشادات أو /leave للمغادرة.",
    },
    "request_pending": {
        "en": "Your request to join {service} is waiting for a moderator. We will let you "
        "know soon.",
        "fr": "Votre demande pour vous joindre à {service} attend la décision d'une personne "
        "de l'équipe de modération. Nous vous tiendrons au courant bientôt.",
        "ar": "طلب انضمامكم إلى {service} بانتظار قرار أحد المشرفين. سنبلغكم قريباً.",
    },
    # A member's post in a one-way service's group (routing.community.one_way_redirect).
    "one_way_refused": {
        "en": "Only the {service} team posts in the group: your message was not published "
        "there. The team has received it here and will answer you privately.",
        "fr": "Seule l'équipe de {service} publie dans le groupe : votre message n'y a pas "
        "été publié. L'équipe l'a reçu ici et vous répondra en privé.",
        "ar": "فريق {service} وحده ينشر في المجموعة: لم تُنشر رسالتكم هناك. وصلت رسالتكم "
        "إلى الفريق هنا وسيجيبكم على الخاص.",
    },
    "not_member": {
        "en": "You are not a member of {service}. Send /start to ask to join.",
        "fr": "Vous n'êtes pas membre de {service}. Envoyez /start pour demander à vous "
        "joindre au groupe.",
        "ar": "لستم أعضاء في {service}. أرسلوا /start لطلب الانضمام.",
    },
    "left_confirm": {
        "en": "You have left {service}. Thank you for being part of it. You are welcome back "
        "any time: just send /start.",
        "fr": "Vous avez quitté {service}. Merci d'en avoir fait partie. Vous serez toujours "
        "le bienvenu ou la bienvenue : il suffit d'envoyer /start.",
        "ar": "لقد غادرتم {service}. شكراً لمشاركتكم. أهلاً بعودتكم في أي وقت: أرسلوا /start فقط.",
    },
    "exit_feedback_question": {
        "en": "Why are you leaving? If you like, tell us in one message: it helps us improve. "
        "You can also ignore this question.",
        "fr": "Pourquoi partez-vous ? Si vous le souhaitez, dites-le-nous en un message : cela "
        "nous aide à nous améliorer. Vous pouvez aussi ignorer cette question.",
        "ar": "لماذا تغادرون؟ إن أردتم، أخبرونا في رسالة واحدة: هذا يساعدنا على التحسن. "
        "ويمكنكم تجاهل هذا السؤال.",
    },
    "exit_feedback_thanks": {
        "en": "Thank you for telling us.",
        "fr": "Merci de nous l'avoir dit.",
        "ar": "شكراً لإخبارنا.",
    },
    # Sent after the welcome and on /privacy. {platforms}: one sentence per platform the
    # person uses, from each channel type (who can read a message on its way).
    "privacy_notice": {
        "en": "Privacy at {service}\n{platforms}\nOur moderators and administrators read the messages you send us; everyone in the group reads what you post there. Never post personal details (phone number, address, file number, health) in the group: write to us privately instead. You can ask us for a copy of your data, or for it to be erased. Send /privacy to read this again.",
        "fr": "Confidentialité — {service}\n{platforms}\nNotre équipe de modération et d'administration lit les messages que vous nous envoyez; tous les membres du groupe lisent ce que vous y publiez. Ne publiez jamais de renseignements personnels (numéro de téléphone, adresse, numéro de dossier, santé) dans le groupe : écrivez-nous plutôt en privé. Vous pouvez nous demander une copie de vos données, ou leur effacement. Envoyez /privacy pour relire ce message.",
        "ar": "الخصوصية في {service}\n{platforms}\nيقرأ المشرفون والمسؤولون لدينا الرسائل التي ترسلونها إلينا، ويقرأ جميع أعضاء المجموعة ما تنشرونه فيها. لا تنشروا أبداً معلومات شخصية (رقم الهاتف، العنوان، رقم الملف، الصحة) في المجموعة: راسلونا على الخاص بدلاً من ذلك. يمكنكم أن تطلبوا منا نسخة من بياناتكم أو حذفها. أرسلوا /privacy لقراءة هذا مرة أخرى.",
    },
    "rules": {
        "en": "Guidelines of {service} (version {version}):\n\n{guidelines}\n\nOnline: "
        "{guidelines_url}",
        "fr": "Lignes directrices de {service} (version {version}) :\n\n{guidelines}\n\n"
        "En ligne : {guidelines_url}",
        "ar": "إرشادات {service} (الإصدار {version}):\n\n{guidelines}\n\nعلى الإنترنت: "
        "{guidelines_url}",
    },
    "no_rules": {
        "en": "{service} has not published its guidelines yet.",
        "fr": "{service} n'a pas encore publié ses lignes directrices.",
        "ar": "لم تنشر {service} إرشاداتها بعد.",
    },
}

# Built-in intake questions a service starts from (Join settings → "Add the usual
# questions"); administrators reword them and add their own.
DEFAULT_QUESTIONS = [
    {
        "key": "lives_in_area",
        "kind": "yes_no",
        "required": True,
        "qualifying": ["yes"],
        "prompts": {
            "en": "Do you live in the area this service covers?",
            "fr": "Habitez-vous dans la région desservie par ce service ?",
            "ar": "هل تسكنون في المنطقة التي تخدمها هذه الخدمة؟",
        },
    },
    {
        "key": "arrived_recently",
        "kind": "yes_no",
        "required": True,
        "qualifying": ["yes"],
        "prompts": {
            "en": "Did you arrive in Canada in the last 5 years?",
            "fr": "Êtes-vous arrivé ou arrivée au Canada au cours des 5 dernières années ?",
            "ar": "هل وصلتم إلى كندا خلال السنوات الخمس الأخيرة؟",
        },
    },
    {
        "key": "help_preference",
        "kind": "choice",
        "required": False,
        "qualifying": [],
        "prompts": {
            "en": "How do you prefer to get help?",
            "fr": "Comment préférez-vous recevoir de l'aide ?",
            "ar": "كيف تفضلون الحصول على المساعدة؟",
        },
        "choices": [
            {"value": "online", "labels": {"en": "Online", "fr": "En ligne", "ar": "عبر الإنترنت"}},
            {
                "value": "in_person",
                "labels": {"en": "In person", "fr": "En personne", "ar": "حضورياً"},
            },
            {"value": "both", "labels": {"en": "Both", "fr": "Les deux", "ar": "الاثنان معاً"}},
        ],
    },
]

# The words a person may type instead of a number (yes / no / skip) live with the engine
# that reads every reply: passerelle.prompts.parsing.
