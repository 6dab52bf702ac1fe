"""Thin views of the reports app."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from tasks.selectors import plan_tree


@login_required
def home(request):
    """Landing page: the plan's six systems and 23 tasks with their lead departments."""
    return render(request, "reports/home.html", {"tree": plan_tree()})
