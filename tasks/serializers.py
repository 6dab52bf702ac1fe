"""API serializers of the plan's structure: plans, systems (体系), plan tasks (任务), milestones (节点)."""

from rest_framework import serializers

from tasks.models import EcoSystem, Milestone, Plan, PlanTask


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = [
            "id",
            "code",
            "name",
            "county",
            "city",
            "province",
            "period_start",
            "period_end",
            "base_year",
            "target_year",
            "source",
        ]


class EcoSystemSerializer(serializers.ModelSerializer):
    """A system; ``weight`` is its weight in the plan score."""

    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = EcoSystem
        fields = ["id", "plan", "code", "order", "name", "aliases", "weight"]


class PlanTaskSerializer(serializers.ModelSerializer):
    """A plan task (1–23); ``system_code`` saves a look-up for clients that key by code."""

    system_code = serializers.CharField(source="system.code", read_only=True)

    class Meta:
        model = PlanTask
        fields = ["id", "system", "system_code", "number", "title", "text", "target_statement", "weight"]


class MilestoneSerializer(serializers.ModelSerializer):
    """A qualitative target of a task; ``task_number`` is the plan's task number (1–23)."""

    task_number = serializers.IntegerField(source="task.number", read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "task", "task_number", "code", "title", "due_date", "weight", "source_sentence"]
