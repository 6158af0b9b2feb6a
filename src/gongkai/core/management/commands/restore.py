from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from gongkai.config.settings import database_from_url
from gongkai.core.backup import BackupError, backup_find, backup_restore


class Command(BaseCommand):
    help = (
        "从备份集恢复数据库和媒体文件。先核对清单中的校验值，不符则拒绝；会覆盖目标数据库，"
        "须加 --yes。恢复到正在使用的数据库前请先停止网站。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, type=Path,
                            help="备份集目录（或备份目录：取最新的备份集）")
        parser.add_argument("--database", dest="url", help="恢复到另一个数据库（DATABASE_URL 格式），默认为当前配置的数据库")
        parser.add_argument("--media", type=Path, help="媒体文件恢复到此目录，默认恢复到网站的媒体存储（MEDIA_ROOT 或对象存储桶）")
        parser.add_argument("--yes", action="store_true", help="确认覆盖目标数据库和媒体目录")

    def handle(self, *args, source, url, media, yes, **options):
        if not yes:
            raise CommandError("恢复会覆盖目标数据库和媒体文件；确认无误后请加 --yes 再运行。")
        try:
            db = database_from_url(url) if url else dict(connections["default"].settings_dict)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        connections.close_all()  # the restored database file replaces the one this process may hold open
        try:
            set_dir = backup_find(source)
            manifest = backup_restore(set_dir=set_dir, db=db, media_root=media)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"已从备份集 {set_dir.name}（{manifest['created_at']}）恢复：{len(manifest['row_counts'])} 张表，"
            f"{len(manifest['media'])} 个媒体文件。"
        )
