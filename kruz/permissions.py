"""Who may do what with records, asked the same way by the admin, imports and the API."""


def can_publish(user, model):
    """Publishers publish, unpublish and change what the public already sees."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def can_see_drafts(user, model):
    """Staff (and their integrations) with the view permission read drafts too; everyone
    else reads published records only."""
    opts = model._meta
    return user.is_authenticated and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
