import io

import pytest
from django.core.management import CommandError, call_command


def run(*args):
    out = io.StringIO()
    call_command("translation_status", *args, stdout=out)
    return out.getvalue()


def test_translation_status_prints_the_table(chinese_only_law):
    output = run()
    assert "articles" in output
    assert "en         all" in output
    # The Social Insurance Law's 98 articles have English, the Labour Contract Law's 98 not.
    line = next(line for line in output.splitlines() if " articles " in line)
    assert line.split()[2:6] == ["196", "98", "0", "98"]
    line = next(line for line in output.splitlines() if " laws " in line)
    assert line.split()[2:6] == ["10", "10", "0", "0"]  # both laws' titles, notes …


def test_fail_under_exits_non_zero_below_the_threshold(chinese_only_law):
    with pytest.raises(CommandError) as error:
        run("--fail-under", "99")
    assert error.value.returncode == 1
    assert "Every language" in run("--fail-under", "1")


def test_unknown_language_is_an_error(seeded):
    with pytest.raises(CommandError):
        run("--language", "fr")
