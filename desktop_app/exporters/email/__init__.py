"""Sending the submission by e-mail: the message, SMTP with verified TLS, the password, drafts.

Attachments come in as (file name, bytes, MIME type); this package never builds them itself.
"""

from desktop_app.exporters.email.draft import (
    open_with_default_program,
    save_attachments,
    show_in_folder,
    write_eml_draft,
)
from desktop_app.exporters.email.errors import (
    AuthenticationFailed,
    CertificateNotTrusted,
    MessageRejected,
    RecipientRefused,
    SenderRefused,
    SendError,
    ServerUnreachable,
    TlsFailed,
    TlsNotOffered,
)
from desktop_app.exporters.email.message import (
    PDF_MIME,
    XLSX_MIME,
    Attachment,
    MessageError,
    build_message,
    default_subject_and_body,
)
from desktop_app.exporters.email.secrets import (
    forget_password,
    get_password,
    keyring_available,
    set_password,
)
from desktop_app.exporters.email.smtp import SmtpConfig, make_ssl_context, send_message

__all__ = [
    "PDF_MIME",
    "XLSX_MIME",
    "Attachment",
    "AuthenticationFailed",
    "CertificateNotTrusted",
    "MessageError",
    "MessageRejected",
    "RecipientRefused",
    "SendError",
    "SenderRefused",
    "ServerUnreachable",
    "SmtpConfig",
    "TlsFailed",
    "TlsNotOffered",
    "build_message",
    "default_subject_and_body",
    "forget_password",
    "get_password",
    "keyring_available",
    "make_ssl_context",
    "open_with_default_program",
    "save_attachments",
    "send_message",
    "set_password",
    "show_in_folder",
    "write_eml_draft",
]
