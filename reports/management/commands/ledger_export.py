"""``manage.py ledger_export --plan CODE [--department CODE] [--year YYYY] --out FILE.zip``: the 台账 ZIP
of a plan (optionally one department, one year) written straight to a file, without a job."""

from django.core.management.base import BaseCommand, CommandError

from reports.ledger.services import ledger_export
from responsibilities.models import Department
from tasks.models import Plan


class Command(BaseCommand):
    help = "Write the evidence ledger (台账) ZIP of a plan, optionally one department and one year."

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="plan code (Plan.code)")
        parser.add_argument("--department", help="department code (Department.code); default: the whole county")
        parser.add_argument("--year", type=int, help="reporting year, e.g. 2025; default: every year")
        parser.add_argument("--out", required=True, help="the ZIP file to write")

    def handle(self, *args, plan, department, year, out, **options):
        try:
            plan_obj = Plan.objects.get(code=plan)
        except Plan.DoesNotExist:
            raise CommandError(f"没有代码为 {plan} 的规划。") from None
        dept = None
        if department:
            try:
                dept = Department.objects.get(code=department)
            except Department.DoesNotExist:
                raise CommandError(f"没有代码为 {department} 的单位。") from None
        summary = ledger_export(plan=plan_obj, out=out, department=dept, year=year)
        self.stdout.write(
            f"{out}: {summary.file_count} evidence files, {summary.size} bytes, {summary.missing} missing"
        )
