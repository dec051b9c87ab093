"""`segur serve`: the author's live preview (build, serve on 127.0.0.1, watch, rebuild,
reload the open page, show the problems of the edited files)."""
