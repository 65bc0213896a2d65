"""Shared set-up for scripts/run, scripts/test and bench/: find Odoo, install what
is missing, run a private PostgreSQL cluster and start Odoo against it.

Standard library only: this runs before anything is installed. One module per concern:
common (paths, errors, cache), odoo_source (finding Odoo), virtualenv (the venv and the
requirements), postgres (the database server), ports, commands (how Odoo is started).
"""

from .common import ADDONS, OUR_MODULES, REPO, SetupError, cache_dir, fail, main_guard
from .odoo_source import ODOO_BRANCH, locate_odoo, odoo_series
from .virtualenv import enter_virtualenv, ensure_requirements, link_odoo, missing_requirements
from .postgres import PrivatePostgres, db_args, external_database, start_database_server, temporary_root
from .ports import ensure_port_free, free_port, wait_for_http
from .commands import addons_path, find_odoo, module_log_errors, odoo_command, odoo_env, server_args
