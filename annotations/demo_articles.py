"""Demo articles, written for this project: fictional local news with checkable claims.

The town of Millbrook, its people and its institutions are invented. Each article is uploaded
through the same service as a real one (plain text, Markdown and HTML), so the demo shows the
whole path from upload to canonical text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User

from annotations.canonical import Format
from annotations.models import Article
from annotations.services.articles import (
    ArticleContent,
    ArticleMetadata,
    DuplicateArticle,
    article_upload,
)


@dataclass(frozen=True)
class DemoArticle:
    source_format: Format
    filename: str
    body: str
    metadata: ArticleMetadata


LIBRARY_HOURS = DemoArticle(
    source_format="text",
    filename="library-hours.txt",
    metadata=ArticleMetadata(
        title="Millbrook library to open on Sundays after visits rise by a third",
        url="https://millbrook-courier.example/news/library-sunday-opening",
        publisher="Millbrook Courier",
        author="Priya Castellan",
        published_on=date(2025, 3, 14),
        language="en",
    ),
    body="""\
Millbrook Central Library will open on Sundays from 6 April, the town council confirmed on \
Thursday, after visitor numbers rose by 34 percent in the past year.

The library recorded 182,400 visits in 2024, up from 136,100 in 2023, according to figures \
presented to the council's culture committee. Officials said the new study area on the first \
floor, opened last May, accounted for most of the increase.

Sunday opening will run from 11am to 4pm and will cost about £48,000 a year, mostly in staff \
wages. The money comes from the council's community reserve rather than from the library's own \
budget, which stays at £1.2 million.

"Students have been queueing outside on Saturday mornings because there is nowhere else quiet \
to work," said councillor Hal Brennock, who chairs the committee. "Opening a seventh day is the \
cheapest way to meet that demand."

Not everyone on the committee was convinced. Councillor Ines Marwood said the visitor count \
included people attending evening events and that "a busy Tuesday talk does not prove anyone \
needs a Sunday".

The library last opened on Sundays in 2011, when the service was cut during a round of \
council savings.
""",
)

BUS_LANE = DemoArticle(
    source_format="markdown",
    filename="northgate-bus-lane.md",
    metadata=ArticleMetadata(
        url="https://millbrook-courier.example/news/northgate-road-bus-lane",
        publisher="Millbrook Courier",
        author="Tom Adeyemi",
        published_on=date(2025, 5, 2),
        language="en",
    ),
    body="""\
# Council approves £4.2m bus lane for Northgate Road

Millbrook council has approved a **£4.2 million** scheme to add a bus lane along 1.8 miles of \
Northgate Road, the town's busiest route into the centre. Work is due to start in September \
and finish by the end of next year.

## Why the council wants it

Buses on Northgate Road were late on 41 percent of journeys last year, according to the \
operator, [Millbrook Motor Services](https://millbrook-motor.example/). The council's \
transport officer, Dilys Okonjo, told the planning meeting that the lane would cut the \
average peak-hour journey by "about seven minutes".

Most of the money, £3.5 million, comes from a regional transport grant; the council pays the \
remaining £700,000 from its roads budget.

## The objections

Shopkeepers on the road say the lane will remove 62 parking spaces. The Northgate Traders' \
Association collected 1,150 signatures against the plan and argues that footfall will fall \
because customers cannot park.

- The council says a new car park on Fenwick Street will add 80 spaces.
- Traders reply that the car park is a ten-minute walk from most shops.

## What happens next

The council will consult on the detailed design in June. Councillors voted 23 to 9 in \
favour of the scheme.
""",
)

HOSPITAL_WAITS = DemoArticle(
    source_format="html",
    filename="hospital-waiting-times.html",
    metadata=ArticleMetadata(),
    body="""\
<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Waiting times at St Aldric's fall for third quarter in a row, trust says</title>
  <meta name="author" content="Marta Lindgren">
  <meta property="og:site_name" content="Vale Evening Post">
  <meta property="article:published_time" content="2025-07-22T09:30:00+01:00">
  <link rel="canonical" href="https://vale-evening-post.example/health/st-aldrics-waiting-times">
</head>
<body>
  <nav><a href="/">Home</a> <a href="/health">Health</a></nav>
  <article>
    <h1>Waiting times at St Aldric's fall for third quarter in a row, trust says</h1>
    <p>The number of patients waiting more than 18 weeks for planned treatment at St Aldric's
    Hospital fell to 2,870 at the end of June, down from 3,410 in March, the Vale Health Trust
    said on Monday.</p>
    <p>It is the third consecutive quarter in which the figure has fallen. The trust credits
    a second orthopaedic theatre, which opened in January, and weekend clinics for cataract
    surgery.</p>
    <blockquote><p>"We are now treating about 160 more patients a month than we were a year
    ago," said the trust's medical director, Dr Samuel Achebe.</p></blockquote>
    <p>The national target is for 92 percent of patients to start treatment within 18 weeks.
    St Aldric's currently manages 71 percent, compared with 64 percent a year earlier.</p>
    <p>Patient groups welcomed the fall but warned that waits for a first outpatient
    appointment, which are not counted in the 18-week figure until a referral is accepted,
    have grown longer.</p>
  </article>
  <footer>© Vale Evening Post</footer>
</body>
</html>
""",
)

RESERVOIR = DemoArticle(
    source_format="text",
    filename="reservoir-levels.txt",
    metadata=ArticleMetadata(
        title="Dry spring leaves Hollins reservoir at 61 percent, water company says",
        publisher="Vale Evening Post",
        author="Owen Tarrant",
        published_on=date(2025, 6, 9),
        language="en",
    ),
    body="""\
Hollins reservoir, which supplies about 240,000 homes in the Millbrook area, was 61 percent \
full on Friday, compared with 83 percent at the same point last year, Vale Water said.

The company blamed the driest spring in the region since 1976. Rainfall between March and May \
was 38 percent of the long-term average, according to its own rain gauges.

Vale Water said there were no plans for a hosepipe ban "at this stage" but asked customers to \
avoid watering lawns. A spokesperson said the company had reduced leakage by 9 percent since \
2022, saving around 4 million litres a day.

Campaigners said leakage still wastes more water than the ban would save. The company lost \
an average of 71 million litres a day to leaks last year, according to the industry regulator.
""",
)

DEMO_ARTICLES: tuple[DemoArticle, ...] = (LIBRARY_HOURS, BUS_LANE, HOSPITAL_WAITS, RESERVOIR)


def load_demo_articles(*, uploader: User) -> list[Article]:
    """Upload the demo articles as `uploader`; articles already loaded are reused."""
    articles = []
    for demo in DEMO_ARTICLES:
        content = ArticleContent(
            text=demo.body, source_format=demo.source_format, original_filename=demo.filename
        )
        try:
            articles.append(article_upload(user=uploader, content=content, metadata=demo.metadata))
        except DuplicateArticle as duplicate:
            articles.append(duplicate.article)
    return articles
