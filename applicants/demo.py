"""Demo calls and applications: the closed 2025 pilot call with its applications, and an open call.

The pilot's applications resemble the real first call: nearly 200 in two weeks, 9 in 10 with at
least basic computer skills, nearly all on social media, 1 in 4 formally employed, from all five
regions. Each has its own applicant account (pilot001@demo.parwona.tj, ...) that cannot sign in.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from parwona.users.demo import DEMO_DOMAIN
from parwona.users.enums import Role
from parwona.users.models import User
from parwona.users.phones import phone_normalize

from .eligibility import eligibility_screen
from .enums import (
    AIUse,
    ApplicationStatus,
    CallStatus,
    ComputerLevel,
    Device,
    Education,
    Employment,
    InternetQuality,
    LanguageLevel,
    Marketplace,
    QuestionKind,
    Region,
    Settlement,
    SocialMediaUse,
)
from .models import Application, Call, CallQuestion
from .steps import STEP_SLUGS

PILOT_APPLICATIONS = 200
PILOT_OPENS = datetime(2025, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Dushanbe"))
PILOT_DAYS = 14
DEMO_APPLICANT = f"applicant@{DEMO_DOMAIN}"
DEMO_PARTICIPANT = f"participant@{DEMO_DOMAIN}"


def pilot_email(number: int) -> str:
    return f"pilot{number:03d}@{DEMO_DOMAIN}"


# --- The calls -------------------------------------------------------------------------------

_FAQ_TG = """Кӣ метавонад дархост диҳад?
Занони аз 18 то 45-сола, ки дар Тоҷикистон зиндагӣ мекунанд, аз ҳама вилоятҳо, шаҳрҳо ва деҳот.

Иштирок чанд пул аст?
Ройгон. Омӯзиш, маводҳо ва машваратҳо барои иштирокчиён ройгонанд.

Дар як ҳафта чанд вақт лозим аст?
Ақаллан 15 соат дар як ҳафта: дарсҳо, супоришҳо ва кор бо ширкат.

Кадом дастгоҳ лозим аст?
Смартфон бо интернет кофист; компютер кӯмак мекунад, вале ҳатмӣ нест.

Пас аз интихоб чӣ мешавад?
Шумо бо як ширкати тоҷикӣ пайваст мешавед ва аз рӯзи аввал мағозаҳои онлайни онро дар LakLak, \
Alif Shop, Avval ва Alibaba.com идора мекунед."""

_FAQ_RU = """Кто может подать заявку?
Женщины от 18 до 45 лет, живущие в Таджикистане, из всех регионов, городов и сёл.

Сколько стоит участие?
Бесплатно. Обучение, материалы и консультации для участниц бесплатны.

Сколько времени нужно в неделю?
Не меньше 15 часов в неделю: занятия, задания и работа с компанией.

Какое устройство нужно?
Достаточно смартфона с интернетом; компьютер полезен, но не обязателен.

Что происходит после отбора?
Вас соединяют с одной таджикской компанией, и с первого дня вы ведёте её онлайн-магазины на LakLak, \
Alif Shop, Avval и Alibaba.com."""

_FAQ_EN = """Who can apply?
Women aged 18 to 45 who live in Tajikistan, from every region, town and village.

What does it cost?
Nothing. Training, materials and mentoring are free for participants.

How much time does it take each week?
At least 15 hours a week: lessons, assignments and work with your firm.

What device do I need?
A smartphone with internet is enough; a computer helps but is not required.

What happens after selection?
You are matched with one Tajik firm and from the first day run its online shops on LakLak, \
Alif Shop, Avval and Alibaba.com."""

PILOT_CALL = {
    "title_tg": "Пилоти PARWONA 2025: менеҷерони тиҷорати электронӣ барои ширкатҳои тоҷикӣ",
    "title_ru": "Пилот PARWONA 2025: менеджеры электронной коммерции для таджикских компаний",
    "title_en": "PARWONA pilot 2025: e-commerce managers for Tajik firms",
    "description_tg": (
        "PARWONA занонро ҳамчун менеҷерони тиҷорати электронӣ омода мекунад. Ҳар иштирокчӣ аз рӯзи "
        "аввал бо як ширкати тоҷикӣ кор мекунад: мағозаҳои онлайн месозад, бо харидорон муошират "
        "мекунад ва фурӯшро таҳлил мекунад.\n\n"
        "Барнома маркетинги рақамӣ, кор бо бозорҳои онлайн, истифодаи зеҳни сунъӣ ва малакаҳои "
        "муоширатро дар бар мегирад. Гурӯҳи аввал: 50 зан ва 50 ширкат."
    ),
    "description_ru": (
        "PARWONA готовит женщин как менеджеров электронной коммерции. Каждая участница с первого дня "
        "работает с одной таджикской компанией: открывает онлайн-магазины, общается с покупателями и "
        "анализирует продажи.\n\n"
        "Программа охватывает цифровой маркетинг, работу с маркетплейсами, использование ИИ и навыки "
        "общения. Первый набор: 50 женщин и 50 компаний."
    ),
    "description_en": (
        "PARWONA trains women as e-commerce managers. From the first day each participant works with "
        "one Tajik firm: she opens its online shops, talks with its customers and analyses its sales.\n\n"
        "The programme covers digital marketing, marketplace operations, AI tools and the soft skills of "
        "working with employers and clients. First cohort: 50 women and 50 firms."
    ),
    "faq_tg": _FAQ_TG,
    "faq_ru": _FAQ_RU,
    "faq_en": _FAQ_EN,
}

OPEN_CALL = {
    "title_tg": "PARWONA, гурӯҳи дуюм: менеҷерони тиҷорати электронӣ",
    "title_ru": "PARWONA, второй набор: менеджеры электронной коммерции",
    "title_en": "PARWONA second cohort: e-commerce managers",
    "description_tg": (
        "Пас аз пилоти бомуваффақият PARWONA гурӯҳи навро қабул мекунад. Занони деҳот ва шаҳрҳои "
        "дурдаст, аз ҷумла Бохтар ва Хоруғ, махсусан даъват карда мешаванд.\n\n"
        "Шумо бо як ширкат ҷуфт мешавед, мағозаҳои онлайни онро идора мекунед ва дар гурӯҳи ҳамкорон "
        "якҷоя меомӯзед."
    ),
    "description_ru": (
        "После успешного пилота PARWONA набирает новую группу. Особенно приглашаем женщин из сёл и "
        "отдалённых городов, в том числе Бохтара и Хорога.\n\n"
        "Вы будете работать с одной компанией, вести её онлайн-магазины и учиться вместе в группе "
        "коллег."
    ),
    "description_en": (
        "After a successful pilot PARWONA takes a new cohort. Women from villages and remote towns, "
        "Bokhtar and Khorog among them, are especially welcome.\n\n"
        "You are paired with one firm, run its online shops and learn together in a peer group."
    ),
    "faq_tg": _FAQ_TG,
    "faq_ru": _FAQ_RU,
    "faq_en": _FAQ_EN,
}

OPEN_CALL_QUESTIONS = [
    {
        "kind": QuestionKind.SINGLE,
        "label_tg": "Дар бораи барнома аз куҷо шунидед?",
        "label_ru": "Откуда вы узнали о программе?",
        "label_en": "How did you hear about the programme?",
        "choices_text": "Telegram | Telegram | Telegram\n"
        "Instagram | Instagram | Instagram\n"
        "Аз дӯстон ё хешовандон | От друзей или родных | From friends or family\n"
        "Аз ҷамоат ё мактаб | От джамоата или школы | From the jamoat or a school",
        "required": True,
        "position": 1,
    },
    {
        "kind": QuestionKind.SHORT,
        "label_tg": "Кадом маҳсулотро мехоҳед онлайн фурӯшед?",
        "label_ru": "Какие товары вы хотели бы продавать онлайн?",
        "label_en": "Which products would you like to sell online?",
        "choices_text": "",
        "required": False,
        "position": 2,
    },
]


def _open_call_window(now: datetime) -> tuple[datetime, datetime]:
    opens = timezone.localtime(now - timedelta(days=4)).replace(hour=9, minute=0, second=0, microsecond=0)
    return opens, opens + timedelta(days=25, hours=9)


def demo_calls_seed() -> tuple[Call, Call]:
    """Create the pilot call and the open call, keyed on their English titles.

    The open call's window is set when it is created and moved forward only once it has closed,
    so that the demo always has a call accepting applications.
    """
    pilot, _created = Call.objects.get_or_create(
        title_en=PILOT_CALL["title_en"],
        defaults={
            **PILOT_CALL,
            "opens_at": PILOT_OPENS,
            "closes_at": PILOT_OPENS + timedelta(days=PILOT_DAYS),
            "cohort_size": 50,
            "regions": list(Region.values),
            "status": CallStatus.CLOSED,
        },
    )
    now = timezone.now()
    opens, closes = _open_call_window(now)
    current, created = Call.objects.get_or_create(
        title_en=OPEN_CALL["title_en"],
        defaults={**OPEN_CALL, "opens_at": opens, "closes_at": closes, "cohort_size": 100,
                  "status": CallStatus.OPEN},
    )
    if not created and not current.is_accepting:
        current.opens_at, current.closes_at, current.status = opens, closes, CallStatus.OPEN
        current.save(update_fields=["opens_at", "closes_at", "status"])
    if not current.questions.exists():
        CallQuestion.objects.bulk_create(CallQuestion(call=current, **q) for q in OPEN_CALL_QUESTIONS)
    return pilot, current


# --- The pilot's applicants ------------------------------------------------------------------

_GIVEN_TG = ["Мадина", "Зарина", "Шаҳло", "Нигора", "Фотима", "Мунира", "Дилноза", "Ситора", "Гулчеҳра",
             "Парвина", "Малика", "Сабина", "Ҷамила", "Ҳилола", "Ӯғилой", "Нигина", "Фарангис", "Зулайхо",
             "Меҳрангез", "Тахмина", "Манижа", "Шабнам", "Гулрухсор", "Дилафрӯз", "Сурайё", "Бунафша"]
_FAMILY_TG = ["Раҳимова", "Қодирова", "Ҳасанова", "Назарова", "Шарипова", "Саидова", "Ғафурова",
              "Юсупова", "Каримова", "Давлатова", "Ҷумъаева", "Ӯролова", "Раҳимзода", "Ҳакимзода",
              "Шоева", "Мирзоева", "Азизова", "Бобоева", "Қурбонова", "Сафарова"]
_GIVEN_RU = ["Шахло", "Зарина", "Мадина", "Нигина", "Дильноза", "Ситора", "Малика", "Фарзона", "Екатерина",
             "Ольга", "Анастасия", "Наталья", "Лола", "Камила", "Диана", "Алина"]
_FAMILY_RU = ["Рахимова", "Хасанова", "Каримова", "Юсупова", "Назарова", "Шарипова", "Иванова", "Ким",
              "Петрова", "Мирзоева", "Сафарова", "Азимова", "Бобоева", "Кузнецова"]
_GIVEN_EN = ["Malika", "Zarina", "Nigina", "Sitora", "Madina", "Farangis"]
_FAMILY_EN = ["Karimova", "Rahimova", "Nazarova", "Safarova", "Hasanova"]
_PHONE_PREFIXES = ["90", "91", "92", "93", "98", "50", "55", "88", "00", "11"]


@dataclass(frozen=True)
class _Place:
    tg: str
    ru: str
    rural_share: float


# Where the pilot's applicants lived: region share, then (place, weight) inside the region.
REGION_WEIGHTS = {
    Region.DUSHANBE: 34,
    Region.SUGHD: 27,
    Region.KHATLON: 19,
    Region.DRS: 12,
    Region.GBAO: 8,
}
PLACES = {
    Region.DUSHANBE: [(_Place("Душанбе", "Душанбе", 0.04), 1)],
    Region.SUGHD: [
        (_Place("Хуҷанд", "Худжанд", 0.2), 5),
        (_Place("Истаравшан", "Истаравшан", 0.45), 2),
        (_Place("Исфара", "Исфара", 0.5), 2),
        (_Place("Панҷакент", "Пенджикент", 0.55), 2),
        (_Place("Спитамен", "Спитамен", 0.8), 1),
    ],
    Region.KHATLON: [
        (_Place("Бохтар", "Бохтар", 0.35), 4),
        (_Place("Кӯлоб", "Куляб", 0.35), 3),
        (_Place("Ҷалолиддини Балхӣ", "Джалолиддини Балхи", 0.85), 1),
        (_Place("Данғара", "Дангара", 0.7), 1),
    ],
    Region.DRS: [
        (_Place("Ваҳдат", "Вахдат", 0.4), 3),
        (_Place("Ҳисор", "Гиссар", 0.45), 3),
        (_Place("Рӯдакӣ", "Рудаки", 0.75), 2),
        (_Place("Файзобод", "Файзабад", 0.8), 1),
    ],
    Region.GBAO: [
        (_Place("Хоруғ", "Хорог", 0.25), 4),
        (_Place("Ишкошим", "Ишкашим", 0.85), 1),
        (_Place("Рӯшон", "Рушан", 0.85), 1),
    ],
}

_COMPUTER = {ComputerLevel.NONE: 10, ComputerLevel.BASIC: 40, ComputerLevel.INTERMEDIATE: 38,
             ComputerLevel.ADVANCED: 12}
_SOCIAL = {SocialMediaUse.NONE: 3, SocialMediaUse.CHATTING: 58, SocialMediaUse.SELLING: 39}
_EMPLOYMENT = {Employment.FORMAL_FULL: 15, Employment.FORMAL_PART: 10, Employment.INFORMAL: 20,
               Employment.SELF_EMPLOYED: 14, Employment.UNEMPLOYED: 26, Employment.STUDENT: 15}
_AI = {AIUse.DAILY: 40, AIUse.WEEKLY: 27, AIUse.MONTHLY: 19, AIUse.NEVER: 14}
_EDUCATION = {Education.SECONDARY: 22, Education.VOCATIONAL: 18, Education.INCOMPLETE_HIGHER: 20,
              Education.BACHELOR: 32, Education.MASTER: 8}
# Applications a day over the two weeks: many in the first days and before the deadline.
_DAY_WEIGHTS = [16, 11, 8, 6, 5, 4, 4, 4, 4, 5, 6, 8, 11, 16]

_MOTIVATION = {
    "tg": (
        ["Ман мехоҳам тиҷорати электрониро ёд гирам.",
         "Ман орзу дорам, ки дар соҳаи тиҷорати онлайн кор кунам.",
         "Ман аллакай дар Instagram либос мефурӯшам ва мехоҳам инро касбӣ кунам.",
         "Барномаи PARWONA барои ман имконияти нав аст."],
        ["Дар деҳаи мо кори доимӣ кам аст, вале интернет ҳаст.",
         "Ман мехоҳам ба оилаам кӯмак расонам ва даромади худро дошта бошам.",
         "Ман бо смартфон хуб кор мекунам ва забони русиро медонам.",
         "Ширкатҳои маҳаллӣ мутахассисони тиҷорати онлайнро намеёбанд."],
        ["Бо ёрии барнома ман метавонам мағозаи онлайни ширкатро идора кунам.",
         "Ман омодаам ҳар ҳафта вақт ҷудо кунам ва дар гурӯҳ якҷоя омӯзам.",
         "Ман мехоҳам ба занони дигари маҳаллаам намуна бошам."],
    ),
    "ru": (
        ["Я хочу освоить электронную коммерцию.",
         "Я давно мечтаю работать в онлайн-торговле.",
         "Я уже продаю выпечку через Telegram и хочу делать это профессионально.",
         "Программа PARWONA для меня реальный шанс на новую профессию."],
        ["В нашем районе мало постоянной работы, но интернет есть.",
         "Я хочу помогать семье и иметь собственный доход.",
         "Я уверенно пользуюсь смартфоном и знаю основы Excel.",
         "Местным компаниям не хватает людей, которые умеют продавать онлайн."],
        ["С помощью программы я смогу вести онлайн-магазин компании.",
         "Я готова выделять время каждую неделю и учиться в группе.",
         "Я хочу стать примером для других женщин в моём городе."],
    ),
    "en": (
        ["I want to learn e-commerce properly.",
         "I already sell handmade goods on Instagram and want to do it professionally."],
        ["There is little steady work where I live, but there is internet.",
         "I want to support my family with my own income."],
        ["With this programme I could run a firm's online shop.",
         "I am ready to give time every week and learn with a group."],
    ),
}
_GOAL = {
    "tg": ["Дар як сол ман мағозаи ширкатро дар LakLak ва Alif Shop идора мекунам.",
           "Ман мехоҳам маҳсулоти маҳаллиро ба Alibaba.com барорам.",
           "Ман мехоҳам дар ширкат расман кор кунам ва фурӯши онлайнро зиёд кунам.",
           "Ман нақша дорам, ки дар оянда тиҷорати худамро кушоям."],
    "ru": ["Через год я буду вести магазин компании на LakLak и Alif Shop.",
           "Я хочу вывести местные товары на Alibaba.com.",
           "Я хочу официально работать в компании и увеличить её онлайн-продажи.",
           "В будущем я планирую открыть собственное дело."],
    "en": ["In a year I will run a firm's shop on LakLak and Alif Shop.",
           "I want to bring local products to Alibaba.com.",
           "I want a formal job with the firm and to grow its online sales."],
}


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _quota(rng: random.Random, weights: dict, count: int) -> list:
    """Return `count` values in the shares `weights` give (largest remainder), in random order.

    The pilot's published shares then hold exactly for any seed, not only on average.
    """
    total = sum(weights.values())
    exact = {value: count * weight / total for value, weight in weights.items()}
    counts = {value: int(share) for value, share in exact.items()}
    by_remainder = sorted(exact, key=lambda value: exact[value] - counts[value], reverse=True)
    for value in by_remainder[: count - sum(counts.values())]:
        counts[value] += 1
    values = [value for value, n in counts.items() for _ in range(n)]
    rng.shuffle(values)
    return values


def _text(rng: random.Random, language: str) -> tuple[str, str]:
    openers, middles, closers = _MOTIVATION[language]
    motivation = " ".join([rng.choice(openers), *rng.sample(middles, 2), rng.choice(closers)])
    goal = " ".join(rng.sample(_GOAL[language], 2))
    return motivation, goal


def _name(rng: random.Random, language: str) -> str:
    given, family = {"tg": (_GIVEN_TG, _FAMILY_TG), "ru": (_GIVEN_RU, _FAMILY_RU),
                     "en": (_GIVEN_EN, _FAMILY_EN)}[language]
    return f"{rng.choice(given)} {rng.choice(family)}"


def _birth_date(rng: random.Random, opens: date) -> date:
    roll = rng.random()
    if roll < 0.02:
        age = rng.choice([16, 17])
    elif roll < 0.05:
        age = rng.randint(46, 52)
    else:
        age = min(45, max(18, round(rng.triangular(18, 45, 25))))
    latest = opens.replace(year=opens.year - age)
    return latest - timedelta(days=rng.randrange(365))


def _languages(rng: random.Random, language: str, region: str) -> dict:
    levels = list(LanguageLevel.values)
    return {
        "tg": LanguageLevel.FLUENT if language != "ru" or rng.random() < 0.6 else rng.choice(levels[1:]),
        "ru": LanguageLevel.FLUENT if language == "ru" else rng.choice(levels[1:]),
        "en": rng.choices(levels, weights=[35, 40, 20, 5])[0],
        "uz": rng.choice(levels[1:]) if region == Region.SUGHD and rng.random() < 0.4 else LanguageLevel.NONE,
    }


def _submitted_at(rng: random.Random) -> datetime:
    day = rng.choices(range(PILOT_DAYS), weights=_DAY_WEIGHTS)[0]
    minutes = rng.randrange(15 * 60)  # 08:00 to 23:00 in Dushanbe
    moment = datetime.combine(PILOT_OPENS.date() + timedelta(days=day), time(8), tzinfo=PILOT_OPENS.tzinfo)
    moment += timedelta(minutes=minutes, seconds=rng.randrange(60))
    closes = PILOT_OPENS + timedelta(days=PILOT_DAYS)
    return min(max(moment, PILOT_OPENS + timedelta(minutes=5)), closes - timedelta(minutes=5))


def _pilot_answers(rng: random.Random, number: int, quotas: dict) -> dict:
    """Return one pilot applicant's account and answers; the draws depend only on the generator."""
    language = rng.choices(["tg", "ru", "en"], weights=[63, 34, 3])[0]
    region = quotas["region"]
    places = PLACES[region]
    place = rng.choices([p for p, _w in places], weights=[w for _p, w in places])[0]
    rural = rng.random() < place.rural_share
    computer, social = quotas["computer_level"], quotas["social_media"]
    selling = social == SocialMediaUse.SELLING
    marketplaces = [m for m in Marketplace.values if rng.random() < (0.35 if selling else 0.12)]
    if computer == ComputerLevel.NONE:
        device = Device.SMARTPHONE
    else:
        device = rng.choices([Device.SMARTPHONE, Device.BOTH, Device.COMPUTER], weights=[45, 50, 5])[0]
    internet_weights = [4, 30, 46, 20] if rural else [1, 12, 45, 42]
    internet = rng.choices(list(InternetQuality.values), weights=internet_weights)[0]
    hours = rng.choice([10, 12]) if rng.random() < 0.05 else rng.choice([15, 16, 20, 20, 24, 25, 30, 30, 40])
    motivation, goal = _text(rng, language)
    submitted = _submitted_at(rng)
    return {
        "email": pilot_email(number),
        "full_name": _name(rng, language),
        "phone": phone_normalize(rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(10**7):07d}"),
        "preferred_language": language,
        "date_of_birth": _birth_date(rng, PILOT_OPENS.date()),
        "is_woman": True,
        "lives_in_tajikistan": rng.random() > 0.01,
        "region": region,
        "city": place.ru if language == "ru" else place.tg,
        "settlement": Settlement.RURAL if rural else Settlement.URBAN,
        "education": _pick(rng, _EDUCATION),
        "languages": _languages(rng, language, region),
        "computer_level": computer,
        "has_smartphone": device != Device.COMPUTER or rng.random() < 0.9,
        "social_media": social,
        "marketplaces": marketplaces,
        "ai_use": quotas["ai_use"],
        "employment": quotas["employment"],
        "hours_per_week": hours,
        "device": device,
        "internet": internet,
        "can_travel": rng.random() < (0.7 if rural else 0.85),
        "motivation": motivation,
        "goal": goal,
        "submitted_at": submitted,
        "started_at": submitted - timedelta(minutes=rng.randrange(20, 60 * 24 * 3)),
    }


def demo_pilot_applications_seed(*, rng: random.Random, call: Call, count: int) -> int:
    """Create the pilot applicants and their submitted, screened applications; return how many are new.

    Every answer is drawn first, so the generator's stream (and so every applicant) is the same
    whether some of them exist already or not.
    """
    shares = {"region": REGION_WEIGHTS, "computer_level": _COMPUTER, "social_media": _SOCIAL,
              "employment": _EMPLOYMENT, "ai_use": _AI}
    columns = {name: _quota(rng, weights, count) for name, weights in shares.items()}
    drawn = [
        _pilot_answers(rng, number, {name: column[number - 1] for name, column in columns.items()})
        for number in range(1, count + 1)
    ]
    done = set(
        Application.objects.filter(call=call, applicant__email__in=[d["email"] for d in drawn]).values_list(
            "applicant__email", flat=True
        )
    )
    missing = [d for d in drawn if d["email"] not in done]
    return len(demo_submitted_create(call=call, drawn=missing))


def demo_submitted_create(*, call: Call, drawn: list[dict]) -> list[Application]:
    """Create the accounts that are missing and a submitted, screened application of `call` for each
    of `drawn` (answers as `_pilot_answers` gives them); return the new applications.

    Accounts created here cannot sign in; an existing account (a demo login) keeps its password.
    """
    if not drawn:
        return []
    existing_users = {u.email: u for u in User.objects.filter(email__in=[d["email"] for d in drawn])}
    User.objects.bulk_create(
        [
            User(email=d["email"], full_name=d["full_name"], phone=d["phone"],
                 language=d["preferred_language"], password=make_password(None))
            for d in drawn
            if d["email"] not in existing_users
        ],
        batch_size=500,
    )
    users = {u.email: u for u in User.objects.filter(email__in=[d["email"] for d in drawn])}
    group = Group.objects.get(name=Role.APPLICANT)
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [Membership(user_id=u.pk, group_id=group.pk) for u in users.values()],
        ignore_conflicts=True,
        batch_size=500,
    )
    not_fields = {"email", "submitted_at", "started_at"}
    rows = [
        Application(
            call=call,
            applicant=users[d["email"]],
            email=d["email"],
            status=ApplicationStatus.SUBMITTED,
            steps_done=list(STEP_SLUGS),
            consent_at=d["submitted_at"] - timedelta(minutes=2),
            submitted_at=d["submitted_at"],
            **{k: v for k, v in d.items() if k not in not_fields},
        )
        for d in drawn
    ]
    # SQLite and PostgreSQL return the new keys, which the references need.
    rows = Application.objects.bulk_create(rows, batch_size=500)
    for row in rows:
        eligibility_screen(application=row)
    started = {d["email"]: d["started_at"] for d in drawn}
    for row in rows:
        # The reference a real submission would have been given, and the dates it would carry.
        row.reference = f"PAR-{row.submitted_at.year}-{row.pk:05d}"
        row.created_at = started[row.email]
        row.updated_at = row.submitted_at
    Application.objects.bulk_update(rows, ["reference", "created_at", "updated_at"], batch_size=500)
    return rows


# participant@'s own application to the pilot: strong answers, as the women selected first had.
_HER_ANSWERS = {
    "date_of_birth": date(1996, 9, 2),
    "is_woman": True,
    "lives_in_tajikistan": True,
    "region": Region.KHATLON,
    "city": "Кӯлоб",
    "settlement": Settlement.RURAL,
    "education": Education.BACHELOR,
    "languages": {"tg": LanguageLevel.FLUENT, "ru": LanguageLevel.GOOD, "en": LanguageLevel.BASIC,
                  "uz": LanguageLevel.NONE},
    "computer_level": ComputerLevel.ADVANCED,
    "has_smartphone": True,
    "social_media": SocialMediaUse.SELLING,
    "marketplaces": [Marketplace.LAKLAK, Marketplace.ALIF_SHOP, Marketplace.AVVAL],
    "ai_use": AIUse.DAILY,
    "employment": Employment.INFORMAL,
    "hours_per_week": 30,
    "device": Device.BOTH,
    "internet": InternetQuality.GOOD,
    "can_travel": True,
    "motivation": (
        "Се сол аст, ки дар Instagram ва Telegram либоси дӯхтаи модарамро мефурӯшам. Ман мехоҳам "
        "инро касбӣ кунам ва ба ширкатҳои Кӯлоб кӯмак расонам, ки маҳсулоти худро онлайн фурӯшанд."
    ),
    "goal": (
        "Дар як сол ман мағозаи ширкатро дар LakLak ва Alif Shop идора мекунам ва маҳсулоти маҳаллиро "
        "ба Alibaba.com мебарорам."
    ),
}
_HER_SUBMITTED = datetime(2025, 3, 5, 20, 14, tzinfo=PILOT_OPENS.tzinfo)
def demo_participant_application_seed(*, call: Call) -> bool:
    """Give participant@ her own submitted, screened application to the pilot; return whether it is new."""
    user = User.objects.filter(email=DEMO_PARTICIPANT).first()
    if user is None:
        return False
    existing = Application.objects.filter(call=call, applicant=user).first()
    if existing is not None:
        return False
    application = Application.objects.create(
        call=call, applicant=user, full_name=user.full_name, phone=user.phone, email=user.email,
        preferred_language=user.language, status=ApplicationStatus.SUBMITTED, steps_done=list(STEP_SLUGS),
        consent_at=_HER_SUBMITTED - timedelta(minutes=2), submitted_at=_HER_SUBMITTED, **_HER_ANSWERS,
    )
    eligibility_screen(application=application)
    Application.objects.filter(pk=application.pk).update(
        reference=f"PAR-2025-{application.pk:05d}", created_at=_HER_SUBMITTED - timedelta(hours=3),
        updated_at=_HER_SUBMITTED,
    )
    return True


# Steps 1 to 3 of the demo applicant's draft on the open call.
_DRAFT_ANSWERS = {
    "date_of_birth": date(1997, 5, 14),
    "is_woman": True,
    "lives_in_tajikistan": True,
    "region": Region.KHATLON,
    "city": "Бохтар",
    "settlement": Settlement.URBAN,
    "education": Education.BACHELOR,
    "languages": {"tg": LanguageLevel.FLUENT, "ru": LanguageLevel.GOOD, "en": LanguageLevel.BASIC,
                  "uz": LanguageLevel.NONE},
}


def demo_draft_seed(*, call: Call) -> bool:
    """Give the demo applicant a draft on the open call with its first three steps done; return if new."""
    user = User.objects.filter(email=DEMO_APPLICANT).first()
    if user is None or Application.objects.filter(call=call, applicant=user).exists():
        return False
    Application.objects.create(
        call=call,
        applicant=user,
        full_name=user.full_name,
        phone=user.phone,
        email=user.email,
        preferred_language=user.language,
        steps_done=STEP_SLUGS[:3],
        **_DRAFT_ANSWERS,
    )
    return True


@transaction.atomic
def demo_applications_seed(*, rng: random.Random, seed: int, scale: int) -> list[str]:
    """Create the pilot call with its applications, the open call, and the demo applicant's draft."""
    pilot, current = demo_calls_seed()
    count = PILOT_APPLICATIONS * scale
    demo_pilot_applications_seed(rng=rng, call=pilot, count=count)
    demo_participant_application_seed(call=pilot)
    demo_draft_seed(call=current)
    closes = timezone.localtime(current.closes_at).strftime("%d.%m.%Y")
    return [
        f"Pilot call: {pilot.applications.count()} applications (pilot001@{DEMO_DOMAIN} to "
        f"{pilot_email(count).split('@')[0]}@{DEMO_DOMAIN} and {DEMO_PARTICIPANT}, closed); "
        f"open call until {closes}, with a draft of {DEMO_APPLICANT} to continue.",
    ]
