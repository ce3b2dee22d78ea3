import factory

from jobs.models import Job


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    kind = Job.Kind.EXPORT
    subject = "officers"
    rows_total = 100
    spec = factory.LazyFunction(
        lambda: {
            "view": "staff.views.officers.StaffParticipantListView",
            "path": "/staff/officers/",
            "query": "",
            "format": "csv",
            "language": "en",
        }
    )
