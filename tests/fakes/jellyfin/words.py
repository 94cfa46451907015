"""Word pools the library generator draws names, people and overviews from."""

from __future__ import annotations

# Hand-picked edge cases that every library size starts with: diacritics, other scripts,
# an emoji, leading articles (sort names drop them) and numbers (sort names pad them).
CURATED_MOVIES: tuple[tuple[str, str | None], ...] = (
    ("Crème Brûlée", None),
    ("Ōkami no Yoru", "狼の夜"),
    ("The Last Harbor", None),
    ("Chapter 2", None),
    ("Chapter 10", None),
    ("Smörgåsbord Nights", None),
    ("Дорога домой", None),
    ("東京の夜", None),
    ("Zoë & the Ærø Ferry", None),
    ("A Quiet Room", None),
    ("Naïve Hearts", "Cœurs naïfs"),
    ("El Niño", None),
    ("Straße der Träume", None),
    ("🚀 Launch Day", None),
    ("Ångström", None),
    ("Les Petits Misérables", None),
)
CURATED_SERIES: tuple[tuple[str, str | None], ...] = (
    ("Kōhī Break", "コーヒーブレイク"),
    ("The Fjørd", None),
    ("Northern Lights", None),
)

ARTICLES = ("", "The ", "A ")
ADJECTIVES = (
    "Silent", "Crimson", "Hidden", "Broken", "Golden", "Endless", "Frozen", "Burning",
    "Distant", "Hollow", "Quiet", "Wild", "Lost", "Bright", "Dark", "Electric", "Iron",
    "Velvet", "Shattered", "Wandering", "Secret", "Last", "First", "Little", "Great",
    "Midnight", "Northern", "Southern", "Eastern", "Western", "Restless", "Gentle",
    "Savage", "Paper", "Glass", "Silver", "Scarlet", "Emerald", "Forgotten", "Falling",
    "Rising", "Sleeping", "Crooked", "Painted", "Empty", "Sacred", "Lonely", "Stolen",
    "Brave", "Curious",
)  # fmt: skip
NOUNS = (
    "Harbor", "River", "Mountain", "Garden", "Empire", "Shadow", "Kingdom", "Promise",
    "Horizon", "Station", "Island", "Forest", "Mirror", "Letter", "Voyage", "Summer",
    "Winter", "Storm", "Orchard", "Lighthouse", "Machine", "Circus", "Frontier", "Ghost",
    "Detective", "Witness", "Stranger", "Daughter", "Brother", "Signal", "Comet", "Canyon",
    "Desert", "Ocean", "Bridge", "Tower", "Engine", "Compass", "Lantern", "Archive",
    "Parade", "Carnival", "Heist", "Orbit", "Citadel", "Meadow", "Village", "Harvest",
    "Echo", "Pilgrim", "Sentinel", "Cipher", "Labyrinth", "Monsoon", "Glacier", "Reef",
    "Quarry", "Market", "Academy", "Symphony",
)  # fmt: skip
SUFFIXES = (
    "", " II", " III", " Returns", " Rising", " Reborn", " of Ashes", " of Glass",
    " at Dawn", " in Winter", " Forever", ": Origins",
)  # fmt: skip
SERIES_SUFFIXES = (" Chronicles", " Files", " Stories", "", " Diaries", " Affair", " Road")

FIRST_NAMES = (
    "Ada", "Bjørn", "Chloé", "Dmitri", "Elena", "Farid", "Greta", "Hiroshi", "Inès", "José",
    "Kai", "Łukasz", "Maja", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Søren", "Tomás",
    "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoë", "Amara", "Bruno", "Carmen", "Dario",
    "Eun-ji", "Fatima", "Gustav", "Hana", "Ivo", "Jana", "Kofi", "Lena", "Mateo", "Noor",
)  # fmt: skip
LAST_NAMES = (
    "Andersson", "Bauer", "Castillo", "Dvořák", "Eriksen", "Fontaine", "García", "Hoffmann",
    "Ibáñez", "Jensen", "Kowalski", "Larsson", "Moreau", "Nakamura", "O'Brien", "Petrov",
    "Quinn", "Rossi", "Schäfer", "Tanaka", "Umarov", "Varga", "Weiß", "Xu", "Yılmaz",
    "Zielińska", "Almeida", "Brennan", "Çelik", "Duarte", "Engström", "Fischer",
)  # fmt: skip
CHARACTERS = (
    "Captain Reyes", "Dr. Alma Voss", "The Stranger", "Young Mika", "Inspector Hale",
    "Mother", "Himself", "Ship's Cook", "Agent Park", "Old Man", "Narrator (voice)",
    "Lieutenant Okafor", "The Twin", "Mayor Lindqvist", "Nurse Beatriz", "Sam",
)  # fmt: skip
WRITER_ROLES = ("Screenplay", "Writer", "Novel", "Story")

GENRES = (
    "Action", "Adventure", "Animation", "Comedy", "Crime", "Documentary", "Drama",
    "Family", "Fantasy", "History", "Horror", "Music", "Mystery", "Romance",
    "Science Fiction", "Thriller", "War", "Western", "Sci-Fi & Fantasy", "Kids",
)  # fmt: skip
STUDIOS = (
    "Northwind Pictures", "Lumière Brothers Studio", "Blue Fjord Films", "Studio Sakura",
    "Atlas Entertainment", "Red Lantern", "Quiet Harbor Productions", "Polar Bear Media",
    "Sunset & Vine", "Kestrel Films", "Aurora Studios", "Mistral Cinéma", "Orbit Works",
    "Harbinger TV", "Cobalt Television", "Six Rivers", "Granite Pictures", "Little Owl",
    "Meridian", "Saffron Films", "Tide Pool", "Brightwater", "Ember Animation",
    "Olive Tree", "Stag & Hound", "Parallax", "Coastline", "Vireo", "Halcyon", "Nordlys",
)  # fmt: skip
OFFICIAL_RATINGS = ("G", "PG", "PG-13", "R", "NC-17", "TV-PG", "TV-14", "TV-MA", "FSK-12")
OVERVIEW_WORDS = (
    "a", "an", "the", "of", "and", "in", "to", "with", "after", "before", "when", "while",
    "young", "retired", "reluctant", "brilliant", "grieving", "ambitious", "detective",
    "pilot", "teacher", "thief", "family", "village", "city", "secret", "letter", "war",
    "summer", "storm", "journey", "discovers", "must", "returns", "home", "finds", "hidden",
    "truth", "past", "future", "friends", "strangers", "island", "river", "night", "love",
    "betrayal", "mystery", "danger", "hope", "café", "naïve", "fiancée", "über", "señor",
    "rescue", "across", "frozen", "north", "forgotten", "machine", "dream", "memory",
)  # fmt: skip
LANGUAGES = (
    ("eng", "English"), ("fra", "French"), ("deu", "German"), ("jpn", "Japanese"),
    ("spa", "Spanish"), ("ita", "Italian"), ("swe", "Swedish"), ("kor", "Korean"),
)  # fmt: skip
