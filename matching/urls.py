from django.urls import path

from . import views

urlpatterns = [
    path("firms/apply/", views.firm_apply, name="firm_apply"),
    path("firms/apply/done/", views.firm_apply_done, name="firm_apply_done"),
    path("firm/", views.my_firm, name="my_firm"),
    path("firm/edit/", views.my_firm_edit, name="my_firm_edit"),
]
