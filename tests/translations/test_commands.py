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


def test_a_converted_language_passes_the_gate_only_when_machine_text_counts(seeded):
    """On the seed English is reviewed throughout and zh-hant is all machine-converted: the
    reviewed-only gate names zh-hant, the gate that counts what visitors can read passes."""
    with pytest.raises(CommandError) as error:
        run("--fail-under", "90")
    assert error.value.returncode == 1
    assert "zh-hant 0.0%" in str(error.value) and "en " not in str(error.value)
    assert "Every language is at 90% or more readable" in run(
        "--fail-under", "90", "--count-machine"
    )
