"""Hooks layers above communities connect to; communities never imports them.

`intake_accepted` is sent by decisions.intake_accept once a join request is accepted, in
its transaction, with `intake`, `actor` (None: accepted automatically) and `at`: case
management opens the client file of a person a caseworker accepted into a one-to-one
service (cases.enrolment.enrol_on_accept).
"""

from django.dispatch import Signal

intake_accepted = Signal()
