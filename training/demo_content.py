"""The demo curriculum's texts in Tajik, Russian and English: modules, lessons and their links, and the
assignments with what participants answered and what the trainer wrote back."""

from matching.enums import Skill

from .enums import ModuleKind, SoftSkill


def _t(tg: str, ru: str, en: str) -> dict[str, str]:
    return {"tg": tg, "ru": ru, "en": en}


# In the order they are taught: soft skills between the technical ones, from the first day to the last.
MODULES = [
    {
        "skill": SoftSkill.PRESENTING, "kind": ModuleKind.SOFT,
        "title": _t("Худро муаррифӣ кардан", "Как представить себя", "Presenting yourself"),
        "summary": _t(
            "Дар як дақиқа гуфтан, ки шумо кистед ва ба ширкат чӣ фоида меоред; профили касбӣ.",
            "Рассказать за минуту, кто вы и чем полезны фирме; профессиональный профиль.",
            "Say in a minute who you are and what you bring to the firm; a professional profile.",
        ),
        "lessons": [
            {
                "title": _t("Муаррифии якдақиқаӣ", "Самопрезентация за минуту", "A one-minute introduction"),
                "body": _t(
                    "Вақте ки бо соҳиби ширкат, таъминкунанда ё харидор вомехӯред, барои гуфтани он ки шумо "
                    "кистед, тақрибан як дақиқа вақт доред. Муаррифии хуб кӯтоҳ ва мушаххас аст ва бо он "
                    "анҷом меёбад, ки шумо барои ӯ чӣ кор карда метавонед.\n\n"
                    "Онро пешакӣ омода кунед, чанд бор бо овози баланд такрор кунед ва ба ҳамсуҳбат мувофиқ "
                    "созед.\n\n"
                    "- Ному вазифаи шумо: менеҷери савдои электронии ширкат\n"
                    "- Як натиҷае, ки бо он фахр мекунед, бо рақам\n"
                    "- Он чи барои ин шахс карда метавонед\n"
                    "- Саволе, ки суҳбатро идома медиҳад\n",
                    "Когда вы знакомитесь с владельцем фирмы, поставщиком или покупателем, у вас есть около "
                    "минуты, чтобы сказать, кто вы. Хорошая самопрезентация короткая, конкретная и "
                    "заканчивается тем, что вы можете сделать для собеседника.\n\n"
                    "Подготовьте её заранее, проговорите вслух несколько раз и подстраивайте под человека "
                    "перед вами.\n\n"
                    "- Имя и роль: менеджер по электронной торговле фирмы\n"
                    "- Один результат, которым вы гордитесь, с цифрой\n"
                    "- Чем вы можете быть полезны этому человеку\n"
                    "- Вопрос, который продолжит разговор\n",
                    "When you meet a firm's owner, a supplier or a customer, you have about a minute to say "
                    "who you are. A good introduction is short, concrete and ends with what you can do for "
                    "them.\n\n"
                    "Prepare it in advance, say it aloud several times and adapt it to the person in front "
                    "of "
                    "you.\n\n"
                    "- Your name and your role: the firm's e-commerce manager\n"
                    "- One result you are proud of, with a number\n"
                    "- What you can do for this person\n"
                    "- A question that keeps the conversation going\n",
                ),
                "resources": [("LinkedIn Help", "https://www.linkedin.com/help/linkedin")],
            },
            {
                "title": _t("Профили касбӣ", "Профессиональный профиль", "A professional profile"),
                "body": _t(
                    "Ширкатҳо ва харидорон пеш аз ҷавоб додан шуморо дар интернет меҷӯянд. Профили равшан "
                    "дар LinkedIn ё Telegram бо акс, вазифа ва малакаҳои шумо эътимодро зудтар ба вуҷуд "
                    "меорад.\n\n"
                    "Онро бо забоне нависед, ки мизоҷонатон мехонанд, ва ҳар гоҳ чизи нав омӯхтед, нав "
                    "кунед.\n\n"
                    "- Акси равшан бо заминаи ором\n"
                    "- Сарлавҳа: вазифаи шумо ва соҳаи ширкат\n"
                    "- Се малака, ҳар кадом бо мисол\n"
                    "- Чӣ тавр бо шумо дар кор тамос гирифтан мумкин аст\n",
                    "Фирмы и покупатели ищут вас в интернете, прежде чем ответить. Понятный профиль в "
                    "LinkedIn или Telegram с фото, должностью и навыками быстрее вызывает доверие.\n\n"
                    "Пишите его на языке, который читают ваши клиенты, и обновляйте, когда научились "
                    "чему-то новому.\n\n"
                    "- Чёткое фото на спокойном фоне\n"
                    "- Заголовок: ваша роль и сфера фирмы\n"
                    "- Три навыка, у каждого пример\n"
                    "- Как связаться с вами по работе\n",
                    "Firms and customers look you up online before they answer. A clear profile on LinkedIn "
                    "or Telegram, with a photo, your role and your skills, makes them trust you sooner.\n\n"
                    "Write it in the language your clients read, and update it when you learn something "
                    "new.\n\n"
                    "- A clear photo with a calm background\n"
                    "- A headline: your role and the firm's field\n"
                    "- Three skills, each with an example\n"
                    "- How to reach you at work\n",
                ),
                "resources": [
                    ("LinkedIn Help", "https://www.linkedin.com/help/linkedin"),
                    ("Telegram FAQ", "https://telegram.org/faq"),
                ],
            },
        ],
    },
    {
        "skill": Skill.DIGITAL_MARKETING, "kind": ModuleKind.TECHNICAL,
        "title": _t("Маркетинги рақамӣ", "Цифровой маркетинг", "Digital marketing"),
        "summary": _t(
            "Кӣ аз ширкат мехарад, ба ӯ чӣ бояд гуфт ва дар куҷо: нақшаи соддаи маркетинг ва рақамҳои он.",
            "Кто покупает у фирмы, что ему сказать и где: простой маркетинговый план и его цифры.",
            "Who buys from the firm, what to tell them and where: a simple marketing plan and its numbers.",
        ),
        "lessons": [
            {
                "title": _t("Харидори шумо кист", "Кто ваш покупатель", "Who your customer is"),
                "body": _t(
                    "Маркетинг аз донистани харидор оғоз мешавад: синну сол, ҷои зисту эҳтиёҷоти ӯ ва дар "
                    "куҷо вақт мегузаронад. Тасвири кӯтоҳи ду-се харидори маъмулии ширкататонро нависед.\n\n"
                    "Баъд ҳар паём, акс ва пешниҳод барои яке аз ин харидорон сохта мешавад, на барои "
                    "ҳама.\n\n"
                    "- Ӯ кист ва дар куҷо зиндагӣ мекунад\n"
                    "- Мол кадом мушкили ӯро ҳал мекунад\n"
                    "- Молро дар куҷо меҷӯяд: Instagram, Telegram, маркетплейс\n"
                    "- Чӣ ӯро ба фурӯшанда бовар мекунонад\n",
                    "Маркетинг начинается со знания покупателя: возраст, где живёт, что ему нужно и где он "
                    "проводит время в сети. Опишите коротко двух-трёх типичных покупателей вашей фирмы.\n\n"
                    "Тогда каждое сообщение, фото и предложение делается для одного из них, а не для "
                    "всех.\n\n"
                    "- Кто он и где живёт\n"
                    "- Какую его проблему решает товар\n"
                    "- Где он ищет товары: Instagram, Telegram, маркетплейс\n"
                    "- Что заставляет его доверять продавцу\n",
                    "Marketing starts with knowing who buys: their age, where they live, what they need and "
                    "where they spend time online. Write a short portrait of two or three typical customers "
                    "of your firm.\n\n"
                    "Each message, photo and offer is then made for one of them, not for everybody.\n\n"
                    "- Who she is and where she lives\n"
                    "- Which problem the product solves for her\n"
                    "- Where she looks for products: Instagram, Telegram, a marketplace\n"
                    "- What makes her trust a seller\n",
                ),
                "resources": [
                    ("Google Digital Garage", "https://learndigital.withgoogle.com/digitalgarage"),
                ],
            },
            {
                "title": _t("Нақшаи маркетинг барои як моҳ", "Маркетинговый план на месяц",
                            "A marketing plan for a month"),
                "body": _t(
                    "Барои оғоз нақшаи як моҳ кифоя аст: ҳадаф бо рақам, каналҳо, буҷет ва он чи ҳар ҳафта "
                    "нашр мекунед. Дар охири моҳ натиҷаро бо ҳадаф муқоиса кунед.\n\n"
                    "Нақшаро дар ҷадвали содда нигоҳ доред, то соҳиби ширкат онро хонда тавонад.\n\n"
                    "- Ҳадаф: масалан, 30 фармоиш аз Instagram\n"
                    "- Каналҳо ва буҷети ҳар кадом\n"
                    "- Тақвими нашрияҳо ва пешниҳодҳо\n"
                    "- Рақамҳое, ки ҳар ҳафта месанҷед\n",
                    "Для начала достаточно плана на месяц: цель с цифрой, каналы, бюджет и что вы публикуете "
                    "каждую неделю. В конце месяца сравните результат с целью.\n\n"
                    "Ведите план в простой таблице, которую сможет прочитать владелец фирмы.\n\n"
                    "- Цель: например, 30 заказов из Instagram\n"
                    "- Каналы и бюджет на каждый\n"
                    "- Календарь публикаций и предложений\n"
                    "- Цифры, которые вы проверяете каждую неделю\n",
                    "A plan for one month is enough to start: a goal with a number, the channels, the budget "
                    "and what you will publish each week. At the end of the month compare the result with "
                    "the goal.\n\n"
                    "Keep the plan in a simple table the firm's owner can read.\n\n"
                    "- A goal: for example, 30 orders from Instagram\n"
                    "- Channels and a budget for each\n"
                    "- A calendar of posts and offers\n"
                    "- The numbers you check every week\n",
                ),
                "resources": [
                    ("Google Digital Garage", "https://learndigital.withgoogle.com/digitalgarage"),
                    ("Meta Blueprint", "https://www.facebook.com/business/learn"),
                ],
            },
        ],
    },
    {
        "skill": Skill.CUSTOMER_COMMUNICATION, "kind": ModuleKind.TECHNICAL,
        "title": _t("Муошират бо мизоҷон", "Общение с клиентами", "Customer communication"),
        "summary": _t(
            "Ба саволҳо зуд ва боадабона ҷавоб додан, дар чат ва бо телефон, ва аз шикоят мизоҷи доимӣ "
            "сохтан.",
            "Отвечать на вопросы быстро и вежливо, в чате и по телефону, и превращать жалобу в "
            "постоянного клиента.",
            "Answering questions fast and politely, in chats and on the phone, and turning a complaint into "
            "a loyal customer.",
        ),
        "lessons": [
            {
                "title": _t("Ҷавоб ба саволҳои харидорон", "Ответы на вопросы покупателей",
                            "Answering customers' questions"),
                "body": _t(
                    "Харидоре, ки як рӯз ҷавоб интизор мешавад, аз ҷои дигар мехарад. Дар вақти корӣ дар "
                    "давоми як соат ҷавоб диҳед, ӯро бо ном салом гӯед ва нарх, расонидан ва қадами "
                    "навбатиро "
                    "дар як паём нависед.\n\n"
                    "Ба даҳ саволе, ки харидорон аз ҳама бештар медиҳанд, ҷавобҳои тайёр омода кунед.\n\n"
                    "- Салом диҳед ва барои савол ташаккур гӯед\n"
                    "- Маҳз ба он чи пурсида шуд, ҷавоб диҳед\n"
                    "- Нарх, мӯҳлати расонидан ва тарзи пардохтро нависед\n"
                    "- Қадами навбатиро пешниҳод кунед: фармоиш, занг, омадан\n",
                    "Покупатель, который ждёт ответа целый день, покупает в другом месте. В рабочее время "
                    "отвечайте в течение часа, обращайтесь по имени и пишите цену, доставку и следующий шаг "
                    "в одном сообщении.\n\n"
                    "Подготовьте готовые ответы на десять вопросов, которые задают чаще всего.\n\n"
                    "- Поздоровайтесь и поблагодарите за вопрос\n"
                    "- Ответьте именно на то, что спросили\n"
                    "- Укажите цену, срок доставки и способ оплаты\n"
                    "- Предложите следующий шаг: заказ, звонок, визит\n",
                    "A customer who waits a day for an answer buys elsewhere. Answer within an hour in "
                    "working time, greet her by name and give the price, the delivery and the next step in "
                    "one message.\n\n"
                    "Prepare ready answers to the ten questions customers ask most often.\n\n"
                    "- Greet her and thank her for the question\n"
                    "- Answer exactly what was asked\n"
                    "- Give the price, the delivery time and how to pay\n"
                    "- Offer the next step: an order, a call, a visit\n",
                ),
                "resources": [("WhatsApp Business", "https://business.whatsapp.com/")],
            },
            {
                "title": _t("Ба шикоят чӣ тавр ҷавоб додан", "Как отвечать на жалобу",
                            "Answering a complaint"),
                "body": _t(
                    "Шикоят имкони нигоҳ доштани мизоҷ аст. То охир гӯш кунед, барои нороҳатӣ узр пурсед, "
                    "баҳс накунед ва ҳалли мушаххасро бо сана пешниҳод кунед.\n\n"
                    "Агар шикоят дар назди ҳама навишта шуда бошад, дар ҳамон ҷо ҷавоб диҳед ва баъд дар "
                    "паёми шахсӣ идома диҳед.\n\n"
                    "- Ташаккур гӯед ва бигӯед, ки ӯро мефаҳмед\n"
                    "- Бифаҳмед, ки чӣ шуд, ва фармоишро санҷед\n"
                    "- Ҳал пешниҳод кунед: иваз, баргардонидани пул, тахфиф\n"
                    "- Пас аз ҳал шудани мушкил боз хабар гиред\n",
                    "Жалоба — это шанс сохранить клиента. Выслушайте до конца, извинитесь за неудобство, не "
                    "спорьте и предложите конкретное решение с датой.\n\n"
                    "Если жалоба написана публично, ответьте там же, а затем продолжите в личных "
                    "сообщениях.\n\n"
                    "- Поблагодарите и скажите, что понимаете её\n"
                    "- Выясните, что случилось, и проверьте заказ\n"
                    "- Предложите решение: обмен, возврат денег, скидку\n"
                    "- Узнайте, всё ли в порядке, когда проблема решена\n",
                    "A complaint is a chance to keep a customer. Listen to the end, apologise for the "
                    "trouble, do not argue, and offer a concrete solution with a date.\n\n"
                    "If the complaint is public, answer it in public, then continue in a private "
                    "message.\n\n"
                    "- Thank her and say you understand\n"
                    "- Find out what happened and check the order\n"
                    "- Offer a solution: an exchange, a refund, a discount\n"
                    "- Follow up once the problem is solved\n",
                ),
                "resources": [
                    ("WhatsApp Business", "https://business.whatsapp.com/"),
                    ("Telegram Business", "https://telegram.org/blog/telegram-business"),
                ],
            },
        ],
    },
    {
        "skill": SoftSkill.MESSAGES, "kind": ModuleKind.SOFT,
        "title": _t("Паёмҳои касбӣ", "Деловая переписка", "Professional messages"),
        "summary": _t(
            "Навиштани мактубу паёмҳое, ки равшан ва боадабанд ва ба онҳо ҷавоб медиҳанд.",
            "Письма и сообщения, которые понятны, вежливы и на которые отвечают.",
            "Writing e-mails and messages that are clear, polite and get an answer.",
        ),
        "lessons": [
            {
                "title": _t("Сохтори паёми корӣ", "Структура делового сообщения",
                            "The structure of a business message"),
                "body": _t(
                    "Паёми корӣ мавзӯи равшан, салом, нуктаи асосӣ дар ҷумлаи аввал, тафсилот ва дархост "
                    "дорад. Хонанда пас аз ду сатр бояд донад, ки шумо чӣ мехоҳед ва то кай.\n\n"
                    "Пеш аз фиристодан боз як бор хонед: номҳо, рақамҳо ва замимаҳоро санҷед.\n\n"
                    "- Мавзӯъ, ки мегӯяд паём дар бораи чист\n"
                    "- Дархост ё хабар дар ҷумлаи аввал\n"
                    "- Тафсилот дар сархатҳои кӯтоҳ ё рӯйхат\n"
                    "- Анҷоми боадабона бо ному вазифаи шумо\n",
                    "У делового сообщения есть понятная тема, приветствие, главное в первом предложении, "
                    "подробности и просьба. Через две строки читатель должен знать, чего вы хотите и к "
                    "какому сроку.\n\n"
                    "Перед отправкой перечитайте: имена, цифры и вложения.\n\n"
                    "- Тема, из которой ясно, о чём письмо\n"
                    "- Просьба или новость в первом предложении\n"
                    "- Подробности короткими абзацами или списком\n"
                    "- Вежливое завершение с именем и должностью\n",
                    "A business message has a clear subject, a greeting, the point in the first sentence, "
                    "the details and what you ask for. After two lines the reader should know what you want "
                    "and by when.\n\n"
                    "Read it once more before sending: names, numbers and attachments.\n\n"
                    "- A subject that says what the message is about\n"
                    "- The request or the news in the first sentence\n"
                    "- Details in short paragraphs or a list\n"
                    "- A polite closing with your name and role\n",
                ),
                "resources": [("Gmail Help", "https://support.google.com/mail/")],
            },
            {
                "title": _t("Оҳанги паёмҳо", "Тон сообщений", "Tone in messages"),
                "body": _t(
                    "Ҳамон як калимаҳо метавонанд дӯстона ё дағал садо диҳанд. Дар кор боадабона, вале бе "
                    "узрхоҳиҳои дароз нависед, «лутфан» ва «ташаккур» гӯед ва аз ҳарфҳои калон ва аломатҳои "
                    "хитоби зиёд худдорӣ кунед.\n\n"
                    "Бо шарики нав расмӣ нависед; танҳо вақте ки ӯ содатар менависад, шумо ҳам содатар "
                    "нависед.\n\n"
                    "- Муроҷиати расмӣ ба шарики нав\n"
                    "- Дар паёми аввал смайлик нагузоред\n"
                    "- Дар як паём як мавзӯъ\n"
                    "- Дар давоми як рӯзи корӣ ҷавоб диҳед\n",
                    "Одни и те же слова могут звучать дружелюбно или грубо. По работе пишите вежливо, но без "
                    "долгих извинений, говорите «пожалуйста» и «спасибо», избегайте заглавных букв и "
                    "множества "
                    "восклицательных знаков.\n\n"
                    "С новым партнёром пишите официально; переходите на более простой тон, только когда это "
                    "делает он.\n\n"
                    "- Официальное обращение к новому партнёру\n"
                    "- Никаких смайликов в первом сообщении\n"
                    "- Одна тема — одно сообщение\n"
                    "- Ответ в течение рабочего дня\n",
                    "The same words can sound friendly or rude. At work, write politely but without long "
                    "apologies, say 'please' and 'thank you', and avoid capital letters and many exclamation "
                    "marks.\n\n"
                    "Write formally to a new partner; switch to a lighter tone only when they do.\n\n"
                    "- A formal greeting to a new partner\n"
                    "- No emojis in a first message\n"
                    "- One topic per message\n"
                    "- An answer within a working day\n",
                ),
                "resources": [("Gmail Help", "https://support.google.com/mail/")],
            },
        ],
    },
    {
        "skill": Skill.MARKETPLACE_OPERATIONS, "kind": ModuleKind.TECHNICAL,
        "title": _t("Кор дар маркетплейсҳо", "Работа на маркетплейсах", "Marketplace operations"),
        "summary": _t(
            "Фурӯш дар LakLak, Alif Shop ва Avval дар дохили кишвар ва дар Alibaba.com ба хориҷа: дӯкон, "
            "кортҳои мол, фармоишҳо.",
            "Продажи на LakLak, Alif Shop и Avval внутри страны и на Alibaba.com за рубеж: магазин, "
            "карточки товаров, заказы.",
            "Selling on LakLak, Alif Shop and Avval at home and on Alibaba.com abroad: the shop, the "
            "listings, the orders.",
        ),
        "lessons": [
            {
                "title": _t("Дӯкон дар LakLak, Alif Shop ва Avval", "Магазин на LakLak, Alif Shop и Avval",
                            "A shop on LakLak, Alif Shop and Avval"),
                "body": _t(
                    "Маркетплейсҳои тоҷикӣ ба ширкати хурд имкон медиҳанд, ки бе сомонаи худ дар тамоми "
                    "кишвар фурӯшад. Бо ҳуҷҷатҳои ширкат ҳамчун фурӯшанда сабти ном шавед, профили дӯконро "
                    "пур кунед ва аввалин молҳоро бо аксҳои хуб илова кунед.\n\n"
                    "Ҳар маркетплейс қоидаҳои худро дар бораи комиссия, расонидан ва пардохт ба фурӯшанда "
                    "дорад: пеш аз интихоб онҳоро хонед.\n\n"
                    "- Ҳуҷҷатҳо: шаҳодатномаи бақайдгирӣ ва РМА-и ширкат\n"
                    "- Номи дӯкон, логотип ва тавсифи кӯтоҳ\n"
                    "- Корти мол: ном, аксҳо, нарх, боқимонда\n"
                    "- Қоидаҳои расонидан ва баргардонидан\n",
                    "Таджикские маркетплейсы позволяют небольшой фирме продавать по всей стране без своего "
                    "сайта. Зарегистрируйтесь как продавец с документами фирмы, заполните профиль магазина "
                    "и добавьте первые товары с хорошими фото.\n\n"
                    "У каждого маркетплейса свои правила комиссии, доставки и выплат продавцу: прочитайте их "
                    "до того, как выбрать.\n\n"
                    "- Документы: свидетельство о регистрации и ИНН фирмы\n"
                    "- Название магазина, логотип и краткое описание\n"
                    "- Карточка товара: название, фото, цена, остаток\n"
                    "- Правила доставки и возврата\n",
                    "Tajik marketplaces let a small firm sell across the country without its own website. "
                    "Register as a seller with the firm's documents, fill in the shop's profile and add the "
                    "first products with good photos.\n\n"
                    "Each marketplace has its own rules on commission, delivery and payouts: read them "
                    "before you choose.\n\n"
                    "- Documents: the firm's registration and tax number\n"
                    "- The shop's name, logo and a short description\n"
                    "- A product card: title, photos, price, stock\n"
                    "- Delivery and return rules\n",
                ),
                "resources": [("LakLak", "https://laklak.tj/"), ("Alif Shop", "https://alifshop.tj/")],
            },
            {
                "title": _t("Содирот тавассути Alibaba.com", "Экспорт через Alibaba.com",
                            "Exporting through Alibaba.com"),
                "body": _t(
                    "Alibaba.com ширкатро бо харидорони яклухт дар хориҷа мепайвандад. Профили таъминкунанда "
                    "бо забони англисӣ, ҳаҷми ҳадди ақали фармоиш ва ҷавобҳои зуд аз шумораи зиёди молҳо "
                    "муҳимтаранд.\n\n"
                    "Аз се моле оғоз кунед, ки ширкат онро ба миқдори зиёд истеҳсол карда метавонад, ва "
                    "андоза, мавод ва бастабандии онро дақиқ нависед.\n\n"
                    "- Профили тасдиқшудаи таъминкунанда бо забони англисӣ\n"
                    "- Ҳаҷми ҳадди ақали фармоиш ва нарх аз рӯи ҳаҷм\n"
                    "- Намунаҳо ва шартҳои расонидан (Incoterms)\n"
                    "- Ҷавоб ба дархостҳо дар давоми 24 соат\n",
                    "Alibaba.com связывает фирму с оптовыми покупателями за рубежом. Профиль поставщика на "
                    "английском, понятный минимальный объём заказа и быстрые ответы важнее, чем много "
                    "товаров.\n\n"
                    "Начните с трёх товаров, которые фирма может производить большими партиями, и опишите "
                    "точно их размеры, материалы и упаковку.\n\n"
                    "- Проверенный профиль поставщика на английском\n"
                    "- Минимальный объём заказа и цена от объёма\n"
                    "- Образцы и условия поставки (Incoterms)\n"
                    "- Ответ на запросы в течение 24 часов\n",
                    "Alibaba.com connects the firm with wholesale buyers abroad. A supplier profile in "
                    "English, a clear minimum order quantity and fast answers to enquiries matter more than "
                    "many products.\n\n"
                    "Start with the three products the firm can make in volume and describe their sizes, "
                    "materials and packaging exactly.\n\n"
                    "- A verified supplier profile in English\n"
                    "- The minimum order quantity and prices by volume\n"
                    "- Samples and delivery terms (Incoterms)\n"
                    "- Answers to enquiries within 24 hours\n",
                ),
                "resources": [
                    ("Alibaba.com Seller", "https://seller.alibaba.com/"),
                    ("ICC: Incoterms rules", "https://iccwbo.org/business-solutions/incoterms-rules/"),
                ],
            },
        ],
    },
    {
        "skill": Skill.SOCIAL_MEDIA, "kind": ModuleKind.TECHNICAL,
        "title": _t("Шабакаҳои иҷтимоӣ", "Социальные сети", "Social media"),
        "summary": _t(
            "Пешбурди Instagram ва Telegram-и ширкат: мундариҷае, ки мефурӯшад, тақвими нашрҳо ва реклама "
            "бо буҷети хурд.",
            "Ведение Instagram и Telegram фирмы: контент, который продаёт, календарь публикаций и реклама "
            "с небольшим бюджетом.",
            "Running the firm's Instagram and Telegram: content that sells, a posting calendar and ads on a "
            "small budget.",
        ),
        "lessons": [
            {
                "title": _t("Мундариҷае, ки мефурӯшад", "Контент, который продаёт", "Content that sells"),
                "body": _t(
                    "Одамон дӯконеро пайгирӣ мекунанд, ки молҳои воқеӣ, харидорони воқеӣ ва одамони "
                    "пасипардаро "
                    "нишон медиҳад. Нашрҳои молро бо қиссаҳо дар бораи чӣ тавр сохта шудани он ва бо фикрҳои "
                    "харидорон омезиш диҳед.\n\n"
                    "Ҳар нашр бо даъвати равшан анҷом меёбад: ба мо нависед, ин ҷо фармоиш диҳед, ба дӯкон "
                    "биёед.\n\n"
                    "- Аксҳои равшан дар рӯшноии рӯз\n"
                    "- Видеои кӯтоҳ, ки мол дар кор нишон медиҳад\n"
                    "- Нарх ва тарзи фармоиш дар ҳар нашр\n"
                    "- Фикрҳои харидорон, бо иҷозати онҳо\n",
                    "Люди подписываются на магазин, который показывает настоящие товары, настоящих "
                    "покупателей и людей за ними. Чередуйте посты о товарах с историями о том, как они "
                    "делаются, и с отзывами покупателей.\n\n"
                    "Каждый пост заканчивается понятным призывом: напишите нам, закажите здесь, приходите в "
                    "магазин.\n\n"
                    "- Яркие фото при дневном свете\n"
                    "- Короткое видео товара в деле\n"
                    "- Цена и способ заказа в каждом посте\n"
                    "- Отзывы покупателей с их согласия\n",
                    "People follow a shop that shows real products, real customers and the people behind "
                    "them. Mix product posts with stories about how things are made and with customers' "
                    "reviews.\n\n"
                    "Every post ends with a clear call: write to us, order here, come to the shop.\n\n"
                    "- Bright photos in daylight\n"
                    "- A short video of the product in use\n"
                    "- The price and how to order in every post\n"
                    "- Customers' reviews, with their permission\n",
                ),
                "resources": [("Instagram for Business", "https://business.instagram.com/")],
            },
            {
                "title": _t("Реклама бо буҷети хурд", "Реклама с небольшим бюджетом",
                            "Ads on a small budget"),
                "body": _t(
                    "Таблиғи пулакии нашри хуб ба одамоне мерасад, ки ҳоло шуморо пайгирӣ намекунанд. Бо "
                    "буҷети хурди рӯзона оғоз кунед, шаҳр ва аудиторияро интихоб кунед ва як ҳафта "
                    "гузаронед.\n\n"
                    "Арзиши як паём ё фармоишро дар байни рекламаҳо муқоиса кунед ва танҳо он чиро, ки кор "
                    "мекунад, нигоҳ доред.\n\n"
                    "- Нашреро таблиғ кунед, ки аллакай хуб кор мекунад\n"
                    "- Шаҳр ва синну соли харидоронро интихоб кунед\n"
                    "- Ҳадди рӯзонаи харҷро гузоред\n"
                    "- Фармоишҳои аз ҳар реклама омадаро шумор кунед\n",
                    "Платное продвижение хорошего поста доходит до людей, которые ещё не подписаны на вас. "
                    "Начните с небольшого дневного бюджета, выберите город и аудиторию и запустите на "
                    "неделю.\n\n"
                    "Сравните стоимость одного сообщения или заказа между объявлениями и оставьте только то, "
                    "что работает.\n\n"
                    "- Продвигайте пост, который уже хорошо работает\n"
                    "- Выберите город и возраст ваших покупателей\n"
                    "- Поставьте дневной лимит\n"
                    "- Считайте заказы от каждого объявления\n",
                    "A paid promotion of a good post reaches people who do not follow you yet. Start with a "
                    "small daily budget, choose the city and the audience, and run it for a week.\n\n"
                    "Compare the cost of one message or order between ads and keep only what works.\n\n"
                    "- Promote a post that already works well\n"
                    "- Choose the city and the age of your buyers\n"
                    "- Set a daily limit\n"
                    "- Count the orders each ad brought\n",
                ),
                "resources": [
                    ("Meta Business Help Centre", "https://www.facebook.com/business/help"),
                    ("Meta Blueprint", "https://www.facebook.com/business/learn"),
                ],
            },
        ],
    },
    {
        "skill": SoftSkill.TIME, "kind": ModuleKind.SOFT,
        "title": _t("Идораи вақт", "Управление временем", "Managing time"),
        "summary": _t(
            "Нақшаи ҳафта байни ширкат, омӯзиш ва оила; «не» гуфтан ва корро сари вақт анҷом додан.",
            "План недели между фирмой, учёбой и семьёй; умение отказать и закончить вовремя.",
            "Planning the week between the firm, the training and the family; saying no and finishing on "
            "time.",
        ),
        "lessons": [
            {
                "title": _t("Нақшаи ҳафта", "План на неделю", "Planning the week"),
                "body": _t(
                    "Ҳамаи корҳои ҳафтаро дар як ҷо нависед ва ба ҳар кадом рӯз ва вақти лозимиро муайян "
                    "кунед. Аввал корҳои собитро гузоред: дарсҳо, расонидани молҳо, корҳои оилавӣ.\n\n"
                    "Ҳар рӯз каме вақти холӣ монед: ҳамеша чизи ғайричашмдошт пеш меояд.\n\n"
                    "- Ҳамаи корҳо дар як рӯйхат\n"
                    "- Се кори муҳимтарин дар аввал\n"
                    "- Вақти ҳар кор дар тақвим\n"
                    "- Ҷамъбасти кӯтоҳ ҳар ҷумъа\n",
                    "Запишите все дела недели в одном месте и назначьте каждому день и нужное время. Сначала "
                    "поставьте неизменное: занятия, доставки, семейные дела.\n\n"
                    "Оставляйте каждый день немного свободного времени: что-то неожиданное случается "
                    "всегда.\n\n"
                    "- Все дела в одном списке\n"
                    "- Три самых важных — первыми\n"
                    "- Блоки времени в календаре\n"
                    "- Короткий итог каждую пятницу\n",
                    "Write every task of the week in one place and give each a day and the time it needs. "
                    "Put the fixed things first: training sessions, deliveries, family duties.\n\n"
                    "Leave some time free each day: something unexpected always comes.\n\n"
                    "- All tasks in one list\n"
                    "- The three most important ones first\n"
                    "- Time blocks in the calendar\n"
                    "- A short review every Friday\n",
                ),
                "resources": [("Google Calendar Help", "https://support.google.com/calendar/")],
            },
            {
                "title": _t("Афзалиятҳо ва диққат", "Приоритеты и концентрация", "Priorities and focus"),
                "body": _t(
                    "Фаврӣ на ҳамеша муҳим аст. Корҳоро аз рӯи ҳар ду аломат ҷудо кунед ва корҳои муҳимро "
                    "пеш аз он анҷом диҳед, ки корҳои хурди фаврӣ тамоми рӯзро гиранд.\n\n"
                    "25 дақиқа бе телефон кор кунед ва баъд панҷ дақиқа истироҳат кунед.\n\n"
                    "- Муҳим ва фаврӣ: ҳозир\n"
                    "- Муҳим, вале на фаврӣ: ба нақша гиред\n"
                    "- Фаврӣ, вале на муҳим: супоред ё зуд иҷро кунед\n"
                    "- На муҳим, на фаврӣ: даст кашед\n",
                    "Срочное не всегда важно. Разделите дела по обоим признакам и делайте важное раньше, чем "
                    "мелкие срочные дела займут весь день.\n\n"
                    "Работайте блоками по 25 минут без телефона, затем отдыхайте пять минут.\n\n"
                    "- Важно и срочно: сейчас\n"
                    "- Важно, но не срочно: запланируйте\n"
                    "- Срочно, но не важно: поручите или сделайте быстро\n"
                    "- Ни то, ни другое: откажитесь\n",
                    "Urgent is not always important. Sort tasks by both and do the important ones before the "
                    "small urgent ones take the whole day.\n\n"
                    "Work in blocks of 25 minutes without the phone, then rest for five.\n\n"
                    "- Important and urgent: now\n"
                    "- Important, not urgent: plan it\n"
                    "- Urgent, not important: hand it over or do it quickly\n"
                    "- Neither: drop it\n",
                ),
                "resources": [
                    ("Todoist: the Pomodoro technique",
                     "https://todoist.com/productivity-methods/pomodoro-technique"),
                ],
            },
        ],
    },
    {
        "skill": Skill.DATA_ANALYTICS, "kind": ModuleKind.TECHNICAL,
        "title": _t("Таҳлили маълумот", "Анализ данных", "Data analytics"),
        "summary": _t(
            "Ҳисоби он чи ширкат мефурӯшад: ҷадвали фурӯш, ҳисоботи моҳона ва чанд рақами муҳим.",
            "Учёт того, что продаёт фирма: таблица продаж, ежемесячный отчёт и несколько важных цифр.",
            "Counting what the firm sells: a sales table, a monthly report and the few numbers that matter.",
        ),
        "lessons": [
            {
                "title": _t("Ҷадвали фурӯш", "Таблица продаж", "A sales table"),
                "body": _t(
                    "Ҳар фармоишро дар як ҷадвал қайд кунед: сана, мол, миқдор, нарх, канал ва шаҳр. Бо "
                    "маълумоти тозаи як моҳ мебинед, ки чӣ, дар куҷо ва кай фурӯхта мешавад.\n\n"
                    "Барои ҳар фармоиш як сатр ва барои ҳар мол ҳамеша ҳамон як номро истифода баред.\n\n"
                    "- Сана, мол, миқдор, нарх\n"
                    "- Канал: дӯкон, Instagram, маркетплейс\n"
                    "- Шаҳри харидор\n"
                    "- Пардохт шуд ё не, расонида шуд ё не\n",
                    "Записывайте каждый заказ в одну таблицу: дата, товар, количество, цена, канал и город. "
                    "С чистыми данными за месяц видно, что продаётся, где и когда.\n\n"
                    "Одна строка — один заказ, и всегда одинаковые названия товаров.\n\n"
                    "- Дата, товар, количество, цена\n"
                    "- Канал: магазин, Instagram, маркетплейс\n"
                    "- Город покупателя\n"
                    "- Оплачен или нет, доставлен или нет\n",
                    "Record every order in one table: date, product, quantity, price, channel and city. With "
                    "a month of clean data you see what sells, where and when.\n\n"
                    "Use one row per order and always the same name for a product.\n\n"
                    "- Date, product, quantity, price\n"
                    "- Channel: shop, Instagram, marketplace\n"
                    "- The customer's city\n"
                    "- Paid or not, delivered or not\n",
                ),
                "resources": [("Google Sheets Help", "https://support.google.com/docs/")],
            },
            {
                "title": _t("Ҳисоботи моҳона", "Ежемесячный отчёт", "A monthly report"),
                "body": _t(
                    "Ҳисоботи моҳона ба се савол ҷавоб медиҳад: ширкат чӣ қадар фурӯхт, чӣ беҳтар фурӯхта "
                    "шуд ва нисбат ба моҳи гузашта чӣ тағйир ёфт. Ҷадвали ҷамъбастӣ (pivot table) ин "
                    "ҷавобҳоро дар чанд дақиқа медиҳад.\n\n"
                    "Як диаграмма ва се ҷумлаи хулоса илова кунед, ки соҳиби ширкат аз рӯи онҳо амал карда "
                    "тавонад.\n\n"
                    "- Ҳаҷми умумии фурӯш ва шумораи фармоишҳо\n"
                    "- Панҷ моли беҳтарин\n"
                    "- Фурӯш аз рӯи каналҳо\n"
                    "- Дар моҳи оянда чӣ бояд кард\n",
                    "Ежемесячный отчёт отвечает на три вопроса: сколько фирма продала, что продавалось лучше "
                    "всего и что изменилось по сравнению с прошлым месяцем. Сводная таблица даёт эти ответы "
                    "за несколько минут.\n\n"
                    "Добавьте одну диаграмму и три предложения с выводами, по которым владелец сможет "
                    "действовать.\n\n"
                    "- Общая сумма продаж и число заказов\n"
                    "- Пять лучших товаров\n"
                    "- Продажи по каналам\n"
                    "- Что делать в следующем месяце\n",
                    "A monthly report answers three questions: how much the firm sold, what sold best and "
                    "what changed since last month. A pivot table gives these answers in minutes.\n\n"
                    "Add one chart and three sentences of conclusions the owner can act on.\n\n"
                    "- Total sales and the number of orders\n"
                    "- The five best products\n"
                    "- Sales by channel\n"
                    "- What to do next month\n",
                ),
                "resources": [
                    ("Google Sheets: pivot tables", "https://support.google.com/docs/answer/1272900"),
                    ("Microsoft Excel help", "https://support.microsoft.com/en-us/excel"),
                ],
            },
        ],
    },
    {
        "skill": Skill.PAYMENT_SYSTEMS, "kind": ModuleKind.TECHNICAL,
        "title": _t("Системаҳои пардохт", "Платёжные системы", "Payment systems"),
        "summary": _t(
            "Қабули пардохт бо корт, рамзи QR ва ҳамёни электронӣ дар Тоҷикистон ва назорати он.",
            "Приём оплаты картой, по QR-коду и через электронные кошельки в Таджикистане и её учёт.",
            "Taking payments by card, QR code and e-wallet in Tajikistan, and keeping track of them.",
        ),
        "lessons": [
            {
                "title": _t("Пардохти ғайринақдӣ дар Тоҷикистон", "Безналичная оплата в Таджикистане",
                            "Cashless payments in Tajikistan"),
                "body": _t(
                    "Ҳар сол харидорони бештар бо рамзи QR, корт ё ҳамёни электронӣ пардохт мекунанд. "
                    "Роҳҳоеро пешниҳод кунед, ки мизоҷонатон истифода мебаранд: рамзи QR-и бонк, интиқол дар "
                    "барномаҳои мобилӣ ба монанди Alif Mobi ё DC Wallet, кортҳои «Корти миллӣ».\n\n"
                    "Роҳҳои пардохтро дар дӯкон ва дар ҳар эълони онлайн равшан нишон диҳед.\n\n"
                    "- Рамзи QR дар хазина ва дар паёмҳо\n"
                    "- Пардохт бо корт\n"
                    "- Интиқол тавассути ҳамёнҳои электронӣ\n"
                    "- Пардохт ҳангоми расонидан, агар харидорон хоҳанд\n",
                    "С каждым годом всё больше покупателей платят по QR-коду, картой или электронным "
                    "кошельком. Предложите способы, которыми пользуются ваши клиенты: QR-код банка, "
                    "переводы в мобильных приложениях, таких как Alif Mobi или DC Wallet, карты «Корти "
                    "милли».\n\n"
                    "Покажите способы оплаты понятно и в магазине, и в каждом объявлении онлайн.\n\n"
                    "- QR-код на кассе и в сообщениях\n"
                    "- Оплата картой\n"
                    "- Переводы через электронные кошельки\n"
                    "- Оплата при доставке, если покупатели просят\n",
                    "More customers pay by QR code, card or e-wallet every year. Offer the ways your "
                    "customers use: a bank's QR code, transfers in mobile apps such as Alif Mobi or DC "
                    "Wallet, "
                    "Korti Milli cards.\n\n"
                    "Show the ways to pay clearly in the shop and in every online listing.\n\n"
                    "- A QR code at the till and in messages\n"
                    "- Card payments\n"
                    "- Transfers through e-wallets\n"
                    "- Cash on delivery where customers ask for it\n",
                ),
                "resources": [("National Bank of Tajikistan", "https://nbt.tj/"), ("Alif", "https://alif.tj/")],
            },
            {
                "title": _t("Назорати пардохтҳо", "Учёт платежей", "Keeping track of payments"),
                "body": _t(
                    "Ҳар пардохт бояд ба фармоиш мувофиқ ояд. Ҳар рӯз ҳисоботи бонкро санҷед, фармоишҳои "
                    "пардохтшударо дар ҷадвали фурӯш қайд кунед ва бо пардохтнакардаҳо боадабона тамос "
                    "гиред.\n\n"
                    "Ҳеҷ гоҳ маълумоти корт ё рамзҳоро дар чат нафиристед: бонки воқеӣ онҳоро ҳаргиз "
                    "намепурсад.\n\n"
                    "- Пардохтҳо ва фармоишҳоро ҳар рӯз муқоиса кунед\n"
                    "- Чекҳоро барои муҳосиб нигоҳ доред\n"
                    "- Пас аз ду рӯз ба пардохтнакардаҳо хотиррасон кунед\n"
                    "- Рамзҳо ва паролҳоро ҳифз кунед\n",
                    "Каждый платёж должен соответствовать заказу. Каждый день проверяйте выписку банка, "
                    "отмечайте оплаченные заказы в таблице продаж и вежливо напоминайте о неоплаченных.\n\n"
                    "Никогда не пересылайте данные карты или коды в чатах: настоящий банк их никогда не "
                    "спрашивает.\n\n"
                    "- Сверяйте платежи и заказы ежедневно\n"
                    "- Храните чеки для бухгалтера\n"
                    "- Напоминайте о неоплаченных заказах через два дня\n"
                    "- Берегите коды и пароли\n",
                    "Each payment must match an order. Check the bank statement every day, mark paid orders "
                    "in the sales table and follow up unpaid ones politely.\n\n"
                    "Never send card details or codes in chats: a real bank never asks for them.\n\n"
                    "- Match payments and orders daily\n"
                    "- Keep receipts for the accountant\n"
                    "- Remind unpaid customers after two days\n"
                    "- Protect codes and passwords\n",
                ),
                "resources": [("National Bank of Tajikistan", "https://nbt.tj/")],
            },
        ],
    },
    {
        "skill": SoftSkill.NEGOTIATING, "kind": ModuleKind.SOFT,
        "title": _t("Мувофиқаи интизорот ва мӯҳлатҳо", "Согласование ожиданий и сроков",
                    "Negotiating expectations and timelines"),
        "summary": _t(
            "Бо соҳиби ширкат, таъминкунандагон ва харидорон мувофиқа кардан, ки чӣ, то кай ва чӣ тавр "
            "анҷом дода мешавад.",
            "Договариваться с владельцем фирмы, поставщиками и покупателями о том, что, к какому сроку и "
            "как будет сделано.",
            "Agreeing with the firm's owner, suppliers and customers on what will be done, by when and how.",
        ),
        "lessons": [
            {
                "title": _t("Интизоротро аз аввал мувофиқа кунед", "Договоритесь об ожиданиях с самого "
                "начала",
                            "Agree on expectations from the start"),
                "body": _t(
                    "Бисёр ихтилофҳо дар кор аз интизороти гуногун пайдо мешаванд. Дар оғози кор дар бораи "
                    "натиҷа, сана, кӣ қарор медиҳад ва чӣ тавр ҳисобот медиҳед, мувофиқа кунед.\n\n"
                    "Созишро дар паёми кӯтоҳ нависед, то ҳар ду ҷониб як чизро дар хотир дошта бошанд.\n\n"
                    "- Маҳз чӣ кор карда мешавад\n"
                    "- То кадом сана\n"
                    "- Кӣ натиҷаро қабул мекунад\n"
                    "- Ҳар чанд вақт дар бораи пешрафт хабар медиҳед\n",
                    "Большинство конфликтов на работе — из-за разных ожиданий. В начале задачи договоритесь "
                    "о результате, сроке, о том, кто принимает решение и как вы будете отчитываться.\n\n"
                    "Запишите договорённость в коротком сообщении, чтобы обе стороны помнили одно и то "
                    "же.\n\n"
                    "- Что именно будет сделано\n"
                    "- К какой дате\n"
                    "- Кто принимает результат\n"
                    "- Как часто вы сообщаете о ходе работы\n",
                    "Most conflicts at work come from different expectations. At the start of a task, agree "
                    "on the result, the date, who decides and how you will report.\n\n"
                    "Write the agreement down in a short message, so that both sides remember the same "
                    "thing.\n\n"
                    "- What exactly will be done\n"
                    "- By which date\n"
                    "- Who approves the result\n"
                    "- How often you report progress\n",
                ),
                "resources": [("Harvard Program on Negotiation", "https://www.pon.harvard.edu/")],
            },
            {
                "title": _t("Вақте ки мӯҳлат дар хатар аст", "Когда срок под угрозой",
                            "When a deadline is at risk"),
                "body": _t(
                    "Агар бинед, ки мӯҳлат риоя намешавад, инро барвақт гӯед, на дар рӯзи охир. Сабабро "
                    "фаҳмонед, санаи нав ё натиҷаи аввалини хурдтар пешниҳод кунед ва пурсед, ки чӣ аз ҳама "
                    "муҳим аст.\n\n"
                    "Ба ҷои баҳона имкониятҳо пешниҳод кунед.\n\n"
                    "- Ҳамин ки фаҳмидед, хабар диҳед\n"
                    "- Сабабро дар як ҷумла фаҳмонед\n"
                    "- Ду имконият пешниҳод кунед\n"
                    "- Созиши навро хаттӣ тасдиқ кунед\n",
                    "Если вы видите, что срок не выдержать, скажите об этом заранее, а не в последний день. "
                    "Объясните причину, предложите новую дату или меньший первый результат и спросите, что "
                    "важнее всего.\n\n"
                    "Предлагайте варианты вместо оправданий.\n\n"
                    "- Сообщите, как только узнали\n"
                    "- Объясните причину одним предложением\n"
                    "- Предложите два варианта\n"
                    "- Подтвердите новую договорённость письменно\n",
                    "If you see that a deadline cannot be met, say so early, not on the last day. Explain "
                    "why, propose a new date or a smaller first result, and ask what matters most.\n\n"
                    "Offer options instead of excuses.\n\n"
                    "- Tell them as soon as you know\n"
                    "- Explain the reason in one sentence\n"
                    "- Offer two options\n"
                    "- Confirm the new agreement in writing\n",
                ),
                "resources": [("Harvard Program on Negotiation", "https://www.pon.harvard.edu/")],
            },
        ],
    },
    {
        "skill": Skill.LOGISTICS, "kind": ModuleKind.TECHNICAL,
        "title": _t("Логистика", "Логистика", "Logistics"),
        "summary": _t(
            "Бастабандӣ, расонидан дар шаҳр, ба вилоятҳо ва ба хориҷа; арзиш, мӯҳлат ва баргардонидан.",
            "Упаковка, доставка по городу, в регионы и за рубеж; стоимость, сроки и возвраты.",
            "Packing, delivering in the city, to the regions and abroad; costs, timelines and returns.",
        ),
        "lessons": [
            {
                "title": _t("Расонидан дар дохили кишвар", "Доставка по стране",
                            "Delivery within the country"),
                "body": _t(
                    "Харидорон пеш аз харид донистан мехоҳанд, ки фармоиш кай мерасад ва чанд пул меистад. "
                    "Хаткашонҳои шаҳр, расонидани маркетплейс ва почтаро ба вилоятҳо муқоиса кунед ва нарху "
                    "мӯҳлатҳоро нависед.\n\n"
                    "Хуб бастабандӣ кунед: моли шикаста аз бастабандии хуб гаронтар меафтад.\n\n"
                    "- Хаткашон дар шаҳр: ҳамон рӯз ё рӯзи дигар\n"
                    "- Вилоятҳо: почта ё ширкати нақлиётӣ\n"
                    "- Бастабандӣ, ки молро ҳифз мекунад\n"
                    "- Рақами пайгирӣ барои харидор\n",
                    "Покупатели хотят знать до покупки, когда придёт заказ и сколько стоит доставка. "
                    "Сравните "
                    "курьеров по городу, доставку маркетплейса и почту в регионы и запишите цены и сроки.\n\n"
                    "Упаковывайте надёжно: разбитый товар обходится дороже хорошей упаковки.\n\n"
                    "- Курьер по городу: в тот же или на следующий день\n"
                    "- Регионы: почта или транспортная компания\n"
                    "- Упаковка, которая защищает товар\n"
                    "- Трек-номер для покупателя\n",
                    "Customers want to know when the order arrives and what it costs before they buy. "
                    "Compare couriers in the city, the marketplace's delivery and the post to the regions, "
                    "and write down the prices and times.\n\n"
                    "Pack well: a broken product costs more than good packaging.\n\n"
                    "- A courier in the city: the same or the next day\n"
                    "- The regions: the post or a transport company\n"
                    "- Packaging that protects the product\n"
                    "- A tracking number for the customer\n",
                ),
                "resources": [("LakLak", "https://laklak.tj/")],
            },
            {
                "title": _t("Фиристодан ба хориҷа ва баргардонидан", "Отправка за рубеж и возвраты",
                            "Shipping abroad and returns"),
                "body": _t(
                    "Барои содирот бо харидор мувофиқа кунед, ки нақлиёт ва гумрукро кӣ пардохт мекунад ва "
                    "аз кадом нуқта мол аз они ӯ мешавад. Ҳисобнома, рӯйхати бастаҳо ва шаҳодатномаи "
                    "пайдоишро пешакӣ омода кунед.\n\n"
                    "Барои дӯкон қоидаи равшани баргардонидан нависед ва ҳамеша онро риоя кунед.\n\n"
                    "- Шартҳои расонидан дар шартнома мувофиқа шудаанд\n"
                    "- Ҳуҷҷатҳо пеш аз фиристодан тайёранд\n"
                    "- Суғуртаи молҳои қиматбаҳо\n"
                    "- Қоидаи баргардонидан, ки харидорон пайдо карда метавонанд\n",
                    "Для экспорта договоритесь с покупателем, кто платит за перевозку и таможню и с какого "
                    "момента товар принадлежит ему. Подготовьте инвойс, упаковочный лист и сертификат "
                    "происхождения заранее.\n\n"
                    "Напишите понятные правила возврата для магазина и всегда их соблюдайте.\n\n"
                    "- Условия поставки согласованы в договоре\n"
                    "- Документы готовы до отправки\n"
                    "- Страховка ценных грузов\n"
                    "- Правила возврата, которые покупатель может найти\n",
                    "For export, agree with the buyer who pays for transport and customs and from which "
                    "point the goods are theirs. Prepare the invoice, the packing list and the certificate "
                    "of "
                    "origin in advance.\n\n"
                    "Write a clear return policy for the shop and follow it every time.\n\n"
                    "- Delivery terms agreed in the contract\n"
                    "- Documents ready before shipping\n"
                    "- Insurance for valuable goods\n"
                    "- A return policy customers can find\n",
                ),
                "resources": [
                    ("ICC: Incoterms rules", "https://iccwbo.org/business-solutions/incoterms-rules/"),
                    ("DHL Express Tajikistan", "https://www.dhl.com/tj-en/home.html"),
                ],
            },
        ],
    },
    {
        "skill": Skill.AI_USAGE, "kind": ModuleKind.TECHNICAL,
        "title": _t("Истифодаи асбобҳои зеҳни сунъӣ", "Использование инструментов ИИ", "Using AI tools"),
        "summary": _t(
            "Бо ёрии зеҳни сунъӣ матн навиштан, тарҷума ва таҳлил кардан ва натиҷаро санҷидан.",
            "С помощью ИИ писать черновики, переводить и анализировать — и проверять результат.",
            "Using AI assistants to draft texts, translate and analyse, and checking what they produce.",
        ),
        "lessons": [
            {
                "title": _t("Матн бо ёрии зеҳни сунъӣ", "Тексты с помощью ИИ", "Writing with AI"),
                "body": _t(
                    "Ёрдамчии зеҳни сунъӣ метавонад дар чанд сония тавсифи мол, нашр ё ҷавоб ба харидорро "
                    "омода кунад. Ба ӯ маълумот диҳед: мол, харидор, оҳанг ва дарозии матн.\n\n"
                    "Ҳамеша матнро хонед ва ислоҳ кунед: далелҳо, нархҳо ва забонро санҷед.\n\n"
                    "- Вазифа ва хонандаро тасвир кунед\n"
                    "- Намунаи услуби дилхоҳро диҳед\n"
                    "- Ду-се вариант хоҳиш кунед\n"
                    "- Пеш аз нашр санҷед ва ислоҳ кунед\n",
                    "ИИ-помощник за секунды напишет черновик описания товара, поста или ответа покупателю. "
                    "Дайте ему контекст: товар, покупатель, тон и длина текста.\n\n"
                    "Всегда читайте и правьте черновик: проверяйте факты, цены и язык.\n\n"
                    "- Опишите задачу и читателя\n"
                    "- Дайте пример нужного стиля\n"
                    "- Попросите два-три варианта\n"
                    "- Проверьте и отредактируйте перед публикацией\n",
                    "An AI assistant can draft a product description, a post or an answer to a customer in "
                    "seconds. Give it context: the product, the customer, the tone and the length.\n\n"
                    "Always read and correct the draft: check the facts, the prices and the language.\n\n"
                    "- Describe the task and the reader\n"
                    "- Give an example of the style you want\n"
                    "- Ask for two or three versions\n"
                    "- Check and edit before publishing\n",
                ),
                "resources": [("Google AI Essentials", "https://grow.google/ai-essentials/")],
            },
            {
                "title": _t("Тарҷума ва таҳлил бо зеҳни сунъӣ, бехатар", "Перевод и анализ с ИИ без риска",
                            "Translating and analysing with AI, safely"),
                "body": _t(
                    "Зеҳни сунъӣ дар тарҷумаи эълон ба русӣ ё англисӣ ва дар ёфтани қонуниятҳо дар ҷадвали "
                    "фурӯш кӯмак мекунад. Вай метавонад бо боварӣ хато кунад, бинобар ин бо он чи худ "
                    "медонед, муқоиса кунед.\n\n"
                    "Ҳеҷ гоҳ маълумоти шахсии харидорон, паролҳо ё сирри ширкатро ба асбоби зеҳни сунъӣ "
                    "нагузоред.\n\n"
                    "- Тарҷума кунед ва баъд ба соҳибзабон хононед\n"
                    "- Хулосаи ҷадвалро пурсед ва баъд санҷед\n"
                    "- Аввал номҳо ва рақамҳои телефонро тоза кунед\n"
                    "- Агар пурсанд, бигӯед, ки матн бо зеҳни сунъӣ навишта шудааст\n",
                    "ИИ помогает перевести объявление на русский или английский и найти закономерности в "
                    "таблице продаж. Он может уверенно ошибаться, поэтому сверяйте с тем, что знаете "
                    "сами.\n\n"
                    "Никогда не вставляйте в ИИ-инструмент персональные данные покупателей, пароли или "
                    "секреты фирмы.\n\n"
                    "- Переведите, затем дайте прочитать носителю языка\n"
                    "- Попросите сводку по таблице, затем проверьте её\n"
                    "- Сначала уберите имена и номера телефонов\n"
                    "- Если спросят, скажите, что текст написан с ИИ\n",
                    "AI helps to translate a listing into Russian or English and to find patterns in a sales "
                    "table. It can also be wrong with confidence, so compare with what you know.\n\n"
                    "Never paste customers' personal data, passwords or the firm's secrets into an AI "
                    "tool.\n\n"
                    "- Translate, then ask a native speaker to read it\n"
                    "- Ask for a summary of a table, then check it\n"
                    "- Remove names and phone numbers first\n"
                    "- Say that a text was written with AI when asked\n",
                ),
                "resources": [
                    ("Google AI Essentials", "https://grow.google/ai-essentials/"),
                    ("OpenAI Help Center", "https://help.openai.com/"),
                ],
            },
        ],
    },
    {
        "skill": SoftSkill.DIFFICULT, "kind": ModuleKind.SOFT,
        "title": _t("Гуфтугӯҳои душвор", "Трудные разговоры", "Difficult conversations"),
        "summary": _t(
            "Ором ва равшан мондан, вақте ки харидор хашмгин аст, шарик розӣ нест ё бояд «не» гӯед.",
            "Оставаться спокойной и ясной, когда покупатель сердится, партнёр не согласен или нужно "
            "отказать.",
            "Staying calm and clear when a customer is angry, a partner disagrees or you must say no.",
        ),
        "lessons": [
            {
                "title": _t("Оромӣ дар гуфтугӯи душвор", "Спокойствие в трудном разговоре",
                            "Staying calm in a hard conversation"),
                "body": _t(
                    "Дар гуфтугӯи душвор аввал гӯш кунед ва бигзоред ҳамсуҳбат суханашро тамом кунад. Он чи "
                    "шунидед, бо забони худ такрор кунед, овозатонро ором нигоҳ доред ва дар бораи далелҳо "
                    "гап занед, на дар бораи шахс.\n\n"
                    "Агар ҳиссиёт хеле сахт бошад, мувофиқа кунед, ки баъдтар идома медиҳед.\n\n"
                    "- То охир гӯш кунед\n"
                    "- Фикри асосиро бо суханони худ такрор кунед\n"
                    "- Дар бораи далелҳо ва оқибати онҳо гап занед\n"
                    "- Дар бораи қадами навбатӣ мувофиқа кунед\n",
                    "В трудном разговоре сначала слушайте и дайте собеседнику договорить. Повторите "
                    "услышанное своими словами, говорите спокойно и о фактах, а не о человеке.\n\n"
                    "Если эмоции слишком сильны, договоритесь продолжить позже.\n\n"
                    "- Выслушайте до конца\n"
                    "- Повторите главное своими словами\n"
                    "- Говорите о фактах и их последствиях\n"
                    "- Договоритесь о следующем шаге\n",
                    "In a difficult conversation, listen first and let the other person finish. Repeat what "
                    "you heard in your own words, keep your voice calm and talk about facts, not about the "
                    "person.\n\n"
                    "If emotions are too strong, agree to continue later.\n\n"
                    "- Listen to the end\n"
                    "- Repeat the main point in your own words\n"
                    "- Speak about facts and their effect\n"
                    "- Agree on the next step\n",
                ),
                "resources": [("Mind Tools", "https://www.mindtools.com/")],
            },
            {
                "title": _t("Чӣ тавр «не» гуфтан", "Как сказать «нет»", "How to say no"),
                "body": _t(
                    "Баъзан бояд рад кунед: тахфифе, ки дода наметавонед, кори иловагӣ бе вақт, мӯҳлате, ки "
                    "ғайриимкон аст. Равшану боадабона «не» гӯед, кӯтоҳ фаҳмонед ва он чиро, ки карда "
                    "метавонед, пешниҳод кунед.\n\n"
                    "«Не»-и равшани имрӯз аз ваъдаи вайроншудаи фардо беҳтар аст.\n\n"
                    "- Барои дархост ташаккур гӯед\n"
                    "- Дар як ҷумлаи равшан «не» гӯед\n"
                    "- Сабаби кӯтоҳ гӯед\n"
                    "- Роҳи дигар пешниҳод кунед\n",
                    "Иногда нужно отказать: в скидке, которую вы не можете дать, в лишней задаче без "
                    "времени, "
                    "в невозможном сроке. Скажите «нет» ясно и вежливо, коротко объясните и предложите то, "
                    "что можете сделать.\n\n"
                    "Ясное «нет» сегодня лучше нарушенного обещания завтра.\n\n"
                    "- Поблагодарите за просьбу\n"
                    "- Скажите «нет» одним ясным предложением\n"
                    "- Коротко назовите причину\n"
                    "- Предложите альтернативу\n",
                    "Sometimes you must refuse: a discount you cannot give, an extra task with no time for "
                    "it, an impossible deadline. Say no clearly and politely, explain briefly and offer what "
                    "you can do.\n\n"
                    "A clear no today is better than a broken promise tomorrow.\n\n"
                    "- Thank them for the request\n"
                    "- Say no in one clear sentence\n"
                    "- Give a short reason\n"
                    "- Offer an alternative\n",
                ),
                "resources": [
                    ("Mind Tools", "https://www.mindtools.com/"),
                    ("Harvard Business Review", "https://hbr.org/"),
                ],
            },
        ],
    },
]

# The practical assignments, done at her firm. `link` says the answer is her shop's address; `good` and
# `again` are the trainer's feedback on a passed answer and on one sent back (None: never sent back).
ASSIGNMENTS = [
    {
        "key": "shop", "skill": Skill.MARKETPLACE_OPERATIONS, "lesson": 0, "required": True, "link": True,
        "title": _t("Дӯкони ширкатро дар маркетплейс кушоед", "Откройте магазин фирмы на маркетплейсе",
                    "Open the firm's shop on a marketplace"),
        "instructions": _t(
            "Ширкатро дар LakLak, Alif Shop ё Avval ҳамчун фурӯшанда сабти ном кунед, профили дӯконро пур "
            "кунед ва истиноди дӯконро фиристед.",
            "Зарегистрируйте фирму продавцом на LakLak, Alif Shop или Avval, заполните профиль магазина и "
            "пришлите ссылку на магазин.",
            "Register the firm as a seller on LakLak, Alif Shop or Avval, fill in the shop's profile and "
            "send "
            "the link to the shop.",
        ),
        "answer": _t(
            "Дӯкони «{firm}» кушода шуд: профил, логотип ва қоидаҳои расонидан пур карда шуданд.",
            "Магазин «{firm}» открыт: профиль, логотип и правила доставки заполнены.",
            "The shop of {firm} is open: the profile, the logo and the delivery rules are filled in.",
        ),
        "good": _t(
            "Дӯкон кушода ва профил пурра аст. Соатҳои кории худро низ илова кунед.",
            "Магазин открыт, профиль заполнен полностью. Добавьте ещё часы работы.",
            "The shop is open and its profile complete. Add your working hours too.",
        ),
        "again": _t(
            "Истинод ҳанӯз дӯконро намекушояд: маркетплейс онро тасдиқ накардааст. Пас аз тасдиқ боз "
            "фиристед.",
            "Ссылка пока не открывает магазин: маркетплейс его ещё не подтвердил. Пришлите снова после "
            "подтверждения.",
            "The link does not open the shop yet: the marketplace has not approved it. Send it again once "
            "it is live.",
        ),
    },
    {
        "key": "products", "skill": Skill.MARKETPLACE_OPERATIONS, "lesson": 1, "required": True, "link": True,
        "title": _t("Даҳ молро ба дӯкон илова кунед", "Добавьте в магазин десять товаров",
                    "List ten products in the shop"),
        "instructions": _t(
            "Даҳ моли ширкатро ба дӯкон илова кунед: номи равшан, ҳадди ақал се акс, нарх, боқимонда ва "
            "тавсиф. Истинодро фиристед ва як ҷумла нависед, ки чӣ омӯхтед.",
            "Добавьте в магазин десять товаров фирмы: понятное название, не меньше трёх фото, цена, остаток "
            "и описание. Пришлите ссылку и одно предложение о том, чему вы научились.",
            "List ten of the firm's products in the shop: a clear title, at least three photos, the price, "
            "the stock and a description. Send the link and a line about what you learnt.",
        ),
        "answer": _t(
            "Даҳ мол илова шуд. Фаҳмидам, ки аксҳо дар рӯшноии рӯз беҳтар мебароянд.",
            "Добавлено десять товаров. Поняла, что фото при дневном свете получаются лучше.",
            "Ten products are listed. I learnt that photos taken in daylight come out better.",
        ),
        "good": _t(
            "Даҳ корти пурра бо аксҳои хуб. Дар номҳо мавод ва андозаро ҳам нависед.",
            "Десять полных карточек с хорошими фото. В названиях укажите ещё материал и размер.",
            "Ten complete cards with good photos. Name the material and the size in the titles too.",
        ),
        "again": _t(
            "Чор корт танҳо як акс доранд ва ду корт нарх надоранд. Онҳоро пурра карда, боз фиристед.",
            "У четырёх карточек только одно фото, у двух нет цены. Дополните их и пришлите снова.",
            "Four cards have only one photo and two have no price. Complete them and send it again.",
        ),
    },
    {
        "key": "complaint", "skill": Skill.CUSTOMER_COMMUNICATION, "lesson": 1, "required": True,
        "link": False,
        "title": _t("Ба шикояти харидор ҷавоб диҳед", "Ответьте на жалобу покупателя",
                    "Answer a customer's complaint"),
        "instructions": _t(
            "Харидор менависад, ки фармоишаш ду рӯз дер расид ва қуттӣ вайрон шуда буд. Ҷавоби худро ба ӯ "
            "чунон нависед, ки воқеан мефиристед.",
            "Покупательница пишет, что заказ пришёл на два дня позже, а коробка была повреждена. Напишите "
            "ей ответ так, как вы бы его отправили.",
            "A customer writes that her order arrived two days late and the box was damaged. Write your "
            "answer to her as you would send it.",
        ),
        "answer": _t(
            "Ассалому алайкум! Ташаккур, ки навиштед, ва барои таъхир ва қуттии вайроншуда аз Шумо узр "
            "мепурсем. Агар мол осеб дида бошад, фардо хаткашони мо онро ройгон иваз мекунад. Барои фармоиши "
            "навбатӣ ба Шумо 10% тахфиф медиҳем. Бо эҳтиром, «{firm}».",
            "Здравствуйте! Спасибо, что написали, и простите за задержку и повреждённую коробку. Если товар "
            "пострадал, завтра наш курьер бесплатно его заменит. На следующий заказ дарим вам скидку 10%. "
            "С уважением, «{firm}».",
            "Hello! Thank you for writing, and we are sorry for the delay and the damaged box. If the "
            "product "
            "was harmed, our courier will replace it free of charge tomorrow. Your next order has a 10% "
            "discount. Kind regards, {firm}.",
        ),
        "good": _t(
            "Боадабона, равшан ва бо ҳалли мушаххас. Хуб аст, ки сана ҳам гуфтед.",
            "Вежливо, понятно и с конкретным решением. Хорошо, что вы назвали срок.",
            "Polite, clear and with a concrete solution. Good that you gave a date.",
        ),
        "again": _t(
            "Шумо сабаби таъхирро мефаҳмонед, вале ба харидор ҳал пешниҳод намекунед. Нависед, ки ширкат чӣ "
            "мекунад ва то кай.",
            "Вы объясняете причину задержки, но не предлагаете решения. Напишите, что сделает фирма и к "
            "какому сроку.",
            "You explain why the delay happened but offer her no solution. Say what the firm will do and by "
            "when.",
        ),
    },
    {
        "key": "description", "skill": Skill.DIGITAL_MARKETING, "lesson": 1, "required": True, "link": False,
        "title": _t("Тавсифи мол бо ду забон", "Описание товара на двух языках",
                    "A product description in two languages"),
        "instructions": _t(
            "Тавсифи яке аз молҳои ширкатро бо забонҳои тоҷикӣ ва русӣ (ё англисӣ) нависед: ин чист, аз чӣ "
            "сохта шудааст, андоза, нигоҳубин ва чаро бояд харид. Ҳар кадом 80–150 калима.",
            "Напишите описание одного из товаров фирмы на таджикском и русском (или английском): что это, "
            "из чего сделано, размеры, уход и почему стоит купить. Каждое — 80–150 слов.",
            "Write a description of one of the firm's products in Tajik and in Russian (or English): what it "
            "is, what it is made of, sizes, care and why to buy it. 80-150 words each.",
        ),
        "answer": _t(
            "Тоҷикӣ: Моли беҳтарини «{firm}» аз ашёи маҳаллӣ, бо дасти устоҳои мо сохта шудааст...\n\n"
            "Русский: Лучший товар «{firm}» сделан из местного сырья руками наших мастеров...",
            "Русский: Лучший товар «{firm}» сделан из местного сырья руками наших мастеров...\n\n"
            "Тоҷикӣ: Моли беҳтарини «{firm}» аз ашёи маҳаллӣ, бо дасти устоҳои мо сохта шудааст...",
            "English: {firm}'s best product is made from local materials by our own craftswomen...\n\n"
            "Русский: Лучший товар «{firm}» сделан из местного сырья руками наших мастеров...",
        ),
        "good": _t(
            "Ҳар ду матн дақиқ ва хонданашон осон аст. Матни русиро бо фоидаи мол оғоз кунед.",
            "Оба текста точные и легко читаются. Русский текст лучше начать с пользы товара.",
            "Both texts are accurate and easy to read. Start the second one with the product's benefit.",
        ),
        "again": _t(
            "Матни дуюм тарҷумаи калима ба калима аст ва хонданаш душвор. Онро барои харидори русзабон аз "
            "нав нависед.",
            "Второй текст — дословный перевод, его трудно читать. Перепишите его для покупателя, который "
            "говорит на этом языке.",
            "The second text is a word-for-word translation and hard to read. Rewrite it for a customer who "
            "speaks that language.",
        ),
    },
    {
        "key": "promotion", "skill": Skill.SOCIAL_MEDIA, "lesson": 1, "required": False, "link": False,
        "title": _t("Нақшаи аксия", "План акции", "Plan a promotion"),
        "instructions": _t(
            "Аксияи дуҳафтаинаро барои тобистон ё барои ид ба нақша гиред: пешниҳод, каналҳо, нашрҳо, буҷет "
            "ва чӣ тавр натиҷаро чен мекунед.",
            "Спланируйте двухнедельную акцию к лету или к празднику: предложение, каналы, публикации, бюджет "
            "и как вы измерите результат.",
            "Plan a two-week promotion for the summer or for Eid: the offer, the channels, the posts, the "
            "budget and how you will measure it.",
        ),
        "answer": _t(
            "Аксияи «{firm}»: 15% тахфиф ба харидҳои аз 300 сомонӣ, 1–14 июл. Instagram ва Telegram, ҳар "
            "рӯз як нашр, 200 сомонӣ реклама. Ҳадаф: 40 фармоиш.",
            "Акция «{firm}»: скидка 15% на покупки от 300 сомони, 1–14 июля. Instagram и Telegram, пост "
            "каждый день, 200 сомони на рекламу. Цель: 40 заказов.",
            "{firm}'s promotion: 15% off purchases from 300 somoni, 1-14 July. Instagram and Telegram, a "
            "post a day, 200 somoni of ads. Goal: 40 orders.",
        ),
        "good": _t(
            "Пешниҳоди равшан ва буҷети воқеӣ. Ҳадафро бо рақам гузоштед, ин хуб аст.",
            "Понятное предложение и реалистичный бюджет. Хорошо, что цель в цифрах.",
            "A clear offer and a realistic budget. Good that the goal is a number.",
        ),
        "again": None,
    },
    {
        "key": "report", "skill": Skill.DATA_ANALYTICS, "lesson": 1, "required": True, "link": False,
        "title": _t("Ҳисоботи моҳонаи фурӯш", "Ежемесячный отчёт о продажах", "Build a monthly sales report"),
        "instructions": _t(
            "Аз рӯи фармоишҳои ширкат ҳисоботи фурӯши моҳи майро тартиб диҳед: ҳаҷми умумӣ, шумораи "
            "фармоишҳо, панҷ моли беҳтарин, фурӯш аз рӯи каналҳо, як диаграмма ва се хулоса.",
            "Составьте по заказам фирмы отчёт о продажах за май: общая сумма, число заказов, пять лучших "
            "товаров, продажи по каналам, одна диаграмма и три вывода.",
            "Build the firm's sales report for May from its orders: the total, the number of orders, the "
            "five best products, sales by channel, one chart and three conclusions.",
        ),
        "answer": _t(
            "Май: {orders} фармоиш, ҳамагӣ {total} сомонӣ. Аз ҳама бештар аз Instagram фармоиш доданд, "
            "маркетплейс дар ҷои дуюм. Хулоса: аксҳои молҳои нав, расонидан ба Хуҷанд, ҷавоби тезтар дар "
            "Telegram.",
            "Май: {orders} заказов, всего {total} сомони. Больше всего заказов из Instagram, маркетплейс на "
            "втором месте. Выводы: фото новинок, доставка в Худжанд, более быстрые ответы в Telegram.",
            "May: {orders} orders, {total} somoni in all. Most orders came from Instagram, the marketplace "
            "second. Conclusions: photos of new products, delivery to Khujand, faster answers on Telegram.",
        ),
        "good": _t(
            "Ҳисобҳо дурустанд ва хулосаҳо муфид. Тағйирро нисбат ба апрел низ нишон диҳед.",
            "Суммы верные, выводы полезные. Покажите ещё изменение по сравнению с апрелем.",
            "The totals are right and the conclusions useful. Show the change from April too.",
        ),
        "again": _t(
            "Ҳаҷми умумӣ бо ҷадвал мувофиқ нест: баъзе фармоишҳо ду бор ҳисоб шудаанд. Санҷида, боз "
            "фиристед.",
            "Итог не совпадает с таблицей: некоторые заказы посчитаны дважды. Проверьте и пришлите снова.",
            "The total does not match the table: some orders are counted twice. Check it and send it again.",
        ),
    },
    {
        "key": "delivery", "skill": Skill.LOGISTICS, "lesson": 0, "required": False, "link": False,
        "title": _t("Расонидан ва пардохт дар ширкати шумо", "Доставка и оплата в вашей фирме",
                    "Delivery and payment at your firm"),
        "instructions": _t(
            "Нависед, ки харидорони ширкат имрӯз чӣ тавр пардохт мекунанд ва фармоишро мегиранд, ва як "
            "беҳбудиро бо арзиши он пешниҳод кунед.",
            "Опишите, как покупатели фирмы сегодня платят и получают заказы, и предложите одно улучшение с "
            "его стоимостью.",
            "Describe how the firm's customers pay and receive their orders today, and propose one "
            "improvement with its cost.",
        ),
        "answer": _t(
            "Ҳоло «{firm}» танҳо пули нақд ҳангоми расонидан мегирад. Пешниҳод: рамзи QR-и бонк — ройгон, "
            "комиссия 1%.",
            "Сейчас «{firm}» принимает только наличные при доставке. Предложение: QR-код банка — бесплатно, "
            "комиссия 1%.",
            "Today {firm} takes cash on delivery only. Proposal: a bank's QR code, free to set up, 1% "
            "commission.",
        ),
        "good": _t(
            "Тасвири дақиқ ва пешниҳоди амалӣ. Бо соҳиби ширкат санаи оғозро мувофиқа кунед.",
            "Точное описание и практичное предложение. Согласуйте с владельцем дату запуска.",
            "An exact description and a practical proposal. Agree on a start date with the owner.",
        ),
        "again": None,
    },
    {
        "key": "supplier", "skill": SoftSkill.NEGOTIATING, "lesson": 1, "required": False, "link": False,
        "title": _t("Паём ба таъминкунанда дар бораи мӯҳлат", "Сообщение поставщику о сроках",
                    "A message to a supplier about a deadline"),
        "instructions": _t(
            "Таъминкунанда моле, ки барои фармоишҳо лозим аст, дер меорад. Ба ӯ паём нависед ва санаи навро "
            "мувофиқа кунед ва бигӯед, ки агар ин мӯҳлат ҳам гузарад, чӣ мешавад.",
            "Поставщик задерживает товар, нужный для заказов. Напишите ему сообщение, договоритесь о новой "
            "дате и о том, что будет, если и она будет сорвана.",
            "A supplier is late with goods you need for orders. Write him a message agreeing on a new date "
            "and on what happens if that one is missed too.",
        ),
        "answer": _t(
            "Ассалому алайкум! Мо молро то 10 июн интизор будем. Лутфан, то ҷумъа тасдиқ кунед, ки то 17 июн "
            "мефиристед; агар не, қисми фармоишро аз таъминкунандаи дигар мегирем. Бо эҳтиром, «{firm}».",
            "Здравствуйте! Мы ждали товар к 10 июня. Пожалуйста, подтвердите до пятницы отправку к 17 июня; "
            "иначе часть заказа мы возьмём у другого поставщика. С уважением, «{firm}».",
            "Hello! We expected the goods by 10 June. Please confirm by Friday that you will ship by 17 "
            "June; "
            "otherwise we will order part of it from another supplier. Kind regards, {firm}.",
        ),
        "good": _t(
            "Оҳанги ором ва шартҳои равшан. Хуб аст, ки санаи ҷавобро ҳам гузоштед.",
            "Спокойный тон и ясные условия. Хорошо, что вы назначили срок ответа.",
            "A calm tone and clear terms. Good that you set a date for the answer.",
        ),
        "again": None,
    },
]

# What the trainer writes before her comment, by grade: 4, 3, 2 (passed) and 1 (sent back).
GRADE_OPENERS = {
    4: _t("Офарин!", "Отлично!", "Excellent!"),
    3: _t("Кори хуб.", "Хорошая работа.", "Good work."),
    2: _t("Қабул шуд.", "Зачтено.", "Accepted."),
    1: _t("Қариб тайёр.", "Почти готово.", "Almost there."),
}

# Where the peer groups of each region meet in person; those of the districts around Dushanbe meet online.
PEER_PLACES = {
    "dushanbe": "Душанбе, маркази омӯзишии PARWONA, хиёбони Рӯдакӣ 105",
    "sughd": "Хуҷанд, маркази ҷавонон, хиёбони Исмоили Сомонӣ 30",
    "khatlon": "Бохтар, китобхонаи вилоятӣ, толори хурд",
    "gbao": "Хоруғ, маркази ҷамъиятӣ, кӯчаи Ленин 52",
}
REGION_NAMES = {
    "dushanbe": "Душанбе", "sughd": "Суғд", "khatlon": "Хатлон", "gbao": "Помир", "drs": "Ҳисору Ваҳдат",
}
MAIN_PLACE = PEER_PLACES["dushanbe"]
