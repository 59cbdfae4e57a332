"""A result, live or stored, as one view (presenter.py) that the results page, the PDF and the
counselor's record render with the same macros (templates/results/_view.html)."""
