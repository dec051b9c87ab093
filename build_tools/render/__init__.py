"""Rendering helpers shared by every generator of site content (book pages, concertation
pages): HTML/MyST escaping and links. Below both `book` and `concertation`."""
