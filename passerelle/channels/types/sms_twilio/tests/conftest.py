from passerelle.testing.fakeplatforms.fixtures import fake_graph, fake_twilio  # noqa: F401
