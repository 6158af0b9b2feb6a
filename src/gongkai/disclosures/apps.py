from django.apps import AppConfig
from django.db.models.signals import post_migrate


def seed_vocabularies(sender, using="default", **kwargs) -> None:
    """主题分类 and 体裁 are seeded after every migrate and every flush, so they are always there;
    labels a site has edited are kept."""
    from .models import Term
    from .taxonomy import GENRES, TOPICS

    for vocabulary, entries in (("topic", TOPICS), ("genre", GENRES)):
        existing = set(Term.objects.using(using).filter(vocabulary=vocabulary).values_list("code", flat=True))
        Term.objects.using(using).bulk_create(
            Term(vocabulary=vocabulary, code=code, name=name, sort=sort)
            for sort, (code, name) in enumerate(entries, start=1)
            if code not in existing
        )


class DisclosuresConfig(AppConfig):
    name = "gongkai.disclosures"
    verbose_name = "信息公开目录"

    def ready(self) -> None:
        post_migrate.connect(seed_vocabularies, sender=self)
