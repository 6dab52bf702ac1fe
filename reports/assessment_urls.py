"""Assessment report pages and downloads. Mounted at /reports/."""

app_name = "assessment"
urlpatterns = []
