"""The registry's kinds as test parameters: a test written over KIND_PARAMS (or a subset such
as kinds_with("page")) covers every kind registered now or later, without a new test.

For the rules of publishing's admin (translator limits, rename → 301, scheduled drafts, stale
merges, delete integrity) parametrize the same way:

    @pytest.mark.parametrize("kind", kinds_with("page"))
    def test_rename_keeps_old_addresses(kind, public_object, admin_client): ...

`public_object` (tests/contracts/conftest.py) gives a public object of `kind` from the seed.
"""

import pytest

from publishing import registry


def kinds_with(*channels):
    """pytest params of the kinds that have every one of `channels` (Kind attributes)."""
    return [
        pytest.param(kind, id=kind.name)
        for kind in registry.kinds()
        if all(getattr(kind, channel) for channel in channels)
    ]


KIND_PARAMS = kinds_with("name")
