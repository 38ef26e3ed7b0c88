"""Demo firms: the pilot's 50 approved enterprises from all five regions, 3 waiting and 1 declined.

The demo firm representative (firm@demo.parwona.tj) represents the first, in Dushanbe; every other
firm has its own representative account (firm001@demo.parwona.tj, ...) that cannot sign in.
"""

import random
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from applicants.enums import Region
from parwona.users.demo import DEMO_DOMAIN
from parwona.users.enums import Role
from parwona.users.models import User
from parwona.users.phones import phone_normalize

from .enums import Channel, FirmSize, FirmStatus, Market, Sector, Skill, WorkMode
from .models import Firm, FirmMember

DEMO_FIRM_REPRESENTATIVE = f"firm@{DEMO_DOMAIN}"
DEMO_COORDINATOR = f"coordinator@{DEMO_DOMAIN}"
INTAKE_OPENS = datetime(2025, 3, 17, 10, 0, tzinfo=ZoneInfo("Asia/Dushanbe"))

D, S, K, G, R = Region.DUSHANBE, Region.SUGHD, Region.KHATLON, Region.GBAO, Region.DRS
(RETAIL, FOOD, TEXTILES, AGRI, BEAUTY, ELECTRONICS, SERVICES, TOURISM, OTHER) = Sector.values

# (name, region, city, sector, what it sells); the first 50 are approved, then 3 applied, 1 declined.
FIRMS = [
    ("Сомон Текстил", D, "Душанбе", TEXTILES, "Либосҳои миллӣ аз атлас ва адрас, рӯймолҳо"),
    ("Нони Гарм", D, "Душанбе", FOOD, "Нон, кулча ва ширинии тару тоза бо расонидан ба хона"),
    ("Рӯшан Электроникс", D, "Душанбе", ELECTRONICS, "Телефонҳо, планшетҳо ва лавозимоти онҳо"),
    ("Гулистон Косметикс", D, "Душанбе", BEAUTY, "Воситаҳои нигоҳубини пӯст ва мӯй"),
    ("Меҳргон Маркет", D, "Душанбе", RETAIL, "Молҳои рӯзгор ва хӯрокворӣ"),
    ("Сафари Помир", D, "Душанбе", TOURISM, "Сафарҳо ба Помир ва Фон, меҳмонхонаҳо ва роҳбаладон"),
    ("Чойхонаи Роҳат", D, "Душанбе", FOOD, "Таомҳои миллӣ, ош ва самбӯса бо фармоиш"),
    ("Аттори Душанбе", D, "Душанбе", BEAUTY, "Равғанҳо ва собунҳои табиӣ"),
    ("Хонаи Кулолӣ", D, "Душанбе", TEXTILES, "Зарфҳои сафолӣ ва кулолии дастӣ"),
    ("Тоҷ Логистик", D, "Душанбе", SERVICES, "Расонидани бор дар шаҳр ва ба вилоятҳо"),
    ("Бозори Рақамӣ", D, "Душанбе", RETAIL, "Либос, пойафзол ва молҳои кӯдакон"),
    ("Дастархон", D, "Душанбе", FOOD, "Ҳалво, нишолло ва ширинии миллӣ"),
    ("Зебо Мода", D, "Душанбе", TEXTILES, "Либосҳои занона аз дӯзандагони маҳаллӣ"),
    ("Нур Мебел", D, "Душанбе", OTHER, "Мебели хона ва идора бо фармоиш"),
    ("Сарват Агро", D, "Душанбе", AGRI, "Тухмӣ, нуриҳо ва асбобҳои боғдорӣ"),
    ("Ширинии Душанбе", D, "Душанбе", FOOD, "Торт ва пирожни бо фармоиш"),
    ("Китобхонаи Ориён", D, "Душанбе", RETAIL, "Китобҳо ва лавозимоти мактабӣ"),
    ("Паҳлавон Спорт", D, "Душанбе", RETAIL, "Либос ва лавозимоти варзишӣ"),
    ("Смарт Сервис", D, "Душанбе", SERVICES, "Таъмири телефон ва компютер"),
    ("Заргари Ҳунар", D, "Душанбе", TEXTILES, "Ороишоти нуқраги дастсохт"),
    ("Атласи Хуҷанд", S, "Хуҷанд", TEXTILES, "Матоъҳои атлас ва адрас аз корхонаи худ"),
    ("Шоҳин Фуд", S, "Хуҷанд", FOOD, "Консерваҳо, мураббо ва шарбатҳо"),
    ("Сироҷ Электроникс", S, "Хуҷанд", ELECTRONICS, "Асбобҳои хонагӣ ва телевизорҳо"),
    ("Пахтаи Хуҷанд", S, "Хуҷанд", TEXTILES, "Бистар ва дастмолҳои пахтагӣ"),
    ("Гулнор Косметика", S, "Хуҷанд", BEAUTY, "Косметикаи ороишӣ ва атрҳо"),
    ("Зардолуи Исфара", S, "Исфара", AGRI, "Зардолу, мавиз ва чормағзи хушк барои фурӯш ва содирот"),
    ("Боғи Ворух", S, "Исфара", AGRI, "Меваи тару тоза ва хушк аз боғҳои Ворух"),
    ("Сафоли Исфара", S, "Исфара", TEXTILES, "Сафол ва кошинҳои дастӣ"),
    ("Кордҳои Истаравшан", S, "Истаравшан", TEXTILES, "Кордҳои дастсохти Истаравшан"),
    ("Меваҷоти Истаравшан", S, "Истаравшан", FOOD, "Меваи хушк ва шарбати ангур"),
    ("Саразм Тур", S, "Панҷакент", TOURISM, "Сафарҳо ба Саразм ва Ҳафткӯл"),
    ("Асали Зарафшон", S, "Панҷакент", FOOD, "Асали кӯҳӣ аз водии Зарафшон"),
    ("Бохтар Агро", K, "Бохтар", AGRI, "Сабзавот ва полиз аз хоҷагиҳои Вахш"),
    ("Вахш Текстил", K, "Бохтар", TEXTILES, "Либоси корӣ ва мактабӣ"),
    ("Лимӯи Бохтар", K, "Бохтар", AGRI, "Лимӯ ва ниҳолҳои ситрусӣ"),
    ("Хатлон Маркет", K, "Бохтар", RETAIL, "Молҳои рӯзгор ва хӯрокворӣ"),
    ("Ҳунари Занон", K, "Бохтар", TEXTILES, "Сӯзанӣ ва гулдӯзии дастии занони деҳот"),
    ("Чакани Кӯлоб", K, "Кӯлоб", TEXTILES, "Либос ва куртаҳои чакан"),
    ("Мевагии Кӯлоб", K, "Кӯлоб", FOOD, "Меваи хушк ва ширинии миллӣ"),
    ("Ҳулбук Сервис", K, "Кӯлоб", SERVICES, "Чоп, тарроҳӣ ва таблиғот"),
    ("Шири Ваҳдат", R, "Ваҳдат", FOOD, "Шир, ҷурғот ва панири хонагӣ"),
    ("Ромит Тур", R, "Ваҳдат", TOURISM, "Истироҳат дар дараи Ромит"),
    ("Мебели Ваҳдат", R, "Ваҳдат", OTHER, "Мебел аз чӯби маҳаллӣ"),
    ("Сувенири Ҳисор", R, "Ҳисор", TEXTILES, "Тӯҳфаҳо ва армуғонҳои Қалъаи Ҳисор"),
    ("Ҳисор Агро", R, "Ҳисор", AGRI, "Ангур, себ ва ниҳолҳо"),
    ("Ҳисор Электро", R, "Ҳисор", ELECTRONICS, "Лавозимоти барқӣ ва рӯшноӣ"),
    ("Асали Помир", G, "Хоруғ", FOOD, "Асал ва тути хушки Помир"),
    ("Ҷуробҳои Помир", G, "Хоруғ", TEXTILES, "Ҷуроб ва либосҳои пашмини дастбоф"),
    ("Хоруғ Эко Тур", G, "Хоруғ", TOURISM, "Сафарҳои кӯҳӣ ва хонаҳои меҳмонӣ дар Бадахшон"),
    ("Гиёҳи Бадахшон", G, "Хоруғ", BEAUTY, "Чойҳои гиёҳӣ ва равғанҳои табиӣ"),
    ("Нави Душанбе", D, "Душанбе", RETAIL, "Лавозимоти ошхона ва хона"),
    ("Қолини Панҷакент", S, "Панҷакент", TEXTILES, "Қолин ва гилемҳои дастбоф"),
    ("Данғара Агро", K, "Данғара", AGRI, "Пахта ва ғалладона"),
    ("Тез Савдо", D, "Душанбе", RETAIL, "Молҳои хурди рӯзгор"),
]
APPROVED, APPLIED = 50, 3
DECLINE_REASON = (
    "Ширкат танҳо дар мағозаи худ мефурӯшад ва имсол ба менеҷер вақт ва корҳои онлайн дода "
    "наметавонад. Ба даъвати навбатӣ дархост диҳед."
)

_GIVEN = [
    "Фирӯз",
    "Бахтиёр",
    "Шаҳло",
    "Нигина",
    "Далер",
    "Манижа",
    "Суҳроб",
    "Зарина",
    "Ҷамшед",
    "Мадина",
    "Парвиз",
    "Гулноза",
    "Рустам",
    "Фарангис",
    "Алишер",
    "Мавзуна",
]
_FAMILY = [
    "Раҳимов",
    "Назаров",
    "Қодиров",
    "Шарипов",
    "Ғафуров",
    "Каримов",
    "Давлатов",
    "Саидов",
    "Ҳасанов",
    "Юсуфов",
    "Ҷӯраев",
    "Ӯроқов",
]
_PHONE_PREFIXES = ["90", "91", "92", "93", "98", "50", "55", "88", "00", "11"]
_WOMEN = {"Шаҳло", "Нигина", "Манижа", "Зарина", "Мадина", "Гулноза", "Фарангис", "Мавзуна"}


def representative_email(number: int) -> str:
    return DEMO_FIRM_REPRESENTATIVE if number == 1 else f"firm{number:03d}@{DEMO_DOMAIN}"


def _contact_name(rng: random.Random) -> str:
    given = rng.choice(_GIVEN)
    family = rng.choice(_FAMILY)
    return f"{given} {family}а" if given in _WOMEN else f"{given} {family}"


def _channels(rng: random.Random, sector: str) -> list[str]:
    if rng.random() < 0.12:
        return [Channel.NONE]
    odds = {
        Channel.INSTAGRAM: 0.8,
        Channel.TELEGRAM: 0.6,
        Channel.LAKLAK: 0.3,
        Channel.ALIF_SHOP: 0.3,
        Channel.AVVAL: 0.15,
        Channel.ALIBABA: 0.25 if sector in {AGRI, TEXTILES} else 0.03,
        Channel.OWN_SITE: 0.2,
    }
    chosen = [c for c, p in odds.items() if rng.random() < p]
    return [c for c in Channel.values if c in chosen] or [Channel.INSTAGRAM]


def _firm_values(rng: random.Random, number: int, row: tuple) -> dict:
    """Draw one firm's answers; the draws depend only on the generator, never on what exists."""
    name, region, city, sector, sells = row
    channels = _channels(rng, sector)
    selling = Channel.NONE not in channels
    exporter = sector in {AGRI, TEXTILES} and rng.random() < 0.45
    market = (Market.BOTH if rng.random() < 0.7 else Market.EXPORT) if exporter else Market.DOMESTIC
    remote_friendly = sector in {TOURISM, SERVICES} or region == G
    work_mode = rng.choices(list(WorkMode.values), weights=[30, 35, 35] if remote_friendly else [60, 15, 25])[
        0
    ]
    languages = ["tg"]
    if rng.random() < 0.7 or region == D:
        languages.append("ru")
    if market != Market.DOMESTIC or sector == TOURISM:
        languages.append("en")
    if region == S and rng.random() < 0.35:
        languages.append("uz")
    skills = rng.sample(list(Skill.values), rng.randint(3, 5))
    if market != Market.DOMESTIC and Skill.MARKETPLACE_OPERATIONS not in skills:
        skills.append(Skill.MARKETPLACE_OPERATIONS)
    revenue = Decimal(round(rng.lognormvariate(8.3, 0.9), -2)) if selling else Decimal(0)
    shops = len([c for c in channels if c not in {Channel.NONE, Channel.OWN_SITE}]) if selling else 0
    applied_at = INTAKE_OPENS + timedelta(days=rng.randrange(21), minutes=rng.randrange(10 * 60))
    return {
        "number": number,
        "email": representative_email(number),
        "name": name,
        "tax_number": f"{rng.randrange(10**8, 10**9)}" if rng.random() < 0.75 else "",
        "sector": sector,
        "region": region,
        "city": city,
        "size": rng.choices(list(FirmSize.values), weights=[55, 32, 11, 2])[0],
        "sells": sells,
        "channels": channels,
        "market": market,
        "skills_needed": [s for s in Skill.values if s in skills],
        "languages": languages,
        "work_mode": work_mode,
        "hours_per_week": rng.choice([15, 20, 20, 25, 30, 30, 40]),
        # The pilot placed one woman with each of its 50 firms; some firms still waiting ask for two.
        "capacity": 2 if rng.random() < 0.1 and number > APPROVED else 1,
        "contact_name": _contact_name(rng),
        "contact_phone": phone_normalize(rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(10**7):07d}"),
        "language": rng.choices(["tg", "ru", "en"], weights=[60, 37, 3])[0],
        "baseline_revenue": revenue,
        "baseline_shops": shops,
        "applied_at": applied_at,
        "decided_at": applied_at + timedelta(days=rng.randint(3, 12), hours=rng.randrange(6)),
    }


def _status(number: int) -> str:
    if number <= APPROVED:
        return FirmStatus.APPROVED
    return FirmStatus.APPLIED if number <= APPROVED + APPLIED else FirmStatus.DECLINED


def _representatives(drawn: list[dict]) -> dict[str, User]:
    """Return the representatives' accounts by email, creating the missing ones without a password."""
    emails = [d["email"] for d in drawn]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    User.objects.bulk_create(
        [
            User(
                email=d["email"],
                full_name=d["contact_name"],
                phone=d["contact_phone"],
                language=d["language"],
                password=make_password(None),
            )
            for d in drawn
            if d["email"] not in existing
        ],
        batch_size=500,
    )
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    group = Group.objects.get(name=Role.FIRM)
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [Membership(user_id=u.pk, group_id=group.pk) for u in users.values()],
        ignore_conflicts=True,
        batch_size=500,
    )
    return users


def _firms_create(*, missing: list[dict], users: dict[str, User], coordinator: User | None) -> None:
    demo_user = users.get(DEMO_FIRM_REPRESENTATIVE)
    for d in missing:
        # The demo representative is the contact of her own firm, as she signs in with that account.
        if d["email"] == DEMO_FIRM_REPRESENTATIVE and demo_user is not None:
            d["contact_name"], d["contact_phone"] = demo_user.full_name, demo_user.phone or d["contact_phone"]
    not_fields = {"number", "email", "language", "applied_at", "decided_at"}
    rows = []
    for d in missing:
        status = _status(d["number"])
        decided = status != FirmStatus.APPLIED
        rows.append(
            Firm(
                **{k: v for k, v in d.items() if k not in not_fields},
                contact_email=d["email"],
                status=status,
                decline_reason=DECLINE_REASON if status == FirmStatus.DECLINED else "",
                decided_by=coordinator if decided else None,
                decided_at=d["decided_at"] if decided else None,
            )
        )
    rows = Firm.objects.bulk_create(rows, batch_size=500)
    applied_at = {d["name"]: d["applied_at"] for d in missing}
    for row in rows:
        # The dates a real application and decision would carry.
        row.created_at = applied_at[row.name]
        row.updated_at = row.decided_at or row.created_at
    Firm.objects.bulk_update(rows, ["created_at", "updated_at"], batch_size=500)


@transaction.atomic
def demo_firms_seed(*, rng: random.Random, seed: int, scale: int) -> list[str]:
    """Create the missing demo firms and their representatives; running it again changes nothing."""
    drawn = [_firm_values(rng, number, row) for number, row in enumerate(FIRMS, start=1)]
    done = set(Firm.objects.filter(name__in=[d["name"] for d in drawn]).values_list("name", flat=True))
    missing = [d for d in drawn if d["name"] not in done]
    # Accounts and places are restored for every firm, so a deleted account comes back as it was.
    users = _representatives(drawn)
    coordinator = User.objects.filter(email=DEMO_COORDINATOR).first()
    if missing:
        _firms_create(missing=missing, users=users, coordinator=coordinator)
    firms = dict(Firm.objects.filter(name__in=[d["name"] for d in drawn]).values_list("name", "pk"))
    members = set(FirmMember.objects.filter(user__in=users.values()).values_list("user_id", flat=True))
    FirmMember.objects.bulk_create(
        [
            FirmMember(firm_id=firms[d["name"]], user=users[d["email"]])
            for d in drawn
            if users[d["email"]].pk not in members
        ],
        batch_size=500,
    )
    if coordinator is not None:
        Firm.objects.filter(name__in=firms, decided_at__isnull=False, decided_by__isnull=True).update(
            decided_by=coordinator
        )
    approved = Firm.objects.filter(status=FirmStatus.APPROVED)
    places = sum(approved.values_list("capacity", flat=True))
    return [
        f"Firms: {approved.count()} approved with {places} places, "
        f"{Firm.objects.filter(status=FirmStatus.APPLIED).count()} waiting; "
        f"{DEMO_FIRM_REPRESENTATIVE} represents {drawn[0]['name']}."
    ]
