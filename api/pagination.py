from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

from publishing.origin import absolute_url


class PageNumberPagination(pagination.PageNumberPagination):
    """?page=2, 50 objects a page, with the total count and links to the neighbours.

    `page` is a positive integer, as the schema says: anything else (`?page=`, `?page=last`,
    `?page=0`) is a 400 naming the parameter; a page past the last one is a 404."""

    page_size = 50
    last_page_strings = ()

    @classmethod
    def validate(cls, request):
        raw = request.query_params.get(cls.page_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            message = _("Give a page number: 1, 2, 3…")
            raise exceptions.ValidationError({cls.page_query_param: [message]})

    def paginate_queryset(self, queryset, request, view=None):
        self.validate(request)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters

    def get_next_link(self):
        if not self.page.has_next():
            return None
        return replace_query_param(self._url(), self.page_query_param, self.page.next_page_number())

    def get_previous_link(self):
        if not self.page.has_previous():
            return None
        number = self.page.previous_page_number()
        if number == 1:
            return remove_query_param(self._url(), self.page_query_param)
        return replace_query_param(self._url(), self.page_query_param, number)

    def _url(self):
        # From the canonical origin, not the Host the client sent (publishing.origin).
        return absolute_url(self.request.get_full_path())
