from django.core.management.base import BaseCommand, CommandError

from gongkai.disclosures.counts import public_counts_diff, public_counts_rebuild


class Command(BaseCommand):
    help = "核对（--check）或重建（--rebuild）门户使用的已发布信息计数表。"

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true", help="与目录中的实际条数逐项比对，有差异时以非零状态退出")
        group.add_argument("--rebuild", action="store_true", help="按目录中的实际条数重建计数表")

    def handle(self, *args, check, rebuild, **options):
        if rebuild:
            rows = public_counts_rebuild()
            self.stdout.write(f"计数表已重建：{rows} 行。")
            return
        diff = public_counts_diff()
        for key, (stored, live) in list(diff.items())[:50]:
            self.stdout.write(
                f"机构 {key.unit_id} 类别 {key.category or '—'} 主题 {key.topic_id} 体裁 {key.genre_id} "
                f"{key.year}年 {key.validity}：计数表 {stored}，实际 {live}"
            )
        if diff:
            raise CommandError(f"计数表有 {len(diff)} 处与目录不一致，请运行 gongkai counts --rebuild。")
        self.stdout.write("计数表与目录一致。")
