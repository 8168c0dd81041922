"""Article numbers in API and embed addresses: the same 1–9999 as the site's (an overlong
number must not reach the database). Registered once, on the first import."""

from django.urls import register_converter

from legislation.urls import ArticleNumberConverter

register_converter(ArticleNumberConverter, "article_number")
