"""Texts of the demo questions desk: standard, partners and verified answers (ar/fr/en).

Partners are fictional (555 numbers, example.org sites) but shaped like Ottawa's real
settlement landscape; FAQ sources point at the public pages a moderator would cite.
"""

STANDARD = {
    "target_hours": 24,
    "counting": "business_days",
    "subdivision": "ON",
    "opening_hours": {str(d): [["09:00", "17:00"]] for d in range(5)},
    "warn_before_minutes": 120,
    "after_hours_reply": True,
    "referral_followup_days": 7,
}

# Description, hours and intake notes per language (the demo service speaks ar, en, fr).
PARTNERS = [
    {
        "name": "YMCA Newcomer Information Centre (demo)",
        "phone": "613-555-0199",
        "address": "180 Argyle Ave, Ottawa",
        "hours": {
            "ar": "من الاثنين إلى الجمعة 9:00–16:30",
            "en": "Mon–Fri 9:00–16:30",
            "fr": "Lun–ven 9 h–16 h 30",
        },
        "website": "https://example.org/newcomer-info",
        "languages": ["ar", "fr", "en"],
        "area_served": "Ottawa",
        "description": {
            "ar": "المحطة الأولى للقادمين الجدد: معلومات وتوجيه وورشات عمل للتوظيف.",
            "en": "First stop for newcomers: information and orientation, employment workshops.",
            "fr": "Premier arrêt des nouveaux arrivants : information, orientation, ateliers "
            "d'emploi.",
        },
        "intake_notes": {
            "ar": "تعالوا مباشرة أو اتصلوا لحجز موعد.",
            "en": "Walk in or call to book.",
            "fr": "Présentez-vous sans rendez-vous ou appelez pour réserver.",
        },
        "services": [("employment", "Job search workshops"), ("other", "Newcomer orientation")],
    },
    {
        "name": "Community Legal Clinic (demo)",
        "phone": "613-555-0142",
        "address": "1 Rideau St, Ottawa",
        "hours": {
            "ar": "الثلاثاء والخميس 9:00–12:00",
            "en": "Tue and Thu 9:00–12:00",
            "fr": "Mar et jeu 9 h–12 h",
        },
        "website": "https://example.org/legal-clinic",
        "languages": ["fr", "en", "ar"],
        "area_served": "Ottawa and Gatineau",
        "description": {
            "ar": "مساعدة قانونية مجانية لذوي الدخل المحدود.",
            "en": "Free legal help for low-income residents.",
            "fr": "Aide juridique gratuite pour les personnes à faible revenu.",
        },
        "intake_notes": {
            "ar": "اتصلوا أولاً، واحضروا وثائقكم.",
            "en": "Call first; bring your documents.",
            "fr": "Appelez d'abord; apportez vos documents.",
        },
        "services": [("legal", "Tenant rights"), ("immigration", "Refugee and family claims")],
    },
    {
        "name": "Language Assessment Centre (demo)",
        "phone": "613-555-0177",
        "address": "240 Catherine St, Ottawa",
        "hours": {
            "ar": "من الاثنين إلى الجمعة 8:30–16:00",
            "en": "Mon–Fri 8:30–16:00",
            "fr": "Lun–ven 8 h 30–16 h",
        },
        "website": "https://example.org/language-assessment",
        "languages": ["en", "fr", "ar"],
        "area_served": "Ottawa",
        "description": {
            "ar": "تقييم اللغة قبل دروس LINC/CLIC المجانية.",
            "en": "Language assessment before free LINC/CLIC classes.",
            "fr": "Évaluation linguistique avant les cours gratuits CLIC/LINC.",
        },
        "intake_notes": {
            "ar": "احضروا بطاقة الإقامة الدائمة أو وثيقة الشخص المحمي.",
            "en": "Bring your PR card or protected person document.",
            "fr": "Apportez votre carte de RP ou votre document de personne protégée.",
        },
        "services": [("language", "Language assessment and class placement")],
    },
    {
        "name": "Somerset West Community Health Centre (demo)",
        "phone": "613-555-0115",
        "address": "55 Eccles St, Ottawa",
        "hours": {
            "ar": "من الاثنين إلى الجمعة 8:30–20:00",
            "en": "Mon–Fri 8:30–20:00",
            "fr": "Lun–ven 8 h 30–20 h",
        },
        "website": "https://example.org/chc",
        "languages": ["ar", "en", "fr"],
        "area_served": "Central Ottawa",
        "description": {
            "ar": "أطباء عائلة وإرشاد نفسي للقادمين الجدد الذين ليس لديهم طبيب.",
            "en": "Family doctors and counselling for newcomers without a doctor.",
            "fr": "Médecins de famille et counseling pour les nouveaux arrivants sans médecin.",
        },
        "intake_notes": {},
        "services": [("health", "Family doctor intake"), ("mental_health", "Counselling")],
    },
]

# (title, phrasings {lang: [..]}, answers {lang: text}, source, url, stale?)
FAQ = [
    (
        "School registration",
        {
            "ar": ["كيف أسجل أولادي في المدرسة؟", "تسجيل الأطفال في المدرسة"],
            "fr": ["Comment inscrire mes enfants à l'école ?"],
            "en": ["How do I register my children for school?"],
        },
        {
            "ar": "يتم تسجيل الأطفال القادمين الجدد في مركز استقبال الطلاب التابع لمجلس المدارس. أحضروا جوازات السفر وإثبات العنوان وسجل التطعيم.",
            "fr": "Les enfants nouvellement arrivés s'inscrivent au centre d'accueil des élèves du conseil scolaire. Apportez les passeports, une preuve d'adresse et le carnet de vaccination.",
            "en": "Newcomer children register at the school board's student reception centre. Bring passports, proof of address and the immunization record.",
        },
        "Ottawa school boards",
        "https://www.ontario.ca/page/going-school-ontario",
        False,
    ),
    (
        "OHIP health card",
        {
            "ar": ["كيف أحصل على بطاقة التأمين الصحي OHIP؟"],
            "fr": ["Comment obtenir la carte Santé de l'Ontario (OHIP) ?"],
            "en": ["How do I get an OHIP health card?"],
        },
        {
            "ar": "قدّموا طلب بطاقة OHIP شخصياً في مكتب ServiceOntario مع وثيقة الإقامة وإثبات العنوان ووثيقة هوية. التغطية تبدأ فوراً للاجئين.",
            "fr": "Faites la demande de carte Santé en personne à un bureau ServiceOntario avec votre document d'immigration, une preuve d'adresse et une pièce d'identité.",
            "en": "Apply in person at a ServiceOntario centre with your immigration document, proof of address and ID.",
        },
        "Ontario.ca",
        "https://www.ontario.ca/page/apply-ohip-and-get-health-card",
        False,
    ),
    (
        "Free English and French classes",
        {
            "ar": ["هل يوجد دروس لغة إنجليزية مجانية؟", "دروس لغة مسائية"],
            "fr": ["Où trouver des cours d'anglais gratuits ?"],
            "en": ["Are there free English classes in the evening?"],
        },
        {
            "ar": "دروس LINC (بالإنجليزية) وCLIC (بالفرنسية) مجانية للمقيمين الدائمين واللاجئين. احجزوا أولاً موعد تقييم لغوي، ثم تُقترح عليكم دروس صباحية أو مسائية.",
            "fr": "Les cours CLIC (français) et LINC (anglais) sont gratuits pour les résidents permanents et les réfugiés. Réservez d'abord une évaluation linguistique.",
            "en": "LINC (English) and CLIC (French) classes are free for permanent residents and refugees. Book a language assessment first; day and evening classes exist.",
        },
        "IRCC",
        "https://www.canada.ca/en/immigration-refugees-citizenship/services/new-immigrants/new-life-canada/improve-english-french.html",
        False,
    ),
    (
        "Opening a bank account",
        {
            "ar": ["كيف أفتح حساباً مصرفياً بدون تاريخ ائتماني؟"],
            "fr": ["Comment ouvrir un compte bancaire sans historique de crédit ?"],
            "en": ["How do I open a bank account without a credit history?"],
        },
        {
            "ar": "كل البنوك الكندية تفتح حساباً أساسياً بدون تاريخ ائتماني. أحضروا وثيقتي هوية، ومنها وثيقة الهجرة.",
            "fr": "Toutes les banques ouvrent un compte de base sans historique de crédit. Apportez deux pièces d'identité, dont votre document d'immigration.",
            "en": "Every Canadian bank opens a basic account without credit history. Bring two pieces of ID, including your immigration document.",
        },
        "Financial Consumer Agency of Canada",
        "https://www.canada.ca/en/financial-consumer-agency/services/banking/opening-bank-account.html",
        False,
    ),
    (
        "Driving with a foreign licence",
        {
            "ar": ["هل يمكنني استعمال رخصة القيادة من بلدي؟"],
            "fr": ["Puis-je conduire avec mon permis étranger ?"],
            "en": ["Can I drive with my licence from home?"],
        },
        {
            "ar": "يمكنكم القيادة برخصة بلدكم ٦٠ يوماً في أونتاريو، ثم يجب التقدم لرخصة أونتاريو في ServiceOntario.",
            "fr": "Vous pouvez conduire avec votre permis étranger pendant 60 jours en Ontario, puis demander un permis de l'Ontario.",
            "en": "You may drive with your foreign licence for 60 days in Ontario, then apply for an Ontario licence.",
        },
        "Ontario.ca",
        "https://www.ontario.ca/page/exchange-foreign-drivers-licence",
        False,
    ),
    (
        "Canada Child Benefit",
        {
            "ar": ["كيف أقدم على إعانة الأطفال الكندية؟"],
            "fr": ["Comment demander l'Allocation canadienne pour enfants ?"],
            "en": ["How do I apply for the Canada Child Benefit?"],
        },
        {
            "ar": "قدّموا طلب إعانة الأطفال الكندية (CCB) عبر نموذج RC66 لوكالة الإيرادات الكندية، مع إثبات الإقامة.",
            "fr": "Faites la demande d'Allocation canadienne pour enfants avec le formulaire RC66 de l'Agence du revenu du Canada.",
            "en": "Apply with the Canada Revenue Agency's form RC66, with proof of status.",
        },
        "Canada Revenue Agency",
        "https://www.canada.ca/en/revenue-agency/services/child-family-benefits/canada-child-benefit-overview.html",
        False,
    ),
    (
        "Social Insurance Number",
        {
            "ar": ["كيف أحصل على رقم التأمين الاجتماعي SIN؟"],
            "fr": ["Comment obtenir un numéro d'assurance sociale ?"],
            "en": ["How do I get a SIN?"],
        },
        {
            "ar": "اطلبوا رقم التأمين الاجتماعي (SIN) مجاناً في مكتب خدمة كندا أو عبر الإنترنت، مع وثيقة الهجرة.",
            "fr": "Demandez votre NAS gratuitement à un Centre Service Canada ou en ligne, avec votre document d'immigration.",
            "en": "Apply for your SIN for free at a Service Canada centre or online, with your immigration document.",
        },
        "Service Canada",
        "https://www.canada.ca/en/employment-social-development/services/sin.html",
        False,
    ),
    (
        "Food banks open on Saturdays",
        {
            "ar": ["هل يوجد بنك طعام مفتوح يوم السبت؟"],
            "fr": ["Une banque alimentaire ouverte le samedi ?"],
            "en": ["Is there a food bank open on Saturdays?"],
        },
        {
            "ar": "تتغير مواعيد بنوك الطعام كل موسم: اتصلوا بخط 211 لمعرفة الأقرب إليكم.",
            "fr": "Les horaires des banques alimentaires changent : appelez le 211 pour la plus proche.",
            "en": "Food bank hours change each season: call 211 for the closest one.",
        },
        "Ottawa Food Bank",
        "https://www.ottawafoodbank.ca/",
        True,
    ),
]

# Private messages still waiting for a reply (questions.waiting), by how long ago they came
# (hours) and whether the moderator later labelled one a request. The oldest are overdue.
PRIVATE_WAITS = [
    (8 * 24, "مرحبا، أرسلت أوراق التأمين الصحي الأسبوع الماضي ولم أسمع شيئا. هل وصلت؟", False),
    (6 * 24, "Bonjour, comment inscrire ma fille à la garderie près de Vanier ?", True),
    (5 * 24, "Hello, my landlord wants a reference letter. Can you help me write one?", False),
    (2, "سلام، متى تبدأ دروس اللغة الفرنسية المسائية؟", False),
]
# A private conversation the moderator answered the same afternoon.
PRIVATE_ANSWERED = (
    3 * 24,
    "Bonjour, est-ce que le bureau est ouvert samedi ?",
    "Bonjour ! Non, nous sommes ouverts du lundi au vendredi, 9 h – 17 h.",
)
