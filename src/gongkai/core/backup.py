"""Backup sets of the database and the media files, their restore, and the restore drill.

A set is one directory ``gongkai-YYYYMMDD-HHMMSS`` holding ``database.sqlite3`` (SQLite's online backup
API) or ``database.dump`` (``pg_dump --format=custom``), ``media.tar`` (every file of the media storage:
MEDIA_ROOT, or every object of the bucket when media live in S3-compatible object storage) and
``manifest.json`` (engine, migration state, row counts of every table, sha256 of every file in the set and
of every media file). A set is written into a hidden temporary directory and renamed when complete, so a
directory with that name and a manifest is always a whole set.

Every failure raises ``BackupError`` with a Chinese message the commands show as is.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump / pg_restore with argument lists, never a shell
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import connections
from django.utils import timezone

SET_PREFIX = "gongkai-"
MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"


class BackupError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- helpers --------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _vendor(db: dict) -> str:
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"不支持的数据库引擎：{engine}（仅支持 SQLite 与 PostgreSQL）")


def _pg_args(db: dict, *, name: str | None = None) -> tuple[list[str], dict]:
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args + ["-d", name or str(db["NAME"])], env


def _pg_connect(db: dict, *, name: str | None = None, autocommit: bool = False):
    import psycopg

    return psycopg.connect(dbname=name or str(db["NAME"]), user=db.get("USER") or None,
                           password=db.get("PASSWORD") or None, host=db.get("HOST") or None,
                           port=db.get("PORT") or None, autocommit=autocommit)


def _run(command: list[str], env: dict, what: str) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(f"{what}失败：找不到命令 {command[0]}，请安装 PostgreSQL 客户端工具。") from exc
    if result.returncode != 0:
        raise BackupError(f"{what}失败（{command[0]} 退出码 {result.returncode}）：{result.stderr.strip()}")


def _count_rows(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        names = [row[0] for row in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return _count_rows(con.cursor(), names, lambda name: '"' + name.replace('"', '""') + '"')
    finally:
        con.close()


def _pg_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    names = [row[0] for row in cursor.fetchall()]
    return _count_rows(cursor, names, lambda name: '"' + name.replace('"', '""') + '"')


def _migration_state(alias: str) -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[alias]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _media_checksums(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {path.relative_to(root).as_posix(): sha256_file(path)
            for path in sorted(root.rglob("*")) if path.is_file()}


def media_storage(media_root: Path | None = None) -> Storage:
    """The folder ``media_root`` when given, else the site's media storage (local or object storage)."""
    return FileSystemStorage(location=media_root) if media_root is not None else storages["default"]


def media_storage_label(storage: Storage) -> str:
    """``s3://bucket/prefix`` for object storage, the folder's path for local files."""
    bucket = getattr(storage, "bucket_name", None)
    if bucket:
        prefix = (getattr(storage, "location", "") or "").strip("/")
        return f"s3://{bucket}" + (f"/{prefix}" if prefix else "")
    return str(Path(storage.location))


def _storage_walk(storage: Storage, directory: str = "") -> Iterator[str]:
    try:
        folders, names = storage.listdir(directory)
    except FileNotFoundError:  # a media folder never written to
        return
    for name in sorted(names):
        yield f"{directory}/{name}" if directory else name
    for folder in sorted(folders):
        yield from _storage_walk(storage, f"{directory}/{folder}" if directory else folder)


def _archive_media(storage: Storage, archive: tarfile.TarFile) -> dict[str, str]:
    """Every file of ``storage`` into ``archive`` (read once through the storage API); name → sha256."""
    checksums = {}
    for name in _storage_walk(storage):
        digest = hashlib.sha256()
        with tempfile.TemporaryFile() as copy, storage.open(name, "rb") as source:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                digest.update(chunk)
                copy.write(chunk)
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = copy.tell(), 0o600, int(timezone.now().timestamp())
            copy.seek(0)
            archive.addfile(info, copy)
        checksums[name] = digest.hexdigest()
    return checksums


# --- backup ---------------------------------------------------------------------------------------


def _set_name(out: Path) -> str:
    base = SET_PREFIX + timezone.localtime().strftime("%Y%m%d-%H%M%S")
    taken = [p.name for p in out.iterdir() if p.name.startswith(base)]
    name, serial = base, 1
    # a set written in the same second as others sorts after them, so it counts as the newest
    while name in taken or any(other > name for other in taken):
        name, serial = f"{base}-{serial:02d}", serial + 1
    return name


def backup_sets(out: Path) -> list[Path]:
    """Complete sets in ``out``, oldest first."""
    if not out.is_dir():
        return []
    return sorted((p for p in out.iterdir() if p.name.startswith(SET_PREFIX) and (p / MANIFEST).is_file()),
                  key=lambda p: p.name)


def backup_create(*, out: Path, keep: int = 14, alias: str = "default", media_root: Path | None = None) -> Path:
    """Write one complete set into ``out`` and keep the newest ``keep`` sets; return the set's path.

    The media are those of the site's storage (``media_root`` to take a folder instead): a bucket's
    objects are read through the storage API into the same ``media.tar``, so one set restores the site."""
    if keep < 1:
        raise BackupError("--keep 至少为 1。")
    db = connections[alias].settings_dict
    vendor = _vendor(db)
    storage = media_storage(media_root)
    try:
        out.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".partial-", dir=out))
    except OSError as exc:
        raise BackupError(f"无法在备份目录 {out} 中写入：{exc}") from exc
    try:
        if vendor == "sqlite":
            counts = _backup_sqlite(alias, work / SQLITE_FILE)
        else:
            counts = _backup_postgresql(db, work / PG_FILE)
        with tarfile.open(work / MEDIA_TAR, "w") as archive:
            media = _archive_media(storage, archive)
        manifest = {
            "format": 1,
            "created_at": timezone.localtime().isoformat(),
            "engine": vendor,
            "database": PG_FILE if vendor == "postgresql" else SQLITE_FILE,
            "migrations": _migration_state(alias),
            "row_counts": counts,
            "media": media,
            "media_storage": media_storage_label(storage),
            "files": {path.name: sha256_file(path) for path in sorted(work.iterdir())},
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        work.chmod(0o700)  # the set holds proofs of identity
        target = out / _set_name(out)
        work.rename(target)
    except BaseException as exc:
        shutil.rmtree(work, ignore_errors=True)  # no half-written set is left behind
        if isinstance(exc, OSError | sqlite3.Error | tarfile.TarError):
            raise BackupError(f"备份失败：{exc}") from exc
        raise
    for old in backup_sets(out)[:-keep]:
        shutil.rmtree(old)
    return target


def _backup_sqlite(alias: str, dest: Path) -> dict[str, int]:
    connection = connections[alias]
    connection.ensure_connection()
    target = sqlite3.connect(dest)
    try:
        # the whole database in one step: a consistent snapshot even while the site writes
        connection.connection.backup(target)
    finally:
        target.close()
    return _sqlite_counts(dest)


def _backup_postgresql(db: dict, dest: Path) -> dict[str, int]:
    # pg_dump runs in a snapshot exported by a transaction that counts the rows, so both see one state
    with _pg_connect(db) as con, con.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        args, env = _pg_args(db)
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(dest), *args], env, "导出数据库")
        counts = _pg_counts(cursor)
        con.rollback()
    return counts


# --- restore --------------------------------------------------------------------------------------


def backup_verify(set_dir: Path) -> dict:
    """The set's manifest, after checking every file of the set against its checksum."""
    manifest_path = set_dir / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{set_dir} 不是完整的备份集：缺少 {MANIFEST}。")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BackupError(f"{manifest_path} 无法解析：{exc}") from exc
    bad = [name for name, digest in manifest.get("files", {}).items()
           if not (set_dir / name).is_file() or sha256_file(set_dir / name) != digest]
    if bad or not manifest.get("files"):
        raise BackupError(f"备份集 {set_dir.name} 的文件与清单校验值不符，拒绝恢复：{'、'.join(bad) or '清单为空'}")
    return manifest


def backup_find(path: Path) -> Path:
    """``path`` itself when it is a set, else the newest set inside it."""
    if (path / MANIFEST).is_file():
        return path
    sets = backup_sets(path)
    if not sets:
        raise BackupError(f"{path} 中没有备份集。")
    return sets[-1]


def backup_summary(set_dir: Path) -> str:
    manifest = json.loads((set_dir / MANIFEST).read_text(encoding="utf-8"))
    where = manifest.get("media_storage", "")
    where = f"对象存储 {where}" if where.startswith("s3://") else f"目录 {where}"
    return f"数据表 {len(manifest['row_counts'])} 张，媒体文件 {len(manifest['media'])} 个（{where}）"


def backup_restore(*, set_dir: Path, db: dict, media_root: Path | None = None) -> dict:
    """Restore the set into the database ``db`` (a settings dict) and the folder ``media_root`` (default:
    the site's media storage, a bucket included); return the manifest."""
    manifest = backup_verify(set_dir)
    vendor = _vendor(db)
    if manifest["engine"] != vendor:
        raise BackupError(f"备份集是 {manifest['engine']} 数据库，目标是 {vendor}：引擎不同，无法恢复。")
    try:
        if vendor == "sqlite":
            _restore_sqlite(set_dir / SQLITE_FILE, Path(db["NAME"]))
        else:
            args, env = _pg_args(db)
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", *args,
                  str(set_dir / PG_FILE)], env, "恢复数据库")
        _restore_media(set_dir / MEDIA_TAR, media_storage(media_root))
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"恢复失败：{exc}") from exc
    return manifest


def _restore_sqlite(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(source, staging)
    # the old database's write-ahead log must not be replayed into the restored file
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(staging, target)


def _restore_media(archive_path: Path, storage: Storage) -> None:
    if isinstance(storage, FileSystemStorage):
        media_root = Path(storage.location)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive_path) as archive:
            archive.extractall(media_root, filter="data")  # noqa: S202 - the data filter refuses unsafe members
        return
    with tarfile.open(archive_path) as archive:
        for member in archive:
            member = tarfile.data_filter(member, "")  # refuses absolute names, "..", links out of the set
            if not member.isfile():
                continue
            if storage.exists(member.name):  # the set's version replaces the object of the same name
                storage.delete(member.name)
            saved = storage.save(member.name, File(archive.extractfile(member), name=member.name))
            if saved != member.name:
                raise BackupError(f"恢复失败：对象 {member.name} 被存为 {saved}。")


# --- drill ----------------------------------------------------------------------------------------


@dataclass
class DrillReport:
    set_name: str
    tables: int = 0
    media_files: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def lines(self) -> list[str]:
        head = f"恢复演练：备份集 {self.set_name}，{self.tables} 张表，{self.media_files} 个媒体文件"
        if self.ok:
            return [head, "结果：一致，备份可以恢复。"]
        return [head, f"结果：发现 {len(self.differences)} 处差异：", *(f"  - {d}" for d in self.differences)]


def _compare(report: DrillReport, kind: str, expected: dict, actual: dict) -> None:
    for key in sorted(expected.keys() | actual.keys()):
        if expected.get(key) != actual.get(key):
            report.differences.append(f"{kind} {key}：清单 {expected.get(key, '无')}，恢复后 {actual.get(key, '无')}")


def backup_drill(*, path: Path, alias: str = "default") -> DrillReport:
    """Restore the newest set under ``path`` into a scratch database and media dir, compare with its manifest.

    The scratch database is a temporary SQLite file, or the PostgreSQL database ``<name>_drill`` (created
    and dropped). The live database and MEDIA_ROOT are never touched.
    """
    set_dir = backup_find(path)
    manifest = backup_verify(set_dir)
    report = DrillReport(set_name=set_dir.name)
    db = dict(connections[alias].settings_dict)
    with tempfile.TemporaryDirectory(prefix="gongkai-drill-") as scratch:
        scratch = Path(scratch)
        if manifest["engine"] == "sqlite":
            scratch_db = {**db, "ENGINE": "django.db.backends.sqlite3", "NAME": scratch / "drill.sqlite3"}
            backup_restore(set_dir=set_dir, db=scratch_db, media_root=scratch / "media")
            counts = _sqlite_counts(scratch_db["NAME"])
        else:
            if _vendor(db) != "postgresql":
                raise BackupError("PostgreSQL 备份集的演练需要在 PostgreSQL 上配置的系统中运行。")
            counts = _drill_postgresql(set_dir, db, scratch / "media")
        restored_media = _media_checksums(scratch / "media")
    report.tables, report.media_files = len(counts), len(restored_media)
    _compare(report, "表", manifest["row_counts"], counts)
    _compare(report, "媒体文件", manifest["media"], restored_media)
    return report


def _drill_postgresql(set_dir: Path, db: dict, media_root: Path) -> dict[str, int]:
    drill_name = f"{db['NAME']}_drill"
    quoted = '"' + drill_name.replace('"', '""') + '"'
    with _pg_connect(db, name="postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {quoted}")
        try:
            backup_restore(set_dir=set_dir, db={**db, "NAME": drill_name}, media_root=media_root)
            with _pg_connect(db, name=drill_name) as con, con.cursor() as cursor:
                return _pg_counts(cursor)
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
