"""Plotly figures of the dashboard as plain dicts: pure functions of selector rows, no database access.

Each function returns ``{"data": [...], "layout": {...}, "config": {...}}``, ready for ``json_script``
and ``Plotly.newPlot`` (static/js/dashboard.js). Dicts rather than ``plotly.graph_objects`` keep the
pages fast; tests/reports/dashboard/test_charts.py validates every figure against plotly's schema.

Conventions: Chinese labels through gettext (plotly.min.js ships only English, so axis titles, hover
text and tick labels are written out here); percentages on a 0–100 scale shown as ``.1f`` + "%"
rounded half-up (as Excel does); a status is shown by colour AND by its name (text) and a bar pattern
or marker symbol, so charts read without colour; no data gives an explicit 暂无数据 annotation. Status
colours come from static/css/status.css (``reports.dashboard.colours``), as on the page.

- ``base``: status styles and names, number and quarter formats, the shared layout, the empty figure;
- ``bars``: the plan's gauge, progress bars against 时序进度, the department ranking and assessment parts;
- ``heatmap``: tasks × quarters coloured by status;
- ``lines``: a score and an indicator's values over the quarters.
"""
