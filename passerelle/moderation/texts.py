"""What moderators' actions say to members and to the group — in en, fr and ar.

Same rules as communities.texts: `{name}` placeholders, identical in every language;
`group_description` and `off_topic_places` can be reworded per service (ServiceText).
"""

TEXTS = {
    "warning": {
        "en": "A private message from the moderators of {service}. Your message\n«{excerpt}»\n"
        "does not follow this guideline:\n{clause}\n{reason}This is warning {count} of "
        "{limit}: after {limit} warnings a member is removed from the group. Send /rules to "
        "read all the guidelines.",
        "fr": "Un message privé de l'équipe de modération de {service}. Votre message\n"
        "«{excerpt}»\nne respecte pas cette ligne directrice :\n{clause}\n{reason}C'est "
        "l'avertissement {count} sur {limit} : après {limit} avertissements, une personne est "
        "retirée du groupe. Envoyez /rules pour lire toutes les lignes directrices.",
        "ar": "رسالة خاصة من مشرفي {service}. رسالتكم\n«{excerpt}»\nلا تلتزم بهذا البند من "
        "الإرشادات:\n{clause}\n{reason}هذا هو التحذير {count} من {limit}: بعد {limit} تحذيرات "
        "يُزال العضو من المجموعة. أرسلوا /rules لقراءة كل الإرشادات.",
    },
    "warning_general": {
        "en": "A private message from the moderators of {service}. Please follow this "
        "guideline:\n{clause}\n{reason}This is warning {count} of {limit}: after {limit} "
        "warnings a member is removed from the group. Send /rules to read all the guidelines.",
        "fr": "Un message privé de l'équipe de modération de {service}. Merci de respecter "
        "cette ligne directrice :\n{clause}\n{reason}C'est l'avertissement {count} sur "
        "{limit} : après {limit} avertissements, une personne est retirée du groupe. Envoyez "
        "/rules pour lire toutes les lignes directrices.",
        "ar": "رسالة خاصة من مشرفي {service}. يرجى الالتزام بهذا البند من الإرشادات:\n"
        "{clause}\n{reason}هذا هو التحذير {count} من {limit}: بعد {limit} تحذيرات يُزال العضو "
        "من المجموعة. أرسلوا /rules لقراءة كل الإرشادات.",
    },
    "reason_line": {
        "en": "Moderator's note: {reason}\n",
        "fr": "Note de la modération : {reason}\n",
        "ar": "ملاحظة المشرف: {reason}\n",
    },
    "off_topic_reminder": {
        "en": "A private reminder from the moderators of {service}. We removed your post "
        "«{excerpt}» because the group is only for questions and information about settling "
        "in:\n{clause}\n{places}\nPlease keep to these topics. If another off-topic post "
        "follows this reminder, you will be removed from the group.",
        "fr": "Un rappel privé de l'équipe de modération de {service}. Nous avons retiré "
        "votre publication «{excerpt}» parce que le groupe sert seulement aux questions et à "
        "l'information sur l'établissement :\n{clause}\n{places}\nMerci de vous en tenir à ces "
        "sujets. Si une autre publication hors sujet suit ce rappel, vous serez retiré ou "
        "retirée du groupe.",
        "ar": "تذكير خاص من مشرفي {service}. حذفنا منشوركم «{excerpt}» لأن المجموعة مخصصة فقط "
        "للأسئلة والمعلومات المتعلقة بالاستقرار:\n{clause}\n{places}\nيرجى الالتزام بهذه "
        "المواضيع. وإذا تلا هذا التذكير منشور آخر خارج الموضوع، ستُزالون من المجموعة.",
    },
    "warning_withdrawn": {
        "en": "The moderators of {service} have withdrawn a warning they sent you. Sorry for "
        "the mistake.",
        "fr": "L'équipe de modération de {service} a annulé un avertissement qu'elle vous "
        "avait envoyé. Désolés pour l'erreur.",
        "ar": "ألغى مشرفو {service} تحذيراً كانوا قد أرسلوه إليكم. نعتذر عن الخطأ.",
    },
    "removed": {
        "en": "You have been removed from {service} because you did not follow its "
        "guidelines:\n{clause}\n{reason}If you think this is a mistake, you can reply to this "
        "message.",
        "fr": "Vous avez été retiré ou retirée de {service} parce que vous n'avez pas respecté "
        "ses lignes directrices :\n{clause}\n{reason}Si vous pensez qu'il s'agit d'une erreur, "
        "vous pouvez répondre à ce message.",
        "ar": "تمت إزالتكم من {service} لعدم الالتزام بإرشاداتها:\n{clause}\n{reason}"
        "إذا كنتم تعتقدون أن هذا خطأ، يمكنكم الرد على هذه الرسالة.",
    },
    "removal_announcement": {
        "en": "A member was removed from the group for not following the guidelines.",
        "fr": "Une personne a été retirée du groupe parce qu'elle ne respectait pas les "
        "lignes directrices.",
        "ar": "تمت إزالة أحد الأعضاء من المجموعة لعدم التزامه بالإرشادات.",
    },
    "removal_announcement_named": {
        "en": "{name} was removed from the group for not following the guidelines.",
        "fr": "{name} a été retiré ou retirée du groupe pour ne pas avoir respecté les lignes "
        "directrices.",
        "ar": "تمت إزالة {name} من المجموعة لعدم الالتزام بالإرشادات.",
    },
    "readmitted": {
        "en": "Welcome back to {service}! A moderator has re-admitted you. The guidelines: "
        "{guidelines_url}",
        "fr": "Bon retour dans {service} ! L'équipe de modération vous a réadmis ou "
        "réadmise. Les lignes directrices : {guidelines_url}",
        "ar": "أهلاً بعودتكم إلى {service}! أعاد أحد المشرفين قبولكم. الإرشادات: {guidelines_url}",
    },
    "muted": {
        "en": "You cannot post in {service} until {until}. Send /rules to read the guidelines.",
        "fr": "Vous ne pouvez pas publier dans {service} avant {until}. Envoyez /rules pour "
        "lire les lignes directrices.",
        "ar": "لا يمكنكم النشر في {service} قبل {until}. أرسلوا /rules لقراءة الإرشادات.",
    },
    "unmuted": {
        "en": "You can post in {service} again.",
        "fr": "Vous pouvez de nouveau publier dans {service}.",
        "ar": "يمكنكم النشر في {service} من جديد.",
    },
    "report_thanks": {
        "en": "Thank you. A moderator will look at the message you reported. Nobody else "
        "will know that you reported it.",
        "fr": "Merci. Une personne de l'équipe de modération examinera le message que vous "
        "avez signalé. Personne d'autre ne saura que vous l'avez signalé.",
        "ar": "شكراً لكم. سيطّلع أحد المشرفين على الرسالة التي أبلغتم عنها. لن يعرف أحد غيره "
        "أنكم أبلغتم عنها.",
    },
    "report_how": {
        "en": "To report a message to the moderators, reply to that message with /report.",
        "fr": "Pour signaler un message à l'équipe de modération, répondez à ce message avec "
        "/report.",
        "ar": "للإبلاغ عن رسالة إلى المشرفين، ردّوا على تلك الرسالة بكتابة /report.",
    },
}
