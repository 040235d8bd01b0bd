"""zoneinfo reads the tzdata package, never the system's (possibly years old) copy."""

import subprocess
import sys
import zoneinfo
from datetime import UTC, datetime, timedelta
from importlib import metadata, resources

import tzdata

from passerelle.common.tz import tz_data_text, tz_data_version


def _package_zone(name: str) -> zoneinfo.ZoneInfo:
    with resources.files("tzdata.zoneinfo").joinpath(*name.split("/")).open("rb") as f:
        return zoneinfo.ZoneInfo.from_file(f, key=name)


def test_zoneinfo_searches_no_system_path():
    # An empty search path: zoneinfo can only find zones in the tzdata package.
    assert zoneinfo.TZPATH == ()
    assert tz_data_version() == {
        "iana": tzdata.IANA_VERSION,
        "package": metadata.version("tzdata"),
        "from_package": True,
    }


def test_edmonton_and_vancouver_follow_the_packages_rules():
    for name in ("America/Edmonton", "America/Vancouver", "America/Toronto"):
        used, packaged = zoneinfo.ZoneInfo(name), _package_zone(name)
        # Every 6 hours over five years: the zone in use has exactly the package's offsets.
        moment = datetime(2025, 1, 1, tzinfo=UTC)
        while moment.year < 2030:
            assert used.utcoffset(moment) == packaged.utcoffset(moment), (name, moment)
            moment += timedelta(hours=6)


def test_version_line_names_the_iana_release_and_the_package():
    assert tz_data_text() == f"IANA {tzdata.IANA_VERSION} (tzdata {metadata.version('tzdata')})"
    # The IANA release is the one written in the package's own data.
    version_file = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi")
    assert version_file.read_text().splitlines()[0] == f"# version {tzdata.IANA_VERSION}"


def test_passerelle_check_shows_the_version(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "passerelle", "check"],
        env={"PATH": "/usr/bin:/bin", "PASSERELLE_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"Time-zone data: IANA {tzdata.IANA_VERSION}" in result.stdout
    assert "no issues" in result.stdout
