"""Stage 4, render: turn a composed document into HTML, PDF and DOCX, and draw diagrams."""
