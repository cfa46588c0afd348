#!/usr/bin/env python3
"""s18-bundle: index and mcp start, base vs branch alternating in one loop, floor in the same loop.

Per round (order reversed every other round): `node -e 0`; per build and backend a warm no-op `index`, a one-file
incremental `index` (a function appended to networkx's classes/graph.py in that build's and backend's scratch copy of
the corpus, /tmp/s18b/nx-<build>-<backend>, before the run),
and an `mcp` start to its first `sym` answer (spawn, initialize, tools/call sym, close stdin, reap). CPU = user + sys
of the process and its reaped children (wait4); CODIRA_WAIT_FOR_ANALYSIS=1 so analysis processes are reaped.
usage: bench.py ROUNDS OUT.tsv BUILD=BIN... (e.g. main=/work/main/bin/codira.js br=/tmp/x/bin/codira.js)"""
import json, os, statistics, sys, time

rounds, out = int(sys.argv[1]), sys.argv[2]
builds = [a.split('=', 1) for a in sys.argv[3:]]
B = '/tmp/s18b'
EDIT = 'usr/lib/python3/dist-packages/networkx/classes/graph.py'  # in each build's and backend's copy {B}/nx-<build>-<backend>
BACKENDS = ('sqlite', 'duckdb')
os.environ['CODIRA_WAIT_FOR_ANALYSIS'] = '1'


def spawn(argv, stdin=None):
    """
    Start a command with stdout (and stdin, when given) on pipes.

    Parameters
    ----------
    argv : list of str
        Command line.
    stdin : bool, optional
        Give the child a stdin pipe and a stdout pipe (for the MCP server).

    Returns
    -------
    tuple
        pid, the write end of its stdin (or None) and the read end of its stdout (or None).
    """
    if stdin:
        ir, iw = os.pipe(); orr, ow = os.pipe()
    pid = os.fork()
    if pid == 0:
        if stdin:
            os.dup2(ir, 0); os.dup2(ow, 1); os.close(iw); os.close(orr)
        else:
            fd = os.open('/dev/null', os.O_WRONLY); os.dup2(fd, 1)
        err = os.open('/dev/null', os.O_WRONLY); os.dup2(err, 2)
        os.execvp(argv[0], argv)
    if stdin:
        os.close(ir); os.close(ow)
        return pid, iw, orr
    return pid, None, None


def reap(pid, argv):
    """
    Wait for a child.

    Parameters
    ----------
    pid : int
        The child.
    argv : list of str
        Its command line (reported when it failed).

    Returns
    -------
    float
        CPU seconds (user + sys, its reaped children included).
    """
    _, status, ru = os.wait4(pid, 0)
    if status != 0:
        print('FAILED', argv, status, file=sys.stderr)
    return ru.ru_utime + ru.ru_stime


def run(argv):
    """
    Run a command to its end.

    Parameters
    ----------
    argv : list of str
        Command line.

    Returns
    -------
    tuple
        CPU and wall seconds.
    """
    t0 = time.time()
    pid, _, _ = spawn(argv)
    return reap(pid, argv), time.time() - t0


def mcp_start(argv):
    """
    Start an MCP server, ask one `sym`, and stop it.

    Parameters
    ----------
    argv : list of str
        The server's command line.

    Returns
    -------
    tuple
        CPU seconds of the whole process (start, first answer, shutdown) and wall seconds to the first answer.
    """
    t0 = time.time()
    pid, w, r = spawn(argv, stdin=True)
    reader = os.fdopen(r, 'rb')

    def send(message):
        """Write one JSON-RPC message."""
        os.write(w, (json.dumps(message) + '\n').encode())

    def answer(want):
        """Read lines until the reply with id `want`."""
        while True:
            line = reader.readline()
            if not line:
                raise RuntimeError('server closed stdout')
            message = json.loads(line)
            if message.get('id') == want:
                return message
    send({'jsonrpc': '2.0', 'id': 1, 'method': 'initialize', 'params': {
        'protocolVersion': '2025-06-18', 'capabilities': {}, 'clientInfo': {'name': 'bench', 'version': '0'}}})
    answer(1)
    send({'jsonrpc': '2.0', 'method': 'notifications/initialized'})
    send({'jsonrpc': '2.0', 'id': 2, 'method': 'tools/call', 'params': {'name': 'sym', 'arguments': {'name': 'Graph'}}})
    reply = answer(2)
    wall = time.time() - t0
    if 'networkx.classes.graph.Graph' not in json.dumps(reply):
        print('BAD ANSWER', json.dumps(reply)[:300], file=sys.stderr)
    os.close(w)
    cpu = reap(pid, argv)
    reader.close()
    return cpu, wall


cases = []
for name, bin_ in builds:
    for backend in BACKENDS:
        base = ['node', bin_]
        corpus = f'{B}/nx-{name}-{backend}'
        where = ['--path', corpus, '--output-dir', f'{B}/state-{name}-{backend}', '--backend', backend]
        cases.append((f'{name}-{backend}-noop', 'run', base + ['index'] + where))
        cases.append((f'{name}-{backend}-incr', f'{corpus}/{EDIT}', base + ['index'] + where))
        cases.append((f'{name}-{backend}-mcp', 'mcp', base + ['mcp'] + where))
res = {n: ([], []) for n in ['floor'] + [c[0] for c in cases]}
with open(out, 'a') as f:
    for r in range(rounds + 1):  # round 0 warms up (not counted)
        order = cases if r % 2 == 0 else cases[::-1]
        c, wl = run(['node', '-e', '0'])
        if r:
            res['floor'][0].append(c); res['floor'][1].append(wl)
        f.write(f'{r}\tfloor\t{c:.4f}\t{wl:.4f}\t{os.getloadavg()[0]:.1f}\n')
        for name, kind, argv in order:
            if kind not in ('run', 'mcp'):
                with open(kind, 'a') as e:
                    e.write(f'\n\ndef s18bench_{os.getpid()}_{r}_{name.replace("-", "_")}():\n    return {r}\n')
            c, wl = mcp_start(argv) if kind == 'mcp' else run(argv)
            if r:
                res[name][0].append(c); res[name][1].append(wl)
            f.write(f'{r}\t{name}\t{c:.4f}\t{wl:.4f}\t{os.getloadavg()[0]:.1f}\n'); f.flush()
fl = statistics.median(res['floor'][0]); flw = statistics.median(res['floor'][1])
for n, (v, w) in res.items():
    m = statistics.median(v); mw = statistics.median(w)
    print(f'{n:20s} CPU {m*1000:7.1f} ms x{m/fl:5.2f} | wall {mw*1000:7.1f} ms x{mw/flw:5.2f} '
          f'(n={len(v)}, CPU min {min(v)*1000:.0f} max {max(v)*1000:.0f})')
