"""Errors the services raise that every caller (page, API, upload) answers the same way."""


class ConflictError(Exception):
    """The object changed since the caller read it; nothing was saved. Pages re-show the form, the API answers 409.

    Subclasses set ``message`` (Chinese, shown as is).
    """

    message = ""

    def __str__(self) -> str:
        return self.message or super().__str__()
