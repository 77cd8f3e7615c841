app_name = "conflicts"

urlpatterns: list = []
