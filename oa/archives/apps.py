from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "oa.archives"
    label = "archives"
    verbose_name = "档案归档"
