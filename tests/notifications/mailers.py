"""Mailers for tests: one whose server is down, one that refuses the sign-in."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class ServerDownBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed by mail.csb.example")


class EchoingPasswordBackend(BaseEmailBackend):
    """A server that (badly) echoes the credentials it was given in its refusal."""

    def __init__(self, *, password="", **options):
        super().__init__(**options)
        self.password = password

    def send_messages(self, messages):
        raise smtplib.SMTPAuthenticationError(
            535, f"5.7.8 Authentication failed for password {self.password}".encode()
        )
