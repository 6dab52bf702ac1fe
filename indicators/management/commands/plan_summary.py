"""``python manage.py plan_summary [--json]`` — print the loaded plan tree."""

import json

from django.core.management.base import BaseCommand, CommandError

from indicators.catalogue.selectors import plan_summary
from tasks.selectors import plan_current


class Command(BaseCommand):
    help = "输出已载入规划的结构:体系 → 任务 → 指标与节点目标,以及各任务的牵头、配合单位。"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        plan = plan_current()
        if plan is None:
            raise CommandError("尚未载入规划,请先运行 load_plan。")
        summary = plan_summary(plan=plan)
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
            return
        for system in summary["systems"]:
            self.stdout.write(f"{system['order']}. {system['name']}")
            for task in system["tasks"]:
                leads = "、".join(a["department"] for a in task["assignments"] if a["role"] == "lead")
                self.stdout.write(f"   {task['number']:>2}. {task['title']}(牵头:{leads})")
                for ind in task["indicators"]:
                    self.stdout.write(f"       - {ind['code']} {ind['name']} {ind['target']}")
