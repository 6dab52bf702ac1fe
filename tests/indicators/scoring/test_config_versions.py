"""A scoring version that stored scores carry is never rewritten through the admin.

Changing a rule number of such a version saves the edit as a new, active version (the next free
integer) and keeps the old row with its numbers, retired; reports of the old scores still find the
rules they were computed with. A version no score uses yet, or a change of 说明 only, is edited in place.
"""

from decimal import Decimal as D

import pytest

from indicators.models import Score, ScoringConfig
from indicators.scoring.services import scores_recompute, scoring_config_save
from tests.indicators.recompute.test_triggers import config_post


@pytest.fixture
def config_admin(client, db):
    from responsibilities.services import user_create

    client.force_login(user_create(username="versions-admin", password="x-pass-123", role="管理员"))
    return client


@pytest.fixture
def used(plan):
    """Active version "7" that the stored scores carry."""
    config = scoring_config_save(config=ScoringConfig(version="7", is_active=True))
    scores_recompute(plan=plan)
    assert set(Score.objects.values_list("config_version", flat=True)) == {"7"}
    return config


def change(client, config, **changes):
    return client.post(
        f"/admin/indicators/scoringconfig/{config.pk}/change/", config_post(config, **changes), follow=True
    )


def test_editing_the_rules_of_a_used_version_saves_a_new_active_version(
    used, config_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = change(config_admin, used, return_deduction="4", note="退回扣分提高")
    assert response.status_code == 200
    assert "规则已修改,已另存为版本 8 并启用;原版本 7 保留。" in response.content.decode()
    old = ScoringConfig.objects.get(pk=used.pk)
    assert (old.version, old.is_active, old.return_deduction, old.note) == ("7", False, D("1.00"), "")
    new = ScoringConfig.objects.get(is_active=True)
    assert (new.version, new.return_deduction, new.note) == ("8", D("4.00"), "退回扣分提高")
    assert ScoringConfig.history.filter(id=new.pk, history_type="+", history_user__username="versions-admin").exists()
    assert set(Score.objects.values_list("config_version", flat=True)) == {"8"}  # after the on_commit recompute
    assert all("每次4分" in rule for rule in Score.objects.filter(level="department").values_list("rule", flat=True))


def test_a_typed_new_label_is_kept_and_an_unticked_copy_is_not_activated(
    used, config_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = change(config_admin, used, version="7.1", is_active=False, grade_pass="50")
    assert "规则已修改,已另存为版本 7.1(未启用);原版本 7 保留。" in response.content.decode()
    assert ScoringConfig.objects.get(pk=used.pk).grade_pass == D("60.00")
    assert not ScoringConfig.objects.filter(is_active=True, version__in=["7", "7.1"]).exists()
    assert ScoringConfig.objects.get(version="7.1").grade_pass == D("50.00")


def test_editing_only_the_note_of_a_used_version_edits_in_place(used, config_admin, django_capture_on_commit_callbacks):
    rows = ScoringConfig.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = change(config_admin, used, note="仅修改说明")
    assert "另存为版本" not in response.content.decode()
    assert ScoringConfig.objects.count() == rows
    config = ScoringConfig.objects.get(pk=used.pk)
    assert (config.version, config.is_active, config.note) == ("7", True, "仅修改说明")
    assert set(Score.objects.values_list("config_version", flat=True)) == {"7"}


def test_a_version_no_score_uses_is_edited_in_place(plan, config_admin, django_capture_on_commit_callbacks):
    config = scoring_config_save(config=ScoringConfig(version="9", is_active=False))
    rows = ScoringConfig.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = change(config_admin, config, return_deduction="2")
    assert "另存为版本" not in response.content.decode()
    assert ScoringConfig.objects.count() == rows
    assert ScoringConfig.objects.get(pk=config.pk).return_deduction == D("2.00")


def test_the_next_label_skips_labels_used_by_configurations_and_scores(
    used, config_admin, django_capture_on_commit_callbacks
):
    scoring_config_save(config=ScoringConfig(version="10", is_active=False))
    Score.objects.filter(pk=Score.objects.first().pk).update(config_version="12")  # of a deleted row
    with django_capture_on_commit_callbacks(execute=True):
        change(config_admin, used, lagging_gap="35")
    assert ScoringConfig.objects.get(is_active=True).version == "13"
    assert ScoringConfig.objects.get(pk=used.pk).lagging_gap == D("30.00")
