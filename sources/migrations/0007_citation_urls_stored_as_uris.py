import re
from urllib.parse import quote

from django.db import migrations, models

# Frozen here as they stood (project/web_urls.py decides for new input).
URI_CHARACTERS = "A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%"
STORED_URL_PATTERN = f"^https?://[{URI_CHARACTERS}]+$"
URI_SAFE = "-._~:/?#[]@!$&'()*+,;=%"


def encode_stored_urls(apps, schema_editor):
    """Citations stored before URLs were encoded on the way in: every character a URI cannot
    hold becomes its UTF-8 percent-escape, so that the new constraints hold."""
    Citation = apps.get_model("sources", "Citation")
    stored = re.compile(STORED_URL_PATTERN)
    for citation in Citation.objects.exclude(url="", archive_url="").iterator():
        changed = []
        for field in ("url", "archive_url"):
            value = getattr(citation, field)
            if value and not stored.match(value):
                setattr(citation, field, quote(value.strip(), safe=URI_SAFE))
                changed.append(field)
        if changed:
            citation.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0006_citation_claim_index_holds_source"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="citation", name="citation_url_http"),
        migrations.RemoveConstraint(model_name="citation", name="citation_archive_url_http"),
        migrations.RunPython(encode_stored_urls, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="citation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("url", ""), ("url__regex", STORED_URL_PATTERN), _connector="OR"
                ),
                name="citation_url_http",
            ),
        ),
        migrations.AddConstraint(
            model_name="citation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("archive_url", ""), ("archive_url__regex", STORED_URL_PATTERN), _connector="OR"
                ),
                name="citation_archive_url_http",
            ),
        ),
    ]
