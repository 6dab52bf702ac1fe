"""Leadership dashboard pages. Mounted at /dashboard/."""

app_name = "dashboard"
urlpatterns = []
