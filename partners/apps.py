from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners: API keys and webhooks"

    def ready(self) -> None:
        # Partners hear of public changes by subscribing to the core's publication events;
        # the claims app knows nothing of webhooks.
        from claims import publication
        from partners.services import webhooks_publish

        publication.subscribe("partners.webhooks", webhooks_publish)
