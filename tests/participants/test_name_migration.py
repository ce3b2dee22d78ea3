"""participants 0010 (decision 0043): the one Chinese name becomes the Traditional one, and a
name written in Simplified characters moves to the Simplified field; going back keeps both."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("participants", "0009_erase_permission")]
AFTER = [("participants", "0010_officer_names_in_both_chinese_scripts")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_simplified_name_moves_to_the_simplified_field_and_back():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = migrate(BEFORE)
        participant = old.get_model("participants", "Participant")
        department = old.get_model("participants", "Department").objects.create(
            code="EPD", name_en="Environmental Protection Department"
        )
        officers = {
            name: participant.objects.create(
                name_en=f"Officer {n}", name_zh=name, email=f"o{n}@x.example", department=department
            ).pk
            for n, name in enumerate(["陳大文", "刘建国", "李明", "何兆峰", ""])
        }

        new = migrate(AFTER).get_model("participants", "Participant")
        names = dict(new.objects.values_list("pk", "name_zh_hant"))
        simplified = dict(new.objects.values_list("pk", "name_zh_hans"))
        assert names[officers["陳大文"]] == "陳大文" and simplified[officers["陳大文"]] == ""
        assert names[officers["刘建国"]] == "" and simplified[officers["刘建国"]] == "刘建国"
        # The same in both scripts: left as Traditional.
        assert names[officers["李明"]] == "李明" and simplified[officers["李明"]] == ""
        # 峰 is Traditional too (Hong Kong also writes 峯): not taken for Simplified.
        assert names[officers["何兆峰"]] == "何兆峰"

        back = migrate(BEFORE).get_model("participants", "Participant")
        assert dict(back.objects.values_list("pk", "name_zh")) == {
            pk: name for name, pk in officers.items()
        }
    finally:
        migrate(latest)
