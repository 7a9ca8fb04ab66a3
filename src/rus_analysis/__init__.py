"""rus_analysis: stakeholder input for Region Hovedstaden's regional development strategy.

Stages, one module each, in the order data flows: ``ingest`` -> ``clean`` -> ``nlp`` ->
``themes`` -> ``coverage`` -> ``charts`` -> ``report``. ``config`` and ``reference`` are
shared by all of them; ``schema`` holds the column contracts between stages.
"""

__version__ = "0.1.0"
