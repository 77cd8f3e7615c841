app_name = "prevention"

urlpatterns: list = []
