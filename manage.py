#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange_portal.settings.dev")
    from django.core.management import execute_from_command_line

    from exchange_portal import request_id

    request_id.begin("cmd")  # the run's log lines and history rows carry cmd:<uuid4>
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
