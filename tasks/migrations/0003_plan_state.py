import datetime as dt

from django.db import migrations, models


def states_from_dates(apps, schema_editor):
    """Plans loaded before states existed keep today's behaviour: 已结束 once their period has ended
    (still tracked and open for entry), else 实施中."""
    Plan = apps.get_model("tasks", "Plan")
    today = dt.date.today()
    Plan.objects.filter(period_end__lt=today).update(state="ended")
    Plan.objects.filter(period_end__gte=today).update(state="active")


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0002_audit_event"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="state",
            field=models.CharField(
                choices=[("draft", "草案"), ("active", "实施中"), ("ended", "已结束"), ("archived", "已归档")],
                default="draft",
                max_length=10,
                verbose_name="规划状态",
            ),
        ),
        migrations.RunPython(states_from_dates, migrations.RunPython.noop),
    ]
