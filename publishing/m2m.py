"""Rows of auto-created many-to-many tables (a comparison's legal basis), named for people.

Django names such a row "Comparison_legal_basis object (1)" under the verbose name
"comparison-article relationship", and shows both wherever the row is listed: on the
admin's delete confirmations ("these related objects will be deleted too") and in histories.
name_link_rows() gives every such table of public content the many-to-many field's own
verbose name ("legal basis") and a str() naming the object linked to ("《…》第二条"), in the
reader's language.
"""


def name_link_rows(models):
    for model in models:
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                _name(through, field)


def _name(through, field):
    target = field.m2m_reverse_field_name()  # the through table's foreign key to the target
    through._meta.verbose_name = field.verbose_name
    through._meta.verbose_name_plural = field.verbose_name
    through.__str__ = lambda row: str(getattr(row, target))


def name_kind_links(kind):
    """name_link_rows() for a kind and its inline rows (publishing.registry.on_register)."""
    name_link_rows(kind.history_models())
