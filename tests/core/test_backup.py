"""Backup sets, restore and the restore drill on the database the suite runs on (SQLite or PostgreSQL)."""

import json
import sqlite3
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gongkai.core.backup import backup_sets
from gongkai.disclosures.models import Disclosure

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    proof = settings.MEDIA_ROOT / "proofs" / "2026" / "身份证明.pdf"
    proof.parent.mkdir(parents=True)
    proof.write_bytes(b"%PDF-1.7 proof of identity")
    return proof


@pytest.fixture
def backed_up(draft_factory, media, tmp_path):
    """Two drafts and one media file, backed up into tmp_path/backups; returns the set's path."""
    draft_factory()
    draft_factory(title="关于2026年度财政预算执行情况的报告")
    call_command("backup", "--out", str(tmp_path / "backups"))
    (only,) = backup_sets(tmp_path / "backups")
    return only


def drill(path: Path) -> tuple[str, CommandError | None]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("restore_drill", "--from", str(path), stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_a_set_holds_the_database_media_and_a_manifest(backed_up):
    manifest = json.loads((backed_up / "manifest.json").read_text(encoding="utf-8"))

    assert manifest["engine"] == connection.vendor
    assert manifest["row_counts"]["disclosures_disclosure"] == 2
    assert manifest["migrations"]["disclosures"].startswith("00")
    assert list(manifest["media"]) == ["proofs/2026/身份证明.pdf"]
    assert set(manifest["files"]) == {manifest["database"], "media.tar"}
    assert manifest["created_at"].startswith("2026-11-2")  # the frozen test day, not the machine's


def test_after_a_wipe_the_drill_restores_every_row_and_file(backed_up, media):
    # given the live data is lost after the backup
    Disclosure.objects.all().delete()
    media.unlink()

    # when the newest set is restored into a scratch database
    report, error = drill(backed_up.parent)

    # then every table has the manifest's row count and every file its checksum
    assert error is None, report
    assert "结果：一致" in report
    assert not Disclosure.objects.exists() and not media.exists()  # the live site is left alone


def test_a_set_whose_files_do_not_match_the_manifest_is_refused(backed_up, tmp_path):
    with open(backed_up / "media.tar", "r+b") as archive:
        archive.seek(600)
        archive.write(b"tampered")

    with pytest.raises(CommandError, match="校验值不符"):
        call_command("restore", "--from", str(backed_up), "--media", str(tmp_path / "restored"), "--yes",
                     "--database", f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    _, error = drill(backed_up)
    assert error is not None and "校验值不符" in str(error)
    assert not (tmp_path / "restored").exists()


def test_restore_needs_yes(backed_up):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", "--from", str(backed_up))


def test_only_the_newest_sets_are_kept(backed_up, tmp_path):
    for _ in range(3):
        call_command("backup", "--out", str(tmp_path / "backups"), "--keep", "2")

    sets = backup_sets(tmp_path / "backups")
    assert len(sets) == 2 and backed_up not in sets
    assert [p.name for p in (tmp_path / "backups").iterdir() if p.name.startswith(".")] == []


def test_an_unfinished_set_is_never_taken_for_a_backup(backed_up):
    # given a run that died while writing, and a directory named like a set but without a manifest
    (backed_up.parent / ".partial-x1y2").mkdir()
    (backed_up.parent / "gongkai-20991231-235959").mkdir()

    report, error = drill(backed_up.parent)

    assert backup_sets(backed_up.parent) == [backed_up]
    assert error is None and backed_up.name in report


def test_an_unwritable_backup_directory_fails_with_a_clear_message(media, tmp_path):
    (tmp_path / "not-a-dir").write_text("")

    with pytest.raises(CommandError, match="无法在备份目录"):
        call_command("backup", "--out", str(tmp_path / "not-a-dir"))


@on_sqlite
def test_sqlite_restore_into_another_database_file(backed_up, tmp_path):
    target = tmp_path / "restored.sqlite3"

    call_command("restore", "--from", str(backed_up), "--database", f"sqlite:///{target}",
                 "--media", str(tmp_path / "restored-media"), "--yes")

    with sqlite3.connect(target) as restored:
        titles = sorted(row[0] for row in restored.execute("SELECT title FROM disclosures_disclosure"))
    assert titles == ["关于2026年度财政预算执行情况的报告", "关于印发《测试区征地补偿实施办法》的通知"]
    assert (tmp_path / "restored-media" / "proofs/2026/身份证明.pdf").read_bytes() == b"%PDF-1.7 proof of identity"


@on_postgresql
def test_postgresql_restore_into_a_scratch_database(backed_up, tmp_path):
    import psycopg

    db = connection.settings_dict
    scratch = f"{db['NAME']}_scratch"
    admin = psycopg.connect(dbname="postgres", user=db["USER"] or None, host=db["HOST"] or None,
                            port=db["PORT"] or None, password=db["PASSWORD"] or None, autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{scratch}"
        call_command("restore", "--from", str(backed_up), "--database", url,
                     "--media", str(tmp_path / "restored-media"), "--yes")
        with psycopg.connect(dbname=scratch, user=db["USER"] or None, host=db["HOST"] or None,
                             port=db["PORT"] or None, password=db["PASSWORD"] or None) as restored:
            count = restored.execute("SELECT COUNT(*) FROM disclosures_disclosure").fetchone()[0]
        assert count == 2
        assert (tmp_path / "restored-media" / "proofs/2026/身份证明.pdf").exists()
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        admin.close()
