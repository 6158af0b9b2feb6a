"""``gongkai reindex``: rebuild the search index from the register while search keeps working."""

import time

from django.core.management.base import BaseCommand

from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.taxonomy import Status
from gongkai.search import services, tokens
from gongkai.search.models import SearchEntry


class Command(BaseCommand):
    help = "重建全文检索索引（检索在重建期间照常可用）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000, help="每批索引的条数（默认 1000）")
        parser.add_argument("--jobs", type=int, default=1, help="分词进程数（默认 1；多核机器可加快重建）")
        parser.add_argument("--if-incomplete", action="store_true",
                            help="只在已发布信息多于索引条目时重建（例如批量导入或载入演示数据之后）")

    def handle(self, *args, batch_size: int, jobs: int, if_incomplete: bool = False, verbosity: int = 1,
               **options):
        started = time.monotonic()
        if if_incomplete:
            published = Disclosure.objects.filter(status=Status.PUBLISHED).count()
            indexed = SearchEntry.objects.count()
            if indexed >= published:
                if verbosity:
                    self.stdout.write(f"全文检索索引完整（{indexed} 条），无需重建。")
                return

        def progress(done: int) -> None:
            if verbosity >= 2:
                self.stdout.write(f"已索引 {done} 条（{time.monotonic() - started:.0f} 秒）")

        total = services.reindex(batch_size=max(batch_size, 1), jobs=max(jobs, 1), progress=progress)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(
                f"全文检索索引已重建：{total} 条已发布信息，用时 {time.monotonic() - started:.1f} 秒（分词规则 {tokens.version()}）。"
            ))
