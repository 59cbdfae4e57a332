"""What the tests share, and benchmarks/ too: the app as tests build it (apps), one browser-like
Visitor over Flask's test client or HTTP (visitor), the HTML and PDF readers (html_page, pdf_page),
the people answered as (people.yaml, people), every route of an app (routes), walks through any
questionnaire (walk, answer_sets), answers kept with a resume code (keeping), the fuzz tests'
strategies (fuzzing) and figures (fuzz_figures), live servers (live_servers) and the parallel run
(parallel_run)."""
