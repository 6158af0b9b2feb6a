from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import BackupError, backup_create, backup_drill, backup_summary


class Command(BaseCommand):
    help = ("备份数据库与媒体文件（附件、文书、身份证明；媒体在对象存储中时经存储接口读取桶内全部对象）"
            "为一个带时间戳的备份集，保留最近 N 个。")

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="备份目录（每次备份在其中新建一个备份集）")
        parser.add_argument("--keep", type=int, default=14, help="保留最近的备份集个数（默认 14）")
        parser.add_argument("--drill", action="store_true", help="备份后立即对新备份集做恢复演练")
        parser.add_argument("--database", default="default", help="Django 数据库别名")

    def handle(self, *args, out, keep, drill, database, **options):
        try:
            path = backup_create(out=out, keep=keep, alias=database)
            self.stdout.write(f"备份完成：{path}（{backup_summary(path)}）")
            if drill:
                report = backup_drill(path=path, alias=database)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        if drill:
            self.stdout.write("\n".join(report.lines()))
            if not report.ok:
                raise CommandError("恢复演练发现差异，备份不可靠。")
