"""The kinds of PDF the report is written as, named without loading WeasyPrint (the command line
checks ``--pdf-variant`` before anything is read or drawn)."""

#: The archive's PDF: PDF/A-3, level A (tagged, Unicode text), inputs attached.
DEFAULT_PDF_VARIANT = "pdf/a-3a"
#: The archival variants offered on the command line; PDF/A-2 carries no attached inputs.
ARCHIVE_VARIANTS = ("pdf/a-3a", "pdf/a-3u", "pdf/a-2a", "pdf/a-2u")
