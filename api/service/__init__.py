"""The web service: coordinators publish the week, visitors open their day (issue 8).

``app.create_app`` builds the FastAPI application on a database (``db``, ``models``,
``migrations``); plans run in a separate worker process (``worker``) fed from the plans table.
"""
