"""Reads of the leadership dashboard (进度看板): stored ``Score`` rows shaped for pages and charts.

Pages never compute scores: progress (完成进度), expected progress (时序进度), status, forecast and
assessment scores come from the ``indicators.models.Score`` rows written by the scoring recompute.
Percentages are Decimals on a 0–100 scale; ``None`` means no stored row (shown as 暂无数据).

Every function makes a fixed number of queries whatever the number of tasks, indicators or
quarters (the docstrings count them); rows are read with ``values()`` to keep pages fast.

- ``common``: who reads (``Viewer``, from the department access policy), page links, score fields;
- ``periods``: the quarters offered and the one shown;
- ``overview``: the /dashboard/ page (plan score, systems, tasks × quarters heat map);
- ``early_warnings``: indicators behind or off target (预警) and forms overdue (逾期未报);
- ``ranking``: departments by assessment score (考核得分);
- ``pages``: the drill-down pages of a system, task, indicator and department.
"""
