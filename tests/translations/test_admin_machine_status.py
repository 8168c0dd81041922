"""The admin lists' translation column and filters say "machine-converted" where the
dashboard and `translation_status` do: a Traditional Chinese text converted by machine and not
reviewed is not "up to date"."""

import pytest
from bs4 import BeautifulSoup

from translations.tracking import statuses

LISTS = [
    ("questions/question", "questions.Question"),
    ("cards/comparison", "cards.Comparison"),
    ("guide/task", "guide.Task"),
]


def badges(html):
    soup = BeautifulSoup(html, "html.parser")
    return [" ".join(b.get_text().split()) for b in soup.select(".translation-status")]


@pytest.mark.parametrize(("path", "label"), LISTS)
def test_the_list_says_machine_converted_and_filters_it(admin_client, seeded, path, label):
    from django.apps import apps

    model = apps.get_model(label)
    objects = list(model.objects.all())
    machine = {s.obj.pk for s in statuses(objects, ["zh-hant"]) if s.is_machine}
    assert machine  # the seed's Traditional Chinese is converted by machine
    shown = badges(admin_client.get(f"/en/admin/{path}/").content)
    assert any(b == "Traditional Chinese: machine-converted" for b in shown), shown
    assert not any(b == "Traditional Chinese: up to date" for b in shown) or len(machine) < len(
        objects
    )
    listed = admin_client.get(f"/en/admin/{path}/", {"translation_zh_hant": "machine"})
    assert listed.status_code == 200
    assert {obj.pk for obj in listed.context["cl"].result_list} == machine
    up_to_date = admin_client.get(f"/en/admin/{path}/", {"translation_zh_hant": "up_to_date"})
    assert not {obj.pk for obj in up_to_date.context["cl"].result_list} & machine
    assert "machine-converted in Traditional Chinese" in listed.content.decode()
