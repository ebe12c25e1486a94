"""Run inside `manage.py shell` by test_first_run.py: publish the seed's top claim as the
newsroom would, then read every page and API answer that carries an absolute URL and print
the URLs found, as JSON."""

import json
import re

from django.contrib.auth import get_user_model
from django.test import Client

from claims import services
from claims.models import Claim, Rating
from partners.models import Partner
from partners.services import partner_key_create

User = get_user_model()
checker, editor = User.objects.get(username="checker"), User.objects.get(username="editor")
claim = Claim.objects.filter(status="candidate").order_by("-score").first()
services.claim_apply(claim=claim, action="accept", user=checker)
verdict = services.verdict_create(
    claim=claim, headline="First-run check", user=checker, rating=Rating.objects.get(slug="false"),
    summary="Checked on the first run.",
)
services.evidence_add(claim=claim, url="https://stats.example/first-run", user=checker)
services.verdict_submit(verdict=verdict, user=checker)
verdict = services.verdict_publish(verdict=verdict, editor=editor)
_, key = partner_key_create(partner=Partner.objects.create(name="First run", contact_email="a@b.example"), name="t")

client = Client(HTTP_HOST="127.0.0.1:8101")
api = Client(HTTP_HOST="127.0.0.1:8101", HTTP_AUTHORIZATION=f"Api-Key {key}")
pages = {
    "fact-check page": client.get(verdict.get_absolute_url()),
    "feed rss": client.get("/feeds/fact-checks.rss"),
    "feed atom": client.get("/feeds/fact-checks.atom"),
    "sitemap index": client.get("/sitemap.xml"),
    "sitemap fact-checks": client.get("/sitemap-fact-checks.xml"),
    "sitemap pages": client.get("/sitemap-pages.xml"),
    "robots.txt": client.get("/robots.txt"),
    "api fact-checks": api.get("/api/v1/fact-checks/"),
    "api tip": api.post(
        "/api/v1/tips/", {"text": claim.text}, content_type="application/json"
    ),
}
found = {}
for name, response in pages.items():
    body = response.content.decode()
    found[name] = {
        "status": response.status_code,
        "urls": sorted(set(re.findall(r"https?://127\.0\.0\.1:\d+[^\s\"'<>]*", body))),
    }
print("PROBE " + json.dumps(found))
