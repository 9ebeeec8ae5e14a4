"""The grading harness of the socket labs: python3 -m harness --help."""

__version__ = "0.9.0"  # told in reports (Gradescope's extra_data), to know which harness graded
