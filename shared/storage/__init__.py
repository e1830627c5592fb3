"""Where the documents' files live (authorized XML, RIDE PDF, logos), behind one small interface.

Paths are relative and portable (`companies/5/documents/sales/pdf/2026/02/...pdf`): they go
into messages and API answers as they are. `LocalFileStore` (a directory, FILE_STORE_DIR) is
the default; an S3-compatible store can implement `FileStore` later without touching callers.
"""
from shared.storage.store import FileStore, LocalFileStore, StoredFileMissing, document_path

__all__ = ["FileStore", "LocalFileStore", "StoredFileMissing", "document_path"]
