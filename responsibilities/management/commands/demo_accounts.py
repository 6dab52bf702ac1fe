"""``python manage.py demo_accounts`` — create one demo account per role and print the logins.

Refused under the production settings (``LOAD_DEMO_DATA`` is always false there): the demo password is
published, and an administrator with it would be an open door. There is no way around it.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from responsibilities.models import Department
from responsibilities.services import demo_accounts_ensure


class Command(BaseCommand):
    help = "创建演示账号(每个角色一个,填报员两个单位各一个)并打印登录信息;生产配置下拒绝运行。"

    def handle(self, *args, **options):
        if not settings.LOAD_DEMO_DATA:
            raise CommandError(
                "生产配置下不创建演示账号:演示密码是公开的。请用 createsuperuser 创建第一个管理员,"
                "再在后台为其他人建立账号。"
            )
        if not Department.objects.exists():
            raise CommandError("尚未载入规划,请先运行 load_plan。")
        self.stdout.write("演示账号(仅供演示,请勿用于生产):")
        for username, password, role in demo_accounts_ensure():
            self.stdout.write(f"  {username:<18} 密码 {password}  {role}")
