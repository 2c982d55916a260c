"""The assessment workspace: one tab per kind of record, each a view over the services."""

from qpm_desktop.ui.workspace.workspace import TAB_KEYS, AssessmentWorkspace

__all__ = ["TAB_KEYS", "AssessmentWorkspace"]
