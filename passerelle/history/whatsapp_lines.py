"""What WhatsApp writes in a chat besides people's words, in the languages we recognise.

A line's body (after its time stamp) is a member's message ("Name: text"), or a line
WhatsApp wrote itself: someone joined, left, was added or removed, the encryption notice,
a changed subject. Some notices are attributed to a contact or to the group on iPhone
("Elon: Messages and calls are end-to-end encrypted…"): they are not messages either.
Joins, leaves, additions and removals are recognised in English, French, Spanish and
German; other system lines are kept as `system` (not counted as anything).
"""

import re
import unicodedata

from passerelle.history.records import Kind, Media, Person

_QUOTES = set('"“”«»„')
_NAME_MAX = 100

# "Name: text" (also "Name:" alone, or with the text on the next line), then the rarer
# "Name:text" without a space: a peer export has "John Doe:." for a one-dot message.
_SAID = re.compile(r"^(?P<name>[^\n]+?):(?:[ \n](?P<text>.*))?$", re.S)
_SAID_TIGHT = re.compile(r"^(?P<name>[^:\n]{1,60}):(?P<text>\S.*)$", re.S)

# Notices WhatsApp attributes to someone: the encryption notice, a changed security code.
_NOTICES = re.compile(
    "|".join(
        [
            r"^Messages and calls are end-to-end encrypted",
            r"^Messages (?:you send )?to this (?:group|chat)(?: and calls)? are now secured",
            r"^(?:Your security code with .+|.+'s security code) changed",
            r"^Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt",
            r"^Deine Sicherheitsnummer (?:für|mit) .+ hat sich geändert",
            r"^Les messages et les appels sont chiffrés de bout en bout",
            r"^Votre code de sécurité (?:avec|pour) .+ a changé",
            r"^Los mensajes y las llamadas están cifrados de extremo a extremo",
            r"^(?:Tu|El) código de seguridad (?:con|de) .+ cambió",
            r"^As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta",
            r"^I messaggi e le chiamate sono crittografati end-to-end",
            r"^Сообщения и звонки защищены сквозным шифрованием",
            r"^Ваш код безопасности",
            r"^Zprávy a hovory jsou zabezpečeny koncovým šifrováním",
            r"^Mesajlar ve aramalar uçtan uca şifrelidir",
            r"^الرسائل والمكالمات مشفرة",
            r"^تغير رمز أمانك",
        ]
    )
)

# Placeholders a message keeps when its text is gone (compared without case or final dot).
_DELETED = {
    "this message was deleted",
    "you deleted this message",
    "diese nachricht wurde gelöscht",
    "du hast diese nachricht gelöscht",
    "ce message a été supprimé",
    "vous avez supprimé ce message",
    "se eliminó este mensaje",
    "eliminaste este mensaje",
    "este mensaje fue eliminado",
    "esta mensagem foi apagada",
    "você apagou esta mensagem",
    "questo messaggio è stato eliminato",
    "hai eliminato questo messaggio",
    "данное сообщение удалено",
    "вы удалили данное сообщение",
    "tato zpráva byla odstraněna",
    "tato zpráva byla smazána",
    "tuto zprávu jste odstranil/a",
    "tuto zprávu jste smazali",
    "تم حذف هذه الرسالة",
    "لقد حذفت هذه الرسالة",
}

# iPhone writes "<kind> omitted" where a file was, after its name for a document.
_OMITTED = {
    "image omitted": Media.PHOTO,
    "video omitted": Media.VIDEO,
    "audio omitted": Media.AUDIO,
    "gif omitted": Media.VIDEO,
    "sticker omitted": Media.OTHER,
    "document omitted": Media.DOCUMENT,
    "contact card omitted": Media.OTHER,
    "bild weggelassen": Media.PHOTO,
    "video weggelassen": Media.VIDEO,
    "audio weggelassen": Media.AUDIO,
    "gif weggelassen": Media.VIDEO,
    "sticker weggelassen": Media.OTHER,
    "dokument weggelassen": Media.DOCUMENT,
    "kontaktkarte ausgelassen": Media.OTHER,
    "image absente": Media.PHOTO,
    "vidéo absente": Media.VIDEO,
    "audio omis": Media.AUDIO,
    "gif retiré": Media.VIDEO,
    "sticker omis": Media.OTHER,
    "document manquant": Media.DOCUMENT,
    "fiche contact manquante": Media.OTHER,
    "imagen omitida": Media.PHOTO,
    "video omitido": Media.VIDEO,
    "audio omitido": Media.AUDIO,
    "gif omitido": Media.VIDEO,
    "sticker omitido": Media.OTHER,
    "documento omitido": Media.DOCUMENT,
    "tarjeta de contacto omitida": Media.OTHER,
    "لم يتم إدراج الصورة": Media.PHOTO,
    "لم يتم إدراج الفيديوهات": Media.VIDEO,
    "لم يتم إدراج المقاطع الصوتية": Media.AUDIO,
    "لم يتم إدراج صورة gif": Media.VIDEO,
    "تم حذف الملصقات": Media.OTHER,
    "لم يتم إدراج المستند": Media.DOCUMENT,
    "لم يتم إدراج بطاقة جهة اتصال": Media.OTHER,
}
_OMITTED_AT_END = re.compile(
    "(?:^|\\s)(" + "|".join(re.escape(k) for k in sorted(_OMITTED, key=len)[::-1]) + ")$"
)
# Android: "<Media omitted>" in every language ("<Без медиафайлов>", "<Média vynechány>").
_BRACKETED = re.compile(r"^<[^<>\n]{2,40}>$")
# A zip export names the file: "IMG-….jpg (file attached)" (Android), "<attached: …>" (iPhone).
_ATTACHED = re.compile(
    r"^(?P<file>[^\n]+?\.[\w]{2,5}) \((?:file attached|fichier joint|archivo adjunto"
    r"|Datei angehängt|arquivo anexado|file allegato|файл добавлен|soubor byl přiložen"
    r"|الملف مرفق)\)(?:\n(?P<caption>.*))?$",
    re.S | re.I,
)
_ATTACHED_IPHONE = re.compile(r"^<attached: (?P<file>[^<>\n]+)>(?:\n(?P<caption>.*))?$", re.S)
_EXTENSIONS = {
    Media.PHOTO: {"jpg", "jpeg", "png", "webp", "heic", "gif"},
    Media.VIDEO: {"mp4", "mov", "3gp", "mkv", "webm"},
    Media.VOICE: {"opus"},
    Media.AUDIO: {"mp3", "m4a", "aac", "ogg", "wav", "amr"},
}

# System lines that change a membership: (pattern, kind, the word for "and" in lists).
# "who" are the subjects, "by" the one who did it; a pattern without "who" is about the
# person who made the export ("You were added").
_LANGUAGES = [
    (
        " and ",
        [
            (r"^(?P<who>.+?) joined using (?:this group's|your|an) invite link$", Kind.JOIN),
            (r"^(?P<who>.+?) joined(?: from the community)?$", Kind.JOIN),
            (r"^You were added$", Kind.ADD),
            (r"^(?P<by>.+?) added you$", Kind.ADD),
            (r"^(?P<by>.+?) added (?P<who>.+)$", Kind.ADD),
            (r"^(?P<by>.+?) removed you$", Kind.REMOVE),
            (r"^(?P<by>.+?) removed (?P<who>.+)$", Kind.REMOVE),
            (r"^(?P<who>.+?) left$", Kind.LEAVE),
        ],
    ),
    (
        " et ",
        [
            (
                r"^(?P<who>.+?) a rejoint (?:ce|le) groupe(?: (?:via|avec|en utilisant).*)?$",
                Kind.JOIN,
            ),
            (r"^Vous avez été ajouté(?:\(e\)|e)?$", Kind.ADD),
            (r"^(?P<by>.+?) vous a ajouté(?:\(e\)|e)?$", Kind.ADD),
            (r"^(?P<by>.+?) a ajouté (?P<who>.+)$", Kind.ADD),
            (r"^(?P<by>.+?) vous a retiré(?:\(e\)|e)?$", Kind.REMOVE),
            (r"^(?P<by>.+?) a retiré (?P<who>.+)$", Kind.REMOVE),
            (r"^(?P<who>.+?) (?:est parti(?:\(e\)|e)?|a quitté(?: le groupe)?)$", Kind.LEAVE),
        ],
    ),
    (
        " y ",
        [
            (r"^(?P<who>.+?) se unió(?: al grupo)?(?: (?:usando|mediante|con) .*)?$", Kind.JOIN),
            (r"^Te añadieron$", Kind.ADD),
            (r"^(?P<by>.+?) te añadió$", Kind.ADD),
            (r"^(?P<by>.+?) añadió a (?P<who>.+)$", Kind.ADD),
            (r"^(?P<by>.+?) te eliminó$", Kind.REMOVE),
            (r"^(?P<by>.+?) eliminó a (?P<who>.+)$", Kind.REMOVE),
            (r"^(?P<who>.+?) salió(?: del grupo)?$", Kind.LEAVE),
        ],
    ),
    (
        " und ",
        [
            (
                r"^(?P<who>.+?) ist (?:der Gruppe )?über \w+ Einladungslink.* beigetreten$",
                Kind.JOIN,
            ),
            (r"^Du wurdest hinzugefügt$", Kind.ADD),
            (r"^(?P<by>.+?) hat dich hinzugefügt$", Kind.ADD),
            (r"^(?P<by>.+?) hat (?P<who>.+) hinzugefügt$", Kind.ADD),
            (r"^(?P<by>.+?) hat dich entfernt$", Kind.REMOVE),
            (r"^(?P<by>.+?) hat (?P<who>.+) entfernt$", Kind.REMOVE),
            (r"^(?P<who>.+?) hat die Gruppe verlassen$", Kind.LEAVE),
        ],
    ),
]
_SYSTEM = [
    (re.compile(pattern), kind, re.compile(rf",\s*|{and_word}"))
    for and_word, patterns in _LANGUAGES
    for pattern, kind in patterns
]
# Other lines WhatsApp writes about the group itself (recognised to tell them from a
# message when iPhone attributes them to the group's name).
_GROUP_WORDING = re.compile(
    "|".join(
        [
            r"^.+? created (?:group|this group)\b",
            r"^.+? changed (?:the subject|the group|this group's|their phone number)\b",
            r"^.+? (?:deleted|removed) this group's icon$",
            r"^.+? (?:turned (?:on|off) disappearing messages|updated the message timer)\b",
            r"^.+? pinned a message$",
            r"^You're now an admin$",
            r"^.+? a créé (?:le|ce) groupe\b",
            r"^.+? a modifié (?:le sujet|l'icône|la description|les paramètres)\b",
            r"^.+? creó (?:el|este) grupo\b",
            r"^.+? cambió (?:el asunto|el ícono|la descripción|la configuración)\b",
            r"^.+? hat (?:die|diese) Gruppe .*erstellt$",
        ]
    )
)
# How each language names the person who made the export, as a subject or an actor.
_YOU = {"you", "vous", "tú", "du"}


# Arabic vowel marks ("حذَفت", "تغيّر") that the wordings above leave out.
_VOWEL_MARKS = dict.fromkeys(range(0x064B, 0x0653))
# Placeholders and notices are short: a longer text is someone's words, whatever it says.
_PLACEHOLDER_MAX = 120


def _folded(text: str) -> str:
    """For comparing with the wordings above: no case, no Arabic vowel marks, one space."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_VOWEL_MARKS)
    return " ".join(text.split()).casefold().rstrip(".")


def _is_notice(line: str) -> bool:
    line = line.strip()
    return _NOTICES.match(line if line.isascii() else line.translate(_VOWEL_MARKS)) is not None


def _person(name: str) -> Person:
    name = name.strip()
    return Person(name, is_exporter=name.casefold() in _YOU)


def _plausible_name(name: str) -> bool:
    name = name.strip()
    return bool(name) and len(name) <= _NAME_MAX and not (_QUOTES & set(name)) and ":" not in name


def said(body: str) -> tuple[str, str] | None:
    """(name, text) when the body is someone's message, else None (a system line)."""
    found = _SAID.match(body)
    if found is None:
        found = _SAID_TIGHT.match(body)
        # "…link to https://…", "…at 10:30" are a system line's words, not a name.
        if found and (found["text"].startswith("//") or found["name"][-1:].isdigit()):
            found = None
    if found is None or not _plausible_name(found["name"]):
        return None
    text = found["text"] or ""
    if _is_notice(text.split("\n", 1)[0]):
        return None
    return found["name"].strip(), text


def membership_line(body: str):
    """(kind, actor, subjects) for a system line that changes memberships, else None."""
    if "\n" in body:
        return None
    for pattern, kind, splitter in _SYSTEM:
        found = pattern.match(body)
        if found is None:
            continue
        groups = found.groupdict()
        names = splitter.split(groups["who"]) if groups.get("who") else ["You"]
        if groups.get("by") is not None and not _plausible_name(groups["by"]):
            return None
        if not all(_plausible_name(n) for n in names):
            return None
        actor = _person(groups["by"]) if groups.get("by") else None
        return kind, actor, tuple(_person(n) for n in names)
    return None


def media_of(text: str) -> tuple[Media, str, str]:
    """(media kind, text left, file name) for a message that stood for a file."""
    first = text.split("\n", 1)[0].strip()
    if len(first) > _PLACEHOLDER_MAX:
        return Media.NONE, text, ""
    if _BRACKETED.match(first) and "\n" not in text.strip():
        attached = _ATTACHED_IPHONE.match(text.strip())
        if attached:
            return _by_extension(attached["file"]), "", attached["file"]
        return Media.OTHER, "", ""
    attached = _ATTACHED.match(text.strip()) or _ATTACHED_IPHONE.match(text.strip())
    if attached:
        caption = (attached["caption"] or "").strip()
        return _by_extension(attached["file"]), caption, attached["file"].strip()
    if "\n" not in text.strip():
        found = _OMITTED_AT_END.search(_folded(first))
        if found:
            # A document's name stays as its text ("Budget.pdf • 2 pages").
            words = first.split()[: -len(found.group(1).split())]
            return _OMITTED[found.group(1)], " ".join(words).strip(" •"), ""
    return Media.NONE, text, ""


def _by_extension(file_name: str) -> Media:
    extension = file_name.rsplit(".", 1)[-1].casefold() if "." in file_name else ""
    for media, extensions in _EXTENSIONS.items():
        if extension in extensions:
            return media
    return Media.DOCUMENT if extension else Media.OTHER


def is_deleted(text: str) -> bool:
    """Whether a message's text is WhatsApp's "This message was deleted" placeholder."""
    text = text.strip()
    return len(text) <= _PLACEHOLDER_MAX and "\n" not in text and _folded(text) in _DELETED


def is_system_wording(text: str) -> bool:
    """Whether a text is one WhatsApp writes itself (a membership change, a notice, a
    change to the group), whoever the line is attributed to."""
    text = text.strip()
    if "\n" in text:
        return False
    return bool(membership_line(text) or _is_notice(text) or _GROUP_WORDING.match(text))
