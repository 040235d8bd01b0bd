"""What the SMS channel says to members, in en, fr and ar (a service may reword `sms_help`
in a ServiceText row). Kept short: every SMS segment costs the service money."""

TEXTS = {
    "sms_help": {
        "en": "{service}: write your question any time and our team will answer. Reply STOP to stop receiving messages, START to receive them again.",
        "fr": "{service} : écrivez votre question quand vous voulez, notre équipe vous répondra. Répondez ARRET pour ne plus recevoir de messages, START pour les recevoir de nouveau.",
        "ar": "{service}: اكتبوا سؤالكم في أي وقت وسيجيبكم فريقنا. أرسلوا توقف لإيقاف الرسائل، وSTART لاستقبالها من جديد.",
    },
}
