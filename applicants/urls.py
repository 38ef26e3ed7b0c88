from django.urls import path

from . import views

urlpatterns = [
    path("calls/", views.call_list, name="call_list"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/apply/", views.application_start, name="application_start"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/step/<slug:step>/", views.application_step, name="application_step"),
    path("applications/<int:pk>/review/", views.application_review, name="application_review"),
    path("applications/<int:pk>/print/", views.application_print, name="application_print"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/erase/", views.application_erase, name="application_erase"),
    path("applications/<int:pk>/cv/", views.application_cv, name="application_cv"),
]
