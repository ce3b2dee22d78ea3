import factory

from notifications.models import Event, OutboundEmail


class OutboundEmailFactory(factory.django.DjangoModelFactory):
    """A message written straight to the outbox (tests of sending use notify())."""

    class Meta:
        model = OutboundEmail

    event = Event.PLACEMENT_CONFIRMED
    to_email = factory.Sequence(lambda n: f"person{n}@example.gov.hk")
    to_name = factory.Sequence(lambda n: f"CHAN Person-{n}")
    language = "en"
    subject = factory.Sequence(lambda n: f"Placement confirmed: EX-0000-0000-{n:04d}")
    body = "Dear colleague,\n\nThe placement is confirmed.\n"
