"""Valid answers of every step of the application form, as a browser posts them."""

MOTIVATION_TG = (
    "Ман мехоҳам тиҷорати электрониро ёд гирам, зеро дар Хоруғ кори доимӣ кам аст, "
    "вале интернет ҳаст ва ширкатҳо ба ёрдам ниёз доранд."
)
GOAL_TG = "Дар як сол ман мағозаи ширкатро дар LakLak ва Alif Shop идора мекунам ва фурӯшро зиёд мекунам."

STEP_POSTS = {
    "personal": {
        "full_name": "Шаҳло Ғафурова",
        "date_of_birth": "21.03.1998",
        "phone": "93 123 45 67",
        "email": "shahlo@example.tj",
        "preferred_language": "tg",
        "is_woman": "True",
        "lives_in_tajikistan": "True",
    },
    "location": {"region": "gbao", "city": "Хоруғ", "settlement": "urban"},
    "education": {
        "education": "bachelor",
        "language_tg": "fluent",
        "language_ru": "good",
        "language_en": "basic",
        "language_uz": "none",
    },
    "skills": {
        "computer_level": "basic",
        "has_smartphone": "True",
        "social_media": "selling",
        "marketplaces": ["laklak", "alif_shop"],
        "ai_use": "daily",
    },
    "work": {
        "employment": "informal",
        "hours_per_week": "20",
        "device": "both",
        "internet": "fair",
        "can_travel": "True",
    },
    "motivation": {"motivation": MOTIVATION_TG, "goal": GOAL_TG},
    "documents": {"consent": "on"},
}

# A minimal valid PDF: the portal checks the signature, not the whole file.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
