from passerelle.testing.fakeplatforms.fixtures import (  # noqa: F401
    fake_graph,
    fake_telegram,
    fake_twilio,
)
