"""Loaded by pytest before Django is configured: selects the test settings of probity.settings."""

import os
import tempfile

os.environ.setdefault("PROBITY_ENV", "test")
os.environ.setdefault("PROBITY_DATA_DIR", tempfile.mkdtemp(prefix="probity-test-"))
