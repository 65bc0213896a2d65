from . import receivable_totals
