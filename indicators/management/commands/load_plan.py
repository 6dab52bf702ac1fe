"""``python manage.py load_plan fixtures/plan_lingqiu_2022_2025.yaml`` — load a plan file idempotently."""

from django.core.management.base import BaseCommand, CommandError

from indicators.catalogue.plan_loader import PlanFileError, plan_file_read, plan_load


class Command(BaseCommand):
    help = "载入规划文件(YAML):重复载入不改变任何数据,修改后的文件就地更新;格式错误时不载入任何内容。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="规划文件路径,例如 fixtures/plan_lingqiu_2022_2025.yaml")

    def handle(self, *args, path, **options):
        try:
            report = plan_load(data=plan_file_read(path))
        except PlanFileError as exc:
            raise CommandError("规划文件有误,未载入任何内容:\n" + "\n".join(exc.lines)) from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"载入完成,变更 {report.changed} 行。"))
