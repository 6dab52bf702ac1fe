"""``python manage.py demo_accounts`` — create one demo account per role and print the logins."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from responsibilities.models import Department
from responsibilities.services import demo_accounts_ensure


class Command(BaseCommand):
    help = "创建演示账号(每个角色一个,填报员两个单位各一个)并打印登录信息。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="在生产配置下也创建")

    def handle(self, *args, force=False, **options):
        if not settings.LOAD_DEMO_DATA and not force:
            raise CommandError("生产配置下不创建演示账号;确需创建请加 --force。")
        if not Department.objects.exists():
            raise CommandError("尚未载入规划,请先运行 load_plan。")
        self.stdout.write("演示账号(仅供演示,请勿用于生产):")
        for username, password, role in demo_accounts_ensure():
            self.stdout.write(f"  {username:<18} 密码 {password}  {role}")
