"""目标未下达 warns the supervisors once (issue 11, 5): one notice per indicator and year, none again on the next
recompute; entering the year's target makes the indicator scored again and counted in its task."""

import datetime as dt

from indicators.models import Indicator, Notification, ReportingPeriod, Score
from indicators.scoring.services import scores_recompute

TODAY = dt.date(2026, 10, 10)


def test_supervisors_are_warned_once_per_indicator_and_year(plan, supervisor, staff_a):
    scores_recompute(plan=plan, today=TODAY)
    notices = Notification.objects.filter(user=supervisor, key__startswith="no-target:")
    aq = Indicator.objects.get(code="T05-AQ-GOOD")
    keys = set(notices.values_list("key", flat=True))
    assert {f"no-target:{aq.pk}:{year}" for year in (2022, 2023, 2024, 2025)} <= keys
    text = notices.get(key=f"no-target:{aq.pk}:2025").text
    assert "T05-AQ-GOOD" in text and "2025年目标未下达" in text and "分年度目标" in text
    assert not Notification.objects.filter(user=staff_a, key__startswith="no-target:").exists()  # supervisors only
    count = notices.count()
    Score.objects.filter(level="indicator", indicator=aq).delete()  # rows written again: still no second notice
    scores_recompute(plan=plan, today=TODAY)
    assert notices.count() == count


def test_entering_the_years_target_scores_the_indicator_again(plan):
    aq = Indicator.objects.get(code="T05-AQ-GOOD")
    aq.yearly_targets = {"2022": "85"}
    aq.save()
    scores_recompute(plan=plan, today=TODAY)
    period = ReportingPeriod.objects.get(year=2022, quarter=4)
    row = Score.objects.get(level="indicator", indicator=aq, period=period)
    assert row.status == "achieved"  # 87.1 ≥ 85 (the public figure of 2022)
