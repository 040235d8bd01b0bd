"""Each platform end to end: its real client library against the loopback fake, through
the pipeline and routing into the domain. (The pipeline's own, domain-free tests live in
passerelle/channels.)"""
