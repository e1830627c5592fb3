"""The benchmark suite's pure parts: wrk's report, /proc's stat and status files, the table's cells."""
from __future__ import annotations

import math

import pytest

from bench import procstat, table, wrk

pytestmark = pytest.mark.unit

WRK_OK = """Running 10s test @ http://127.0.0.1:58080/api/v1/company/documents/783
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   222.84ms   47.95ms 323.50ms   57.56%
    Req/Sec    72.19     42.89   160.00     54.84%
  Latency Distribution
     50%  228.07ms
     75%  265.50ms
     90%    1.02s
     99%  850.00us
  2710 requests in 10.00s, 5.05MB read
Requests/sec:    271.02
Transfer/sec:    516.74KB
"""

WRK_ERRORS = """Running 1s test @ http://127.0.0.1:58080/api/v1/company/documents/783
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.13ms    3.40ms  27.50ms   80.15%
    Req/Sec   826.60    402.88     1.78k    70.00%
  Latency Distribution
     50%    4.31ms
     75%    6.52ms
     90%    9.47ms
     99%   17.48ms
  827 requests in 1.00m, 241.48KB read
  Socket errors: connect 1, read 2, write 3, timeout 4
  Non-2xx or 3xx responses: 827
Requests/sec:    823.93
Transfer/sec:    240.58KB
"""


def test_wrk_report_with_latency_distribution():
    r = wrk.parse(WRK_OK)
    assert (r.requests, r.seconds, r.rate) == (2710, 10.0, 271.02)
    assert r.percentiles == {50: 228.07, 75: 265.5, 90: 1020.0, 99: 0.85}
    assert (r.p50, r.p99, r.errors) == (228.07, 0.85, 0)


def test_wrk_report_counts_non_2xx_and_socket_errors():
    r = wrk.parse(WRK_ERRORS)
    assert (r.requests, r.seconds, r.non_2xx, r.socket_errors, r.errors) == (827, 60.0, 827, 10, 837)
    assert r.p99 == 17.48


def test_wrk_without_latency_flag_has_no_percentiles_and_garbage_is_refused():
    plain = "\n".join(line for line in WRK_OK.splitlines() if "%  " not in line and "Distribution" not in line)
    assert math.isnan(wrk.parse(plain).p99)
    with pytest.raises(ValueError):
        wrk.parse("unable to connect to 127.0.0.1:1 Connection refused")


@pytest.mark.parametrize("text,expected", [("850.00us", 0.85), ("4.31ms", 4.31), ("1.02s", 1020.0),
                                           ("1.50m", 90_000.0), ("2h", 7_200_000.0)])
def test_wrk_durations_in_ms(text, expected):
    assert wrk.to_ms(text) == pytest.approx(expected)


def test_wrk_command_line():
    assert wrk.command("http://x/d/1", seconds=10, headers={"X-API-Key": "k"}) == [
        "wrk", "-t2", "-c32", "-d10s", "--latency", "-H", "X-API-Key: k", "http://x/d/1"]


def stat_line(pid: int, comm: str, ppid: int, utime: int, stime: int, cutime: int = 0, cstime: int = 0) -> str:
    """A /proc/<pid>/stat line (52 fields, those after cstime zero)."""
    rest = ["S", ppid, 1, 1, 0, -1, 4194560, 100, 0, 0, 0, utime, stime, cutime, cstime] + [0] * 35
    return f"{pid} ({comm}) " + " ".join(map(str, rest)) + "\n"


def test_proc_stat_fields_even_with_spaces_and_parentheses_in_the_name():
    st = procstat.parse_stat(stat_line(4242, "postgres: einvoice (idle) x", 25118, 30, 12, 7, 1))
    assert (st.pid, st.comm, st.state, st.ppid) == (4242, "postgres: einvoice (idle) x", "S", 25118)
    assert (st.utime, st.stime, st.cutime, st.cstime, st.ticks) == (30, 12, 7, 1, 50)


def test_proc_stat_of_a_real_process():
    st = procstat.parse_stat(open("/proc/self/stat").read())
    assert st.state in "RSD" and st.ppid > 0 and st.utime >= 0


def test_tree_ticks_sum_a_process_its_live_descendants_and_what_they_reaped():
    table_ = {p.pid: p for p in map(procstat.parse_stat, [
        stat_line(100, "postgres", 1, 10, 5, cutime=40, cstime=10),   # reaped backends: 50
        stat_line(101, "postgres: walwriter", 100, 1, 1),
        stat_line(102, "postgres: einvoice", 100, 20, 5),
        stat_line(103, "grandchild", 102, 2, 0),
        stat_line(200, "beam.smp", 1, 500, 100),                      # another tree
    ])}
    assert sorted(procstat.descendants(100, table_)) == [101, 102, 103]
    assert procstat.tree_ticks(100, table_) == 15 + 50 + 2 + 25 + 2
    assert procstat.tree_ticks(200, table_) == 600
    assert procstat.tree_ticks(999, table_) == 0


def test_proc_status_memory_lines():
    text = "Name:\tpython\nVmPeak:\t  300000 kB\nVmRSS:\t   51234 kB\nRssAnon:\t   40000 kB\nThreads:\t4\n"
    assert procstat.parse_status(text) == {"VmPeak": 300000, "VmRSS": 51234, "RssAnon": 40000}


def test_cpu_cell_per_unit_largest_first_with_a_second_total_and_a_restarted_process():
    cell = table.cpu_cell({"gateway": 111.0, "documents": 200.0, "idle": 0.0, "renderer_mailer": 100.0,
                           "payments": float("nan")}, 100, also_without=("renderer_mailer",))
    assert cell == ("total 4.11 (3.11 without renderer_mailer): documents 2.00, gateway 1.11, renderer_mailer 1.00 "
                    "(restarted during the step, not counted: payments)")
    assert table.cpu_cell({"gateway": 1.0}, 0) == "n/a (nothing done)"


def test_markdown_table_escapes_pipes_and_formats_numbers():
    text = table.markdown([table.Row("a | b", "x")])
    assert text.splitlines()[2] == "| a \\| b | x | — | — | — | — |"
    assert (table.num(4244.4), table.num(18.24), table.num(0.456), table.ms(12_500), table.ms(51.2)) == \
        ("4,244", "18.2", "0.46", "12.5 s", "51.2 ms")
    assert table.ratio(572, 4244) == "0.13" and table.ratio(1, 0) == "n/a"
