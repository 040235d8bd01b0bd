"""The pages a member uses (the web chat), or a staff member playing one (the simulator).

Faces over the domain: they read the member's own threads; what they post goes through
the channel's signed webhook like any platform's delivery, so the same routing applies.
"""
