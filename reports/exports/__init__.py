"""Writers of an ``AssessmentReport``: the workbook (``xlsx``), the indicator table as CSV (``csv``) and the
text safety both share (``safe``)."""
