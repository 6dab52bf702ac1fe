"""Indicator codes unique within a plan (issue 11), first step: ``Indicator.plan`` denormalised from the task's plan,
filled for existing rows (0005 makes it required and moves the constraint to (plan, code)).

A database holding the same code twice in one plan (possible before: codes were unique per task only) is
refused with the codes named, rather than failing on the constraint."""

import django.db.models.deletion
from django.db import migrations, models


def plan_fill(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    HistoricalIndicator = apps.get_model("indicators", "HistoricalIndicator")
    PlanTask = apps.get_model("tasks", "PlanTask")
    tasks_of_plan = {}
    for task_id, plan_id in PlanTask.objects.values_list("pk", "system__plan"):
        tasks_of_plan.setdefault(plan_id, []).append(task_id)
    for plan_id, task_ids in tasks_of_plan.items():
        Indicator.objects.filter(task_id__in=task_ids).update(plan_id=plan_id)
        HistoricalIndicator.objects.filter(task_id__in=task_ids).update(plan_id=plan_id)
    duplicates = (
        Indicator.objects.values("plan_id", "code").annotate(n=models.Count("pk")).filter(n__gt=1).values_list("code")
    )
    if duplicates:
        codes = "、".join(sorted({code for (code,) in duplicates}))
        raise RuntimeError(f"同一规划内指标代码重复,请先在后台修改后再迁移:{codes}")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_yearly_target_sources"),
        ("tasks", "0002_audit_event"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="plan",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="indicators",
                to="tasks.plan",
                verbose_name="规划",
            ),
        ),
        migrations.AddField(
            model_name="historicalindicator",
            name="plan",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="tasks.plan",
                verbose_name="规划",
            ),
        ),
        migrations.RunPython(plan_fill, migrations.RunPython.noop),
    ]
