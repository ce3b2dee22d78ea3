import factory

from participants.models import Department, Grade, Language, Participant


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"D{n:03d}")
    name_en = factory.LazyAttribute(lambda o: f"Department {o.code}")
    name_zh_hant = factory.LazyAttribute(lambda o: f"部門{o.code}")


class GradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grade
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"G{n:03d}")
    name_en = factory.LazyAttribute(lambda o: f"Grade {o.code}")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    name_en = factory.Sequence(lambda n: f"CHAN Officer-{n}")
    name_zh_hant = "陳大文"
    name_zh_hans = "陈大文"
    email = factory.Sequence(lambda n: f"officer{n}@example.gov.hk")
    origin = Participant.Origin.HONG_KONG
    department = factory.SubFactory(DepartmentFactory)
    grade = factory.SubFactory(GradeFactory)
    rank = "Senior Executive Officer"
    rank_level = Participant.RankLevel.MIDDLE
    staff_number = factory.Sequence(lambda n: f"S{n:07d}")


class PartnerOfficerFactory(ParticipantFactory):
    origin = Participant.Origin.PARTNER
    department = None
    grade = None
    staff_number = ""
    rank = "Section Chief"
    home_organisation = "Futian District Government, Shenzhen"
    home_organisation_zh_hant = "深圳市福田區人民政府"
    home_organisation_zh_hans = "深圳市福田区人民政府"


def language(code: str) -> Language:
    """A working language of the reference table (seeded by participants 0012)."""
    return Language.objects.get(code=code)
