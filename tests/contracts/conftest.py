import pytest


@pytest.fixture
def public_object(seeded, kind):
    """A public object of `kind` from the seed (the seed has one of every kind)."""
    obj = kind.public_queryset().order_by("pk").first()
    assert obj is not None, f"the seed has no public {kind.name}: the contract tests need one"
    return obj
