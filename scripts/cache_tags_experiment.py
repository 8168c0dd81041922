"""The hit-ratio experiment of docs/benchmarks.md (*Invalidation by dependency*), against a
running `make cluster VARNISH_PORT=…`:

    DATABASE_URL=… CACHE_URL=… CDN_PURGE_URLS=http://127.0.0.1:8107/ \\
    python scripts/cache_tags_experiment.py http://127.0.0.1:8107 http://127.0.0.1:8105

Warms every page of both laws (law page and each article, both languages) through Varnish
(the first address) and in the app servers' page cache (the second: one app server, asked
directly), publishes a new English wording of Labour Contract Law Article 10 from this
process (as the admin's publish does: a draft, then publish; the purge goes to
CDN_PURGE_URLS), then asks every page again and prints, per law, how many were still
cached in Varnish and in the page cache, and whether the pages showing the article show the
new text.
"""

import os
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return response.headers, response.read().decode()


def main(varnish, app):
    import django

    django.setup()
    from legislation.models import Article, Law
    from publishing import services
    from publishing.versioning import snapshot

    laws = {}
    for law in Law.objects.filter(slug__in=["social-insurance-law", "labour-contract-law"]):
        paths = [f"/{lang}/laws/{law.slug}/" for lang in ("zh-hans", "en")]
        for number in law.articles.order_by("number").values_list("number", flat=True):
            paths += [f"/{lang}/laws/{law.slug}/articles/{number}/" for lang in ("zh-hans", "en")]
        laws[law.slug] = paths
    for paths in laws.values():
        for path in paths:
            for _ in range(2):
                get(varnish, path), get(app, path)

    article = Article.objects.get(law__slug="labour-contract-law", number=10)
    text = "A new wording, published for the hit-ratio experiment."
    with services.draft_applied(article):
        article.text_en = text
        article.save()
        versions = snapshot(article)
    services.save_draft(article, versions, user=None)
    services.publish(Article.objects.get(pk=article.pk), user=None)

    for slug, paths in laws.items():
        in_varnish = sum(get(varnish, p)[0]["X-Cache"] == "HIT" for p in paths)
        in_app = sum(get(app, p)[0]["X-Page-Cache"] == "hit" for p in paths)
        print(
            f"{slug}: {len(paths)} pages; after the edit still cached in Varnish "
            f"{in_varnish} ({in_varnish / len(paths):.0%}), in the page cache {in_app} "
            f"({in_app / len(paths):.0%})"
        )
    for path in ("/en/laws/labour-contract-law/", "/en/laws/labour-contract-law/articles/10/"):
        for base in (varnish, app):
            headers, body = get(base, path)
            print(f"{base}{path}: new text shown: {text in body}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
