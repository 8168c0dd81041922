"""Signals for apps that keep state beside the content rows (translations.tracking)."""

from django.dispatch import Signal

# Sent by services.apply() inside its transaction, just before the rows of `obj` are made
# what `revision` holds (a draft published, shown in a form or exported; a revert): the rows
# are still the ones it replaces. Arguments: obj, revision.
revision_applying = Signal()
