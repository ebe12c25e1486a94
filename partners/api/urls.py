from django.urls import path

from partners.api import views

urlpatterns = [
    path("tips/", views.TipCreate.as_view(), name="tip-create"),
    path("webhooks/", views.WebhookListCreate.as_view(), name="webhook-list"),
    path("webhooks/<int:pk>/", views.WebhookDetail.as_view(), name="webhook-detail"),
    path("webhooks/<int:pk>/deliveries/", views.WebhookDeliveryList.as_view(), name="webhook-deliveries"),
]
