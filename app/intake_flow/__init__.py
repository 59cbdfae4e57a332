"""The questionnaire flow as the web sees it, shared by the blueprints that lead into it.

progress: the answers in progress (encrypted session); state: the flow worked
out once per request from them (app.engine.flow.FlowState); navigation: where
it goes next. The assess, keep, pages and counsel blueprints import these
modules, never each other's views.
"""
