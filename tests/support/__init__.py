"""What the tests share, and benchmarks/ too: the app as tests build it (apps), one browser-like
Visitor over Flask's test client or HTTP (visitor), the HTML and PDF readers (html_page, pdf_page),
the people answered as (people.yaml, people), every route of an app (routes), walks through any
questionnaire (walk, answer_sets), live servers (live_servers), the parallel run (parallel_run) and
the fuzz figures (fuzz_figures)."""
