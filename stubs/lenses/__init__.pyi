from typing import Any

from lenses.ui import UnboundLens as UnboundLens

lens: UnboundLens[Any, Any, Any, Any]
