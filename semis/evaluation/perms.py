"""Who may act on an evaluation campaign. Seeing it is Campaign.objects.visible_to's business."""

from semis.projects.perms import can_edit_project


def can_run_campaign(user, project) -> bool:
    """Create a campaign for a project, print its codes, close it: whoever may change the project
    (its creator and its carriers, semis.projects.perms.can_edit_project)."""
    return can_edit_project(user, project)
