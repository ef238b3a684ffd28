"""Test configuration shared by the suite."""

# The typing cases are checked by mypy and run by test_typing_suite.py; the
# fail cases must never be imported as test modules.
collect_ignore_glob = ["typing/*"]
