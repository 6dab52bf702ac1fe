"""API serializers of responsible departments (责任单位) and task assignments (牵头/配合)."""

from rest_framework import serializers

from responsibilities.models import Department, TaskAssignment


class DepartmentSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Department
        fields = ["id", "code", "name", "short_name", "kind", "kind_display", "is_active"]


class TaskAssignmentSerializer(serializers.ModelSerializer):
    """Task × department with the role: ``lead`` (牵头单位) or ``support`` (配合单位)."""

    task_number = serializers.IntegerField(source="task.number", read_only=True)
    department_code = serializers.CharField(source="department.code", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = TaskAssignment
        fields = ["id", "task", "task_number", "department", "department_code", "role", "role_display", "basis"]
