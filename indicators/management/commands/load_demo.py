"""``python manage.py load_demo``: demo figures (示例数据) for every department and quarter.

Refused under the production settings (``LOAD_DEMO_DATA`` is always false there), with no way around it:
made-up figures must never mix with a county's real data.
"""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from indicators.demo.data import demo_load
from indicators.demo.orders import demo_orders_load
from tasks.models import Plan


class Command(BaseCommand):
    help = "载入示例数据(可重复运行,已有的填报表不会被改动);生产配置下拒绝运行。"

    def handle(self, *args, **options):
        if not settings.LOAD_DEMO_DATA:
            raise CommandError("生产配置下不载入示例数据(LOAD_DEMO_DATA 为假):示例数据不能与真实填报数据混在一起。")
        if not Plan.objects.exists():
            raise CommandError("尚未载入规划,请先运行 python manage.py load_plan fixtures/plan_lingqiu_2022_2025.yaml")
        counts = demo_load(today=timezone.localdate())
        summary = ",".join(f"{name} {counts[name]}" for name in ("填报表", "指标数值", "节点进展"))
        self.stdout.write(f"示例数据:新建 {summary}(已有的不变)。")
        self.stdout.write(f"示例督办单:新建 {demo_orders_load(today=timezone.localdate())} 件。")
        self._scores_recompute()

    def _scores_recompute(self):
        """Recompute stored scores when the scoring work provides ``scores_recompute_all``."""
        try:
            scoring = importlib.import_module("indicators.scoring.services")
        except ImportError:
            return
        if hasattr(scoring, "scores_recompute_all"):
            scoring.scores_recompute_all()
            self.stdout.write("进度得分已重新计算。")
