"""gunicorn's settings for `passerelle web` (common/management/commands/web.py): hooks
only; the command line gives the rest."""


def post_worker_init(worker):
    # Each web worker, its application loaded: what it keeps for its life out of the
    # garbage collector's full collections (common.long_lived).
    from passerelle.common.long_lived import freeze_as_the_process_warms

    freeze_as_the_process_warms()
