from django.urls import path

from . import match_views, views

urlpatterns = [
    path("firms/apply/", views.firm_apply, name="firm_apply"),
    path("firms/apply/done/", views.firm_apply_done, name="firm_apply_done"),
    path("firm/", views.my_firm, name="my_firm"),
    path("firm/edit/", views.my_firm_edit, name="my_firm_edit"),
    path("firm/managers/<int:pk>/", match_views.my_firm_manager, name="my_firm_manager"),
]
