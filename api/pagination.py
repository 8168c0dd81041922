from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """?page=2, 50 objects a page, with the total count and links to the neighbours."""

    page_size = 50
