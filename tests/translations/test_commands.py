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
    lines = [line for line in output.splitlines() if line.startswith("en ")]
    line = next(line for line in lines if " articles " in line)
    assert line.split()[2:7] == ["196", "98", "0", "98", "0"]
    line = next(line for line in lines if " laws " in line)
    assert line.split()[2:7] == ["10", "10", "0", "0", "0"]  # both laws' titles, notes …
    # Traditional Chinese: every article converted by machine, none reviewed yet.
    line = next(
        line for line in output.splitlines() if line.startswith("zh-hant ") and " articles " in line
    )
    assert line.split()[2:7] == ["196", "0", "0", "0", "196"]


def test_fail_under_exits_non_zero_below_the_threshold(chinese_only_law):
    with pytest.raises(CommandError) as error:
        run("--fail-under", "99")
    assert error.value.returncode == 1
    assert "Every language" in run("--fail-under", "1", "--language", "en")


def test_unknown_language_is_an_error(seeded):
    with pytest.raises(CommandError):
        run("--language", "fr")
