"""The Chinese forms of a placement's role title and duty statement (decision 0038)."""

from django.db import migrations, models

from exchange_portal.migration_ops import AddFieldInPlace


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0006_search_trigram_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalplacement",
            name="duties_zh_hans",
            field=models.TextField(blank=True, verbose_name="duty statement (Simplified Chinese)"),
        ),
        migrations.AddField(
            model_name="historicalplacement",
            name="duties_zh_hant",
            field=models.TextField(blank=True, verbose_name="duty statement (Traditional Chinese)"),
        ),
        migrations.AddField(
            model_name="historicalplacement",
            name="role_title_zh_hans",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="role title (Simplified Chinese)"
            ),
        ),
        migrations.AddField(
            model_name="historicalplacement",
            name="role_title_zh_hant",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="role title (Traditional Chinese)"
            ),
        ),
        AddFieldInPlace(
            model_name="placement",
            name="duties_zh_hans",
            field=models.TextField(blank=True, verbose_name="duty statement (Simplified Chinese)"),
        ),
        AddFieldInPlace(
            model_name="placement",
            name="duties_zh_hant",
            field=models.TextField(blank=True, verbose_name="duty statement (Traditional Chinese)"),
        ),
        AddFieldInPlace(
            model_name="placement",
            name="role_title_zh_hans",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="role title (Simplified Chinese)"
            ),
        ),
        AddFieldInPlace(
            model_name="placement",
            name="role_title_zh_hant",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="role title (Traditional Chinese)"
            ),
        ),
    ]
