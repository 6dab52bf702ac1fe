"""Errors the services raise that every caller (page, API, upload) answers the same way."""


class ConflictError(Exception):
    """The object changed since the caller read it; nothing was saved. Pages re-show the form, the API answers 409.

    Subclasses set ``message`` (Chinese, shown as is on the pages) and may set ``api_message`` (Chinese, for an
    API client: what to read again and resend, no mention of a page).
    """

    message = ""
    api_message = ""

    def __str__(self) -> str:
        return self.message or super().__str__()
