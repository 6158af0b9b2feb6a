"""Domain errors. Views and the API turn them into a clear Chinese message and a status code."""


class DomainError(Exception):
    """A request that the rules of the domain do not allow. ``message`` is shown to the user."""

    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidTransition(DomainError):
    """The object's current state does not allow this move (HTTP 409)."""

    status_code = 409


class AccessDenied(DomainError):
    """The person holds no role that allows this (HTTP 403)."""

    status_code = 403


class NotFound(DomainError):
    """The object does not exist, or the person may not know that it does (HTTP 404)."""

    status_code = 404
