"""Moved to generator.model.refs (figure lookup belongs to the model layer); kept for one round
so work in flight still imports. Remove once nothing imports it."""
from generator.model.refs import *  # noqa: F401,F403
from generator.model.refs import Gap, MissingHistory, RefError, Resolver, Scope, figure_path, mark_gap, mark_source  # noqa: F401
