from django.urls import path

from . import views

urlpatterns = [
    path("firms/", views.firm_list, name="staff_firm_list"),
    path("firms/<int:pk>/", views.firm_detail, name="staff_firm_detail"),
    path("firms/<int:pk>/approve/", views.firm_approve, name="staff_firm_approve"),
    path("firms/<int:pk>/decline/", views.firm_decline, name="staff_firm_decline"),
    path("firms/<int:pk>/baseline/", views.firm_baseline, name="staff_firm_baseline"),
]
