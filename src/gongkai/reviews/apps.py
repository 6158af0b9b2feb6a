from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "gongkai.reviews"
    verbose_name = "保密审查"
