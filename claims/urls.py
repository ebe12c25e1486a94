from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("fact-checks/<slug:slug>/", views.factcheck_detail, name="factcheck_detail"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker_detail"),
]
