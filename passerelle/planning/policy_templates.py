"""The policies the toolkit asks for, as starting texts in our own words (en, fr, ar).

A service's first version of each policy, in each of its languages, starts from these;
staff then make them theirs (each save is a new version). A language we have no words
for starts from the English text.
"""

from django.utils.translation import gettext_lazy as _

KINDS = [
    ("eligibility", _("Eligibility")),
    ("privacy", _("Privacy and private conversations")),
    ("service_standard", _("Service standard")),
    ("removal", _("Reasons for removal")),
    ("evaluation", _("Evaluation and survey practice")),
    ("membership", _("Accepting and removing members")),
    ("conflicts", _("Conflicts")),
    ("case_management", _("Case management")),
]
KIND_NAMES = dict(KINDS)
# Only one-to-one services work case by case.
ONE_TO_ONE_ONLY = {"case_management"}

TEMPLATES = {
    "eligibility": {
        "en": """Who can join
- Newcomers (permanent residents, refugees, refugee claimants, temporary residents) living in or moving to our region, and the people helping them settle.
- Members must be at least 16 years old.
- Agencies and volunteers may join to share information, not to advertise paid services.

Who we may decline
- Anyone who joins to sell, recruit, campaign or collect members' data.
- Anyone who was removed before, unless staff agree to a new start.

How we check
We ask a few questions when you join. We never ask for immigration documents.""",
        "fr": """Qui peut s'inscrire
- Les nouveaux arrivants (résidents permanents, réfugiés, demandeurs d'asile, résidents temporaires) qui vivent dans notre région ou s'y installent, et les personnes qui les aident.
- Les membres doivent avoir au moins 16 ans.
- Les organismes et les bénévoles peuvent s'inscrire pour partager de l'information, pas pour annoncer des services payants.

Qui nous pouvons refuser
- Toute personne qui s'inscrit pour vendre, recruter, faire campagne ou recueillir les données des membres.
- Toute personne déjà retirée, sauf si l'équipe accepte un nouveau départ.

Comment nous vérifions
Nous posons quelques questions à l'inscription. Nous ne demandons jamais de documents d'immigration.""",
        "ar": """من يمكنه الانضمام
- القادمون الجدد (المقيمون الدائمون، اللاجئون، طالبو اللجوء، المقيمون المؤقتون) الذين يعيشون في منطقتنا أو ينتقلون إليها، والأشخاص الذين يساعدونهم على الاستقرار.
- يجب ألا يقل عمر العضو عن 16 سنة.
- يمكن للمنظمات والمتطوعين الانضمام لمشاركة المعلومات، لا للإعلان عن خدمات مدفوعة.

من قد نرفض انضمامه
- كل من ينضم للبيع أو التجنيد أو الدعاية أو جمع بيانات الأعضاء.
- كل من سبق إخراجه، إلا إذا وافق الفريق على بداية جديدة.

كيف نتحقق
نطرح بعض الأسئلة عند الانضمام. لا نطلب أبدًا وثائق الهجرة.""",
    },
    "privacy": {
        "en": """What we keep
We keep the messages you send to the service, your name on the platform and your answers to the join questions, for as long as our retention rules say, and no longer.

Who sees it
Only the service's staff. We never sell or share your data. A partner specialist sees only the question they were asked to answer.

When we move to a private conversation
A moderator moves a conversation from the group to a private one when it touches personal details: your address, your documents, your health, your case, money, or a conflict between two people. Please do not post these in the group; write to us privately instead.

Your rights
You can ask for a copy of your data, or for it to be erased, at any time.""",
        "fr": """Ce que nous gardons
Nous gardons les messages que vous envoyez au service, votre nom sur la plateforme et vos réponses aux questions d'inscription, aussi longtemps que nos règles de conservation le prévoient, pas plus.

Qui les voit
Seulement l'équipe du service. Nous ne vendons ni ne partageons jamais vos données. Un spécialiste partenaire ne voit que la question qu'on lui a confiée.

Quand nous passons en conversation privée
Un modérateur passe une conversation du groupe en privé quand elle touche des renseignements personnels : votre adresse, vos documents, votre santé, votre dossier, de l'argent ou un conflit entre deux personnes. Merci de ne pas publier cela dans le groupe ; écrivez-nous plutôt en privé.

Vos droits
Vous pouvez demander à tout moment une copie de vos données, ou leur effacement.""",
        "ar": """ما نحتفظ به
نحتفظ بالرسائل التي ترسلها إلى الخدمة واسمك على المنصة وإجاباتك عن أسئلة الانضمام، طوال المدة التي تحددها قواعد الاحتفاظ لدينا فقط.

من يطّلع عليها
فريق الخدمة وحده. لا نبيع بياناتك ولا نشاركها أبدًا. لا يرى الأخصائي الشريك إلا السؤال الذي طُلب منه الإجابة عنه.

متى ننتقل إلى محادثة خاصة
ينقل المشرف الحديث من المجموعة إلى محادثة خاصة عندما يتعلق بمعلومات شخصية: عنوانك أو وثائقك أو صحتك أو ملفك أو المال أو خلاف بين شخصين. نرجو ألا تنشر ذلك في المجموعة، بل اكتب إلينا على انفراد.

حقوقك
يمكنك في أي وقت طلب نسخة من بياناتك أو حذفها.""",
    },
    "service_standard": {
        "en": """Our promise
We answer every question within one business day (Monday to Friday, 9:00 to 17:00, except public holidays).

How we count
The time runs only during opening hours, from your message to our first answer. A question sent on Friday evening is answered by Monday evening.

Outside opening hours
You get an automatic reply saying when we will answer. In an emergency, call 911.

What we do not promise
We give information and referrals, not legal advice. We may need to refer you to a partner who knows the subject better.""",
        "fr": """Notre engagement
Nous répondons à chaque question en un jour ouvrable (du lundi au vendredi, de 9 h à 17 h, sauf les jours fériés).

Comment nous comptons
Le délai ne court que pendant les heures d'ouverture, de votre message à notre première réponse. Une question envoyée le vendredi soir reçoit une réponse d'ici le lundi soir.

En dehors des heures d'ouverture
Vous recevez une réponse automatique qui dit quand nous répondrons. En cas d'urgence, composez le 911.

Ce que nous ne promettons pas
Nous donnons de l'information et des orientations, pas d'avis juridique. Nous pouvons vous orienter vers un partenaire qui connaît mieux le sujet.""",
        "ar": """التزامنا
نجيب عن كل سؤال خلال يوم عمل واحد (من الاثنين إلى الجمعة، من 9:00 إلى 17:00، باستثناء العطل الرسمية).

كيف نحسب المدة
تُحسب المدة خلال ساعات العمل فقط، من رسالتك إلى أول رد منا. السؤال المرسل مساء الجمعة يُجاب عنه قبل مساء الاثنين.

خارج ساعات العمل
يصلك رد آلي يوضح متى سنجيب. في حالة الطوارئ اتصل بالرقم 911.

ما لا نعد به
نقدّم المعلومات والإحالات، لا الاستشارات القانونية. قد نحيلك إلى شريك أعلم بالموضوع.""",
    },
    "removal": {
        "en": """A member may be removed for
- insults, threats, harassment or hateful words toward anyone;
- sharing someone else's personal information or pictures without their consent;
- advertising, selling, recruiting or repeated messages off topic;
- false information shared again after a moderator corrected it;
- impersonating staff, an agency or a government office.

How it happens
Except for threats and harassment, which lead to removal at once, a moderator first warns the member privately and explains which guideline was broken. A second breach leads to removal. Every removal is recorded with its reason and reviewed by a second staff member.""",
        "fr": """Un membre peut être retiré pour
- des insultes, menaces, du harcèlement ou des propos haineux envers quiconque ;
- le partage des renseignements personnels ou des photos d'autrui sans son consentement ;
- de la publicité, de la vente, du recrutement ou des messages hors sujet répétés ;
- une fausse information partagée de nouveau après qu'un modérateur l'a corrigée ;
- se faire passer pour l'équipe, un organisme ou un bureau du gouvernement.

Comment cela se passe
Sauf pour les menaces et le harcèlement, qui entraînent un retrait immédiat, un modérateur avertit d'abord le membre en privé et explique quelle règle n'a pas été respectée. Un deuxième manquement entraîne le retrait. Chaque retrait est consigné avec sa raison et revu par une deuxième personne de l'équipe.""",
        "ar": """قد يُخرج العضو من الخدمة بسبب
- الشتائم أو التهديد أو التحرش أو خطاب الكراهية تجاه أي شخص؛
- نشر معلومات شخصية أو صور لشخص آخر دون موافقته؛
- الإعلانات أو البيع أو التجنيد أو تكرار الرسائل الخارجة عن الموضوع؛
- إعادة نشر معلومة خاطئة بعد أن صحّحها أحد المشرفين؛
- انتحال صفة الفريق أو منظمة أو مكتب حكومي.

كيف يتم ذلك
باستثناء التهديد والتحرش اللذين يؤديان إلى الإخراج فورًا، ينبّه المشرف العضو أولًا على انفراد ويشرح القاعدة التي خالفها. وتؤدي المخالفة الثانية إلى الإخراج. يُسجَّل كل إخراج مع سببه ويراجعه عضو ثانٍ من الفريق.""",
    },
    "evaluation": {
        "en": """Why we evaluate
To know whether the service helps, and to improve it. We also report results to our funders, in numbers only.

What we count
Members, messages, questions and how fast we answer them. We count; we do not read your messages for the evaluation.

Surveys
- We send at most one survey every three months, and say how long it takes.
- Answering is always optional and never changes the help you get.
- Answers are reported in groups; a number smaller than five is never shown.
- We tell members what we learned and what we changed.""",
        "fr": """Pourquoi nous évaluons
Pour savoir si le service aide, et l'améliorer. Nous rendons aussi compte des résultats à nos bailleurs de fonds, en chiffres seulement.

Ce que nous comptons
Les membres, les messages, les questions et la rapidité de nos réponses. Nous comptons ; nous ne lisons pas vos messages pour l'évaluation.

Sondages
- Nous envoyons au plus un sondage tous les trois mois, en disant combien de temps il prend.
- Répondre est toujours facultatif et ne change jamais l'aide que vous recevez.
- Les réponses sont présentées par groupes ; un nombre inférieur à cinq n'est jamais montré.
- Nous disons aux membres ce que nous avons appris et ce que nous avons changé.""",
        "ar": """لماذا نقيّم
لنعرف إن كانت الخدمة مفيدة ولنحسّنها. ونعرض النتائج على المموّلين بالأرقام فقط.

ما الذي نحصيه
الأعضاء والرسائل والأسئلة وسرعة إجابتنا عنها. نحن نحصي ولا نقرأ رسائلك لأغراض التقييم.

الاستبيانات
- نرسل استبيانًا واحدًا على الأكثر كل ثلاثة أشهر، ونوضح المدة التي يستغرقها.
- الإجابة اختيارية دائمًا ولا تغيّر أبدًا المساعدة التي تحصل عليها.
- تُعرض الإجابات في مجموعات؛ ولا يُعرض أبدًا أي عدد أقل من خمسة.
- نخبر الأعضاء بما تعلّمناه وما غيّرناه.""",
    },
    "membership": {
        "en": """Accepting members
A new member answers the join questions and accepts the guidelines. A moderator checks the answers within two business days and welcomes the member, or explains privately why we cannot accept them and where else they can get help.

Leaving
A member can leave at any time by sending /leave (or STOP by text). We confirm, and stop writing to them.

Removing members
A member is removed only for the reasons in our removal policy, after a warning except in serious cases. We tell them why, and how to ask for a review. A member who left may come back by joining again.""",
        "fr": """Accepter les membres
Un nouveau membre répond aux questions d'inscription et accepte les règles. Un modérateur vérifie les réponses en deux jours ouvrables et accueille le membre, ou lui explique en privé pourquoi nous ne pouvons pas l'accepter et où trouver de l'aide ailleurs.

Partir
Un membre peut partir à tout moment en envoyant /leave (ou ARRÊT par texto). Nous le confirmons et cessons de lui écrire.

Retirer des membres
Un membre n'est retiré que pour les raisons de notre politique de retrait, après un avertissement sauf dans les cas graves. Nous lui disons pourquoi et comment demander un réexamen. Un membre parti peut revenir en s'inscrivant de nouveau.""",
        "ar": """قبول الأعضاء
يجيب العضو الجديد عن أسئلة الانضمام ويوافق على القواعد. يراجع المشرف الإجابات خلال يومي عمل ويرحّب بالعضو، أو يشرح له على انفراد سبب تعذّر قبوله وأين يمكنه الحصول على المساعدة.

المغادرة
يمكن للعضو المغادرة في أي وقت بإرسال /leave (أو توقف في الرسائل النصية). نؤكد ذلك ونتوقف عن مراسلته.

إخراج الأعضاء
لا يُخرج العضو إلا للأسباب الواردة في سياسة الإخراج، وبعد تنبيه إلا في الحالات الخطيرة. نخبره بالسبب وبكيفية طلب المراجعة. ويمكن لمن غادر أن يعود بالانضمام من جديد.""",
    },
    "conflicts": {
        "en": """Between members
When an exchange turns heated, a moderator reminds everyone of the guidelines in the group, then talks to each person privately. We do not take sides in personal disputes; we keep the service a respectful place.

With staff
A member who disagrees with a moderator's decision can ask for a review; another staff member who was not involved answers within five business days.

Conflicts of interest
Staff and partners do not use the service to promote their own business or to recruit clients for paid services, and say so when a question touches their own organisation.""",
        "fr": """Entre membres
Quand un échange s'envenime, un modérateur rappelle les règles à tout le monde dans le groupe, puis parle à chaque personne en privé. Nous ne prenons pas parti dans les différends personnels ; nous gardons le service respectueux.

Avec l'équipe
Un membre qui n'est pas d'accord avec la décision d'un modérateur peut demander un réexamen ; une autre personne de l'équipe qui n'était pas impliquée répond en cinq jours ouvrables.

Conflits d'intérêts
L'équipe et les partenaires n'utilisent pas le service pour promouvoir leur propre activité ni pour recruter des clients pour des services payants, et le disent quand une question touche leur propre organisme.""",
        "ar": """بين الأعضاء
عندما يحتدّ النقاش، يذكّر المشرف الجميع بالقواعد في المجموعة، ثم يتحدث مع كل شخص على انفراد. لا ننحاز في الخلافات الشخصية؛ ونحافظ على الخدمة مكانًا محترمًا.

مع الفريق
يمكن للعضو الذي لا يوافق على قرار أحد المشرفين أن يطلب مراجعته؛ ويجيب عضو آخر من الفريق لم يشارك في القرار خلال خمسة أيام عمل.

تضارب المصالح
لا يستخدم الفريق والشركاء الخدمة للترويج لأعمالهم الخاصة أو لاستقطاب عملاء لخدمات مدفوعة، ويصرّحون بذلك عندما يتعلق السؤال بمنظمتهم.""",
    },
    "case_management": {
        "en": """Consent
Before we open a case, we explain what we will keep, who will see it and for how long, and we ask for your consent. You can withdraw it at any time; we then close the case and erase what we do not have to keep by law.

One worker, one case
Each case has one worker in charge. If they are away, another worker answers and writes down what was done, so you do not have to repeat yourself.

When we meet in person
We offer to meet in person, or by phone with an interpreter, when a matter is complex, involves documents or forms to sign, or when writing is not enough to understand each other.

Emergencies
This service is not an emergency line. If you are in danger, call 911. If a message tells us someone is in danger, the worker gives emergency numbers at once, tells their supervisor the same day, and follows up.""",
        "fr": """Consentement
Avant d'ouvrir un dossier, nous expliquons ce que nous gardons, qui le verra et pendant combien de temps, et nous demandons votre consentement. Vous pouvez le retirer à tout moment ; nous fermons alors le dossier et effaçons ce que la loi ne nous oblige pas à garder.

Une intervenante, un dossier
Chaque dossier a une personne responsable. Si elle est absente, une autre répond et note ce qui a été fait, pour que vous n'ayez pas à tout répéter.

Quand nous nous rencontrons en personne
Nous proposons une rencontre en personne, ou par téléphone avec un interprète, quand une question est complexe, comporte des documents ou des formulaires à signer, ou quand l'écrit ne suffit pas pour se comprendre.

Urgences
Ce service n'est pas une ligne d'urgence. Si vous êtes en danger, composez le 911. Si un message nous apprend qu'une personne est en danger, l'intervenante donne tout de suite les numéros d'urgence, prévient sa superviseure le jour même et assure un suivi.""",
        "ar": """الموافقة
قبل فتح ملف، نشرح ما سنحتفظ به ومن سيطّلع عليه ولأي مدة، ونطلب موافقتك. يمكنك سحبها في أي وقت؛ فنغلق الملف ونحذف ما لا يُلزمنا القانون بالاحتفاظ به.

موظف واحد لكل ملف
لكل ملف موظف مسؤول عنه. إذا غاب، يجيب موظف آخر ويدوّن ما تم، حتى لا تضطر إلى تكرار كلامك.

متى نلتقي شخصيًا
نعرض لقاءً شخصيًا، أو اتصالًا هاتفيًا مع مترجم، عندما تكون المسألة معقدة أو تتضمن وثائق أو استمارات للتوقيع، أو عندما لا تكفي الكتابة للتفاهم.

الطوارئ
هذه الخدمة ليست خط طوارئ. إذا كنت في خطر فاتصل بالرقم 911. وإذا علمنا من رسالة أن شخصًا في خطر، يعطي الموظف أرقام الطوارئ فورًا، ويبلغ المشرف عليه في اليوم نفسه، ويتابع الحالة.""",
    },
}


def kinds_for(service) -> list[tuple[str, str]]:
    """The policies a service needs: case management only for a one-to-one service."""
    one_to_one = service.mode == "one_to_one"
    return [(k, name) for k, name in KINDS if one_to_one or k not in ONE_TO_ONE_ONLY]


def template_text(kind: str, language: str) -> str:
    texts = TEMPLATES[kind]
    return texts.get(language) or texts["en"]
