from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import BackupError, backup_drill


class Command(BaseCommand):
    help = (
        "恢复演练：把最新的备份集恢复到临时数据库（SQLite 临时文件；PostgreSQL 为 <库名>_drill，用后删除）"
        "和临时媒体目录，逐表核对行数、逐个核对媒体文件校验值，有差异时以非零状态退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, type=Path,
                            help="备份目录（取最新的备份集）或某个备份集")
        parser.add_argument("--database", default="default", help="Django 数据库别名（PostgreSQL 连接参数）")

    def handle(self, *args, source, database, **options):
        try:
            report = backup_drill(path=source, alias=database)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write("\n".join(report.lines()))
        if not report.ok:
            raise CommandError("恢复演练发现差异，备份不可靠。")
