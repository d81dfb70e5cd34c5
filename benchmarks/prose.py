"""Invented news prose for the benchmark's articles: towns, bodies and people that do not exist,
figures that mean nothing, in sentences shaped like the checkable claims of local reporting.

Deterministic for a given `random.Random`, so a data set can be rebuilt identically. The output
is Markdown (a heading every few paragraphs) that `annotations.canonical` turns into the
canonical text, exactly as an upload would be.
"""

from __future__ import annotations

import random

# A few names carry accents and a euro sign so offsets are exercised beyond ASCII.
PLACES = (
    "Ashcombe",
    "Bramley Vale",
    "Corran",
    "Dunmere",
    "Eastwick Ford",
    "Fenlow",
    "Garrowby",
    "Holmbrook",
    "Islay Cross",
    "Kettering Moor",
    "Lindqvist Bay",
    "Mörsby",
    "Norhaven",
    "Oakridge",
    "Pellworth",
    "Quarry End",
    "Rosslyn Fields",
    "Saint-Éloi",
    "Tarnside",
    "Upperford",
    "Varnholm",
    "Westerleigh",
    "Yarrowdale",
    "Zelmont",
)
BODIES = (
    "the district council",
    "the regional health board",
    "the transport authority",
    "the housing association",
    "the chamber of commerce",
    "the water company",
    "the education trust",
    "the police commissioner's office",
    "the statistics office",
    "the port authority",
    "the energy regulator",
    "the fire and rescue service",
)
ROLES = (
    "the council leader",
    "a spokesperson for the board",
    "the finance director",
    "the chief inspector",
    "an opposition councillor",
    "the mayor",
    "a union representative",
    "the head teacher",
    "the hospital's medical director",
    "a local business owner",
)
FIRST_NAMES = (
    "Amara",
    "Bruno",
    "Céline",
    "Dmitri",
    "Elin",
    "Farah",
    "Gideon",
    "Hana",
    "Idris",
    "Joan",
    "Kofi",
    "Lena",
    "Marek",
    "Nadia",
    "Oskar",
    "Priya",
    "Quentin",
    "Rosa",
    "Soren",
    "Tamsin",
)
LAST_NAMES = (
    "Abbott",
    "Brennan",
    "Castellano",
    "Dufresne",
    "Eriksen",
    "Fairweather",
    "Grünewald",
    "Hallam",
    "Iqbal",
    "Jovanović",
    "Kettle",
    "Lindgren",
    "Mbeki",
    "Nakamura",
    "Okafor",
    "Pemberton",
    "Quigley",
    "Rautio",
    "Sørensen",
    "Thackeray",
)
TOPICS = (
    "housing",
    "schools",
    "the hospital",
    "bus services",
    "flood defences",
    "the library",
    "road repairs",
    "recycling",
    "the harbour",
    "youth clubs",
    "street lighting",
    "care homes",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
CLAIM_TEMPLATES = (
    "{Role} said that unemployment in {place} fell to {pct} per cent in {month}.",
    "According to {body}, {count} new homes were completed in {place} last year.",
    "{Body} reported that spending on {topic} rose by €{money} million over {years} years.",
    "{Person}, {role}, claimed that waiting times at the clinic had halved since {year}.",
    "Figures from {body} show that {pct} per cent of households in {place} recycle weekly.",
    "{Role} told residents that the budget for {topic} would grow by {pct} per cent.",
    "{Body} estimated that {count} people used the new service in its first {years} months.",
    "The population of {place} grew by {count} between {year} and {year2}, {body} said.",
    "{Person} insisted that crime in {place} was at its lowest level since {year}.",
    "{Body} confirmed that {count} jobs would be created when the depot opens in {month}.",
    "Average rents in {place} are now €{money} a month, according to {body}.",
    "{Role} argued that {topic} had received less money than any other service since {year}.",
)
CONTEXT_TEMPLATES = (
    "The meeting in {place} lasted {years} hours and ended without a vote.",
    "Residents gathered outside the town hall on a cold morning in {month}.",
    "{Person} has worked for {body} for {years} years.",
    "The report is due to be published in full in {month}.",
    "Critics said the plans for {topic} left too many questions unanswered.",
    "Neither {body} nor {person} responded to further questions.",
    "The debate about {topic} in {place} is not new.",
    "Several people at the meeting asked for the figures to be checked independently.",
    "A public consultation on {topic} closes at the end of {month}.",
    "Local campaigners welcomed the news but said more detail was needed.",
)
HEADINGS = (
    "What the figures say about {topic}",
    "Reaction in {place}",
    "The budget for {topic}",
    "What happens next in {place}",
    "Questions over {topic}",
    "A closer look at {place}",
)
TITLE_TEMPLATES = (
    "{Place} debates the future of {topic}",
    "New figures on {topic} divide {place}",
    "{Body_title} defends its record on {topic}",
    "What {place} was told about {topic}",
    "Questions over {topic} in {place}",
)
PUBLISHERS = (
    "The Ashcombe Ledger",
    "Norhaven Evening Post",
    "Vale Gazette",
    "Coastline Weekly",
    "The Civic Observer",
    "Tarnside Courier",
)
SEARCH_QUERIES = (
    "unemployment",
    "housing",
    "new homes",
    "hospital waiting times",
    "bus services",
    "budget",
    "recycling households",
    "flood defences",
    "crime",
    "rents",
    "jobs depot",
    "population",
    "council leader",
    '"public consultation"',
    "schools -housing",
    "harbour or library",
    "Ashcombe",
    "Mörsby",
    "street lighting",
    "care homes spending",
)
"""Twenty searches an editor might type (websearch syntax: quotes, `or`, `-`)."""


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _fill(template: str, rng: random.Random) -> str:
    year = rng.randint(2009, 2022)
    values = {
        "place": rng.choice(PLACES),
        "body": rng.choice(BODIES),
        "role": rng.choice(ROLES),
        "person": _person(rng),
        "topic": rng.choice(TOPICS),
        "month": rng.choice(MONTHS),
        "pct": f"{rng.randint(2, 60)}.{rng.randint(0, 9)}",
        "count": f"{rng.randint(12, 9800):,}",
        "money": f"{rng.randint(1, 480)}.{rng.randint(0, 9)}",
        "years": str(rng.randint(2, 12)),
        "year": str(year),
        "year2": str(year + rng.randint(1, 8)),
    }
    capitalised = {key.capitalize(): value[:1].upper() + value[1:] for key, value in values.items()}
    values["Body_title"] = values["body"].title()
    return template.format(**values, **capitalised)


def sentence(rng: random.Random) -> str:
    """One sentence: most are checkable claims, the rest context."""
    templates = CLAIM_TEMPLATES if rng.random() < 0.7 else CONTEXT_TEMPLATES
    return _fill(rng.choice(templates), rng)


def title(rng: random.Random) -> str:
    return _fill(rng.choice(TITLE_TEMPLATES), rng)


def person_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def article_markdown(rng: random.Random, *, target_chars: int) -> str:
    """Paragraphs of three to six sentences, a heading every four to seven paragraphs, until
    the text is about `target_chars` long."""
    blocks: list[str] = []
    length = 0
    paragraphs_until_heading = rng.randint(2, 4)
    while length < target_chars:
        if paragraphs_until_heading == 0:
            block = "## " + _fill(rng.choice(HEADINGS), rng)
            paragraphs_until_heading = rng.randint(4, 7)
        else:
            block = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
            paragraphs_until_heading -= 1
        blocks.append(block)
        length += len(block) + 2
    return "\n\n".join(blocks)
