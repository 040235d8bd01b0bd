"""The inbound dispatcher: the one place that knows the order of steps (nothing imports it;
the pipeline finds it through settings.INBOUND_HANDLER)."""
