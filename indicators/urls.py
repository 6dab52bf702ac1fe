"""Data entry and review pages (填报与审核). Mounted at /entry/."""

app_name = "entry"
urlpatterns = []
