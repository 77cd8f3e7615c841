app_name = "accessaudit"

urlpatterns: list = []
