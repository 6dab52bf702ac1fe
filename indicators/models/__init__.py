"""Models of the indicators app, split by boundary; every model is importable from here (``indicators.models.X``),
as the migrations and history tables name them.

Indicators (指标), reporting periods (报告期), submitted figures and their review, stored scores.

Kinds, comparators and statuses share their values with the pure scoring engine
(``indicators.scoring.engine``) so that a stored row maps onto the engine without translation.
"""

from indicators.models.catalogue import (  # noqa: F401
    Accumulation,
    Comparator,
    Frequency,
    GrowthUnit,
    Indicator,
    PublicFigure,
    ReportingPeriod,
    TargetKind,
)
from indicators.models.entry import (  # noqa: F401
    Evidence,
    IndicatorValue,
    MilestoneReport,
    Origin,
    ReviewStatus,
    Submission,
    evidence_upload_to,
)
from indicators.models.notifications import EmailDelivery, Notification  # noqa: F401
from indicators.models.recompute import ScoreRecomputeMark  # noqa: F401
from indicators.models.scoring import (  # noqa: F401
    GRADE_LABELS,
    AssessmentVeto,
    Score,
    ScoreStatus,
    ScoringConfig,
    grade_label,
)
from indicators.models.supervision import (  # noqa: F401
    OPEN_STATUSES,
    OrderAttachment,
    OrderEvent,
    OrderNumberSequence,
    OrderSeverity,
    OrderSource,
    OrderStatus,
    SupervisionOrder,
)
