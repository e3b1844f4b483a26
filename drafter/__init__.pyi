# The public API as type checkers see it: drafter/__init__.py looks each name up on first use.
from drafter.batch import BatchReport as BatchReport
from drafter.batch import plan_batch as plan_batch
from drafter.batch import resolve_campaign as resolve_campaign
from drafter.batch import run_batch as run_batch
from drafter.compose.requests import LetterRequest as LetterRequest
from drafter.compose.requests import OpedRequest as OpedRequest
from drafter.draft.check import load_checked as load_checked
from drafter.draft.check import load_engine as load_engine
from drafter.draft.common import Draft as Draft
from drafter.draft.common import Engine as Engine
from drafter.draft.common import Stats as Stats
from drafter.draft.letter import draft_letter as draft_letter
from drafter.draft.oped import draft_oped as draft_oped
from drafter.draft.render import default_name as default_name
from drafter.draft.render import render_draft as render_draft
from drafter.draft.render import write as write
from drafter.errors import DrafterError as DrafterError
from drafter.errors import Location as Location
from drafter.errors import Problem as Problem
from drafter.errors import ValidationError as ValidationError
from drafter.load.workspace import find_workspace as find_workspace
from drafter.load.workspace import load_workspace as load_workspace
from drafter.model import Workspace as Workspace

__version__: str
__all__: list[str]
