"""What the tests share, and benchmarks/ too: the app as tests build it (apps), a browser-like client
(visitor), the HTML reader (html_page), walks through any questionnaire (walk, answer_sets), the
results page's answer sets (result_plans), live servers (live_servers), the parallel run (parallel_run)
and the fuzz figures (fuzz_figures)."""
