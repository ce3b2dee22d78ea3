from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """Pages of 50 like the staff lists; `page_size` asks for up to 200."""

    page_size_query_param = "page_size"
    max_page_size = 200
