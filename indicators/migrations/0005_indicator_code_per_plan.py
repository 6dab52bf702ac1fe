"""Indicator codes unique within a plan (issue 11), second step: ``Indicator.plan`` required and the
constraint moved from (task, code) to (plan, code). A migration of its own: PostgreSQL refuses to alter a
table with pending deferred-constraint events in the transaction that filled it (0004)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_indicator_plan")]

    operations = [
        migrations.AlterField(
            model_name="indicator",
            name="plan",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="indicators",
                to="tasks.plan",
                verbose_name="规划",
            ),
        ),
        migrations.RemoveConstraint(model_name="indicator", name="indicator_unique_code"),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.UniqueConstraint(fields=("plan", "code"), name="indicator_unique_code_per_plan"),
        ),
    ]
