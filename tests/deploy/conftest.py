import pytest

from gongkai.reviews.services import disclosure_approve, disclosure_review, disclosure_submit


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def published(draft_factory, staff):
    """published(**fields) drafts an item in DEPT-A and takes it through submit → review → approve;
    published.publish(draft) does the same for a draft."""

    def publish(item):
        disclosure_submit(disclosure=item, actor=staff["op_a"])
        disclosure_review(disclosure=item, actor=staff["rev_a"], passed=True)
        item = disclosure_approve(disclosure=item, actor=staff["app_a"], approved=True)
        item.refresh_from_db()
        return item

    def make(**fields):
        return publish(draft_factory(**fields))

    make.publish = publish
    return make
