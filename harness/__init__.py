"""The grading harness of the socket labs: python3 -m harness --help."""
