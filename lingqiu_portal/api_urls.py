"""REST API v1. Mounted at /api/v1/. URL names start with ``api-`` (e.g. ``api-value-list``)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from indicators.catalogue import api as catalogue_api
from indicators.entry import api as indicators_api
from indicators.scoring import scores_api
from indicators.supervision import api as supervision_api
from reports.assessment import api as reports_api
from responsibilities import api as responsibilities_api
from responsibilities.accounts import api as accounts_api
from tasks import api as tasks_api

router = SimpleRouter()
router.register("plans", tasks_api.PlanViewSet, basename="api-plan")
router.register("systems", tasks_api.EcoSystemViewSet, basename="api-system")
router.register("tasks", tasks_api.PlanTaskViewSet, basename="api-task")
router.register("milestones", tasks_api.MilestoneViewSet, basename="api-milestone")
router.register("departments", responsibilities_api.DepartmentViewSet, basename="api-department")
router.register("assignments", responsibilities_api.TaskAssignmentViewSet, basename="api-assignment")
router.register("indicators", catalogue_api.IndicatorViewSet, basename="api-indicator")
router.register("periods", catalogue_api.ReportingPeriodViewSet, basename="api-period")
router.register("submissions", indicators_api.SubmissionViewSet, basename="api-submission")
router.register("values", indicators_api.IndicatorValueViewSet, basename="api-value")
router.register("milestone-reports", indicators_api.MilestoneReportViewSet, basename="api-milestonereport")
router.register("scores", scores_api.ScoreViewSet, basename="api-score")
router.register("supervision-orders", supervision_api.SupervisionOrderViewSet, basename="api-supervisionorder")
router.register("report-jobs", reports_api.ReportJobViewSet, basename="api-reportjob")

urlpatterns = [
    path("auth/token/", accounts_api.TokenObtainView.as_view(), name="api-token"),
    path("auth/logout/", accounts_api.TokenLogoutView.as_view(), name="api-token-logout"),
    path("auth/logout-all/", accounts_api.TokenLogoutAllView.as_view(), name="api-token-logout-all"),
    path("scoring/", include("indicators.scoring.api_urls")),
    *router.urls,
]
