"""How long it takes to create a database with both add-ons installed (no demo
data), as the test command does. Target: under 120 s on the project's machine."""

import sys

from _common import bench_database, devenv, report, timed

TARGET_SECONDS = 120


def main():
    with bench_database(install=False) as db:
        seconds, _ = timed(db.install)
    print(f"created a database with {', '.join(devenv.OUR_MODULES)} installed in {seconds:.1f} s")
    return report("install", seconds, "s", f"<{TARGET_SECONDS}", seconds < TARGET_SECONDS)


if __name__ == "__main__":
    devenv.main_guard(lambda: sys.exit(main()))
