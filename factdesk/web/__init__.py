"""The web: the one HTTP layer under ingest and evidence (requests lives here only).

urls.check_url(url) -> str               # the one URL validator (http/https)
http.Fetcher().get(url) -> FetchedPage   # pages: caps, redirects checked, retries
http.request_json(session, ...) -> Answer  # services' JSON answers
text.decode_html(body, declared) -> (text, charset)
"""
