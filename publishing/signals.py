"""Signals for apps that keep state beside the content rows (translations.tracking)."""

from django.dispatch import Signal

# Sent by services.apply() inside its transaction, just before the rows of `obj` are made
# what `revision` holds (a draft published, shown in a form or exported; a revert): the rows
# are still the ones it replaces. Arguments: obj, revision.
revision_applying = Signal()

# Sent by services.outdated_by_draft() while a draft is applied (and rolled back afterwards):
# each receiver returns the translations that are outdated in `rows` ({(content type id,
# object id): Version} of the applied rows), as {(content type id, object id, column)}.
translations_outdated = Signal()
