"""Time-zone rules from the `tzdata` package, never from the system's copy.

zoneinfo reads the system's files first, and a machine's copy can be years old: the 2026
releases of the tz database change Alberta's and British Columbia's rules, so a due time
there would be an hour off. settings.py calls use_tzdata_package() before anything builds
a ZoneInfo; `passerelle check` and the service standard page show the version in use.
"""

import zoneinfo
from importlib import metadata


def use_tzdata_package() -> None:
    """Make zoneinfo read the tzdata package only (an empty search path falls back to it)."""
    zoneinfo.reset_tzpath(to=[])
    # Zones built before this call (none, normally) would keep the old rules.
    zoneinfo.ZoneInfo.clear_cache()


def tz_data_version() -> dict:
    """The IANA release zoneinfo uses, the tzdata package's version, and where it reads."""
    import tzdata

    return {
        "iana": tzdata.IANA_VERSION,
        "package": metadata.version("tzdata"),
        "from_package": zoneinfo.TZPATH == (),
    }


def tz_data_text() -> str:
    """One line for people: 'IANA 2026f (tzdata 2026.6)'."""
    version = tz_data_version()
    where = "" if version["from_package"] else ", system files first"
    return f"IANA {version['iana']} (tzdata {version['package']}{where})"
