"""Session 18 (s18-pywalk): base and branch alternating in one loop, CPU (user + sys, children included) medians.

Usage: python3 measure.py ROUNDS OUT.json BASE_REPO BRANCH_REPO [index-only]
Every process runs with CODIRA_WAIT_FOR_ANALYSIS=1, so a codira process waits for the analysis processes it released
and their CPU is counted (without it, a one-file incremental's analysis process outlives the measured process).
Per round and variant (order alternating): the analyzer harness on networkx (3 passes, warm) and on SymPy's
rubi/utility_function.py (one pass in a fresh process, cold, as an analysis process meets it; and 5 passes, warm),
a full SQLite index of networkx, and a one-file incremental index of a SymPy copy after a comment line is appended
to rubi/utility_function.py (the campaign's index-partial edit), plus `node -e 0` as the floor.
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time

ROUNDS, OUT, BASE, BRANCH = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
INDEX_ONLY = sys.argv[5:] == ['index-only']
ENV = {**os.environ, 'CODIRA_WAIT_FOR_ANALYSIS': '1'}
HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.join(HERE, 'harness.mjs')
CORPORA = '/work/shared-corpora'
NX = f'{CORPORA}/deb-python3-networkx-2.8.8-1/usr/lib/python3/dist-packages'
SYMPY = f'{CORPORA}/deb-python3-sympy-1.11.1-1/usr/lib/python3/dist-packages'
BIG = 'sympy/integrals/rubi/utility_function.py'
VARIANTS = {'base': BASE, 'branch': BRANCH}


def run(cmd):
    """Run a command to its end.

    Parameters
    ----------
    cmd : list of str
        The command and its arguments.

    Returns
    -------
    tuple
        CPU ms (user + sys) of the command and its children, and its standard output.
    """
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise RuntimeError(f'{cmd} exited with {status}')
    return (usage.ru_utime + usage.ru_stime) * 1000, out.decode()


def harness(repo, target, repeats, root):
    """Run the analyzer harness of a checkout in a fresh process.

    Parameters
    ----------
    repo : str
        The checkout (its ``dist/`` is loaded).
    target : str
        A corpus folder or one ``.py`` file.
    repeats : int
        Passes of each kind (parse-only, parse + analysis), alternating.
    root : str
        What paths are relative to (module names).

    Returns
    -------
    tuple
        Analysis CPU ms (median full pass minus median parse-only pass) and parse-only CPU ms.
    """
    _, out = run(['node', HARNESS, f'{repo}/dist', target, str(repeats), root])
    data = json.loads(out)
    return data['analysisCpuMs'], data['parseCpuMs']


work = tempfile.mkdtemp(prefix='s18pw-measure-')
sympy_copy = os.path.join(work, 'sympy')
shutil.copytree(SYMPY, sympy_copy)
states = {}
for name, repo in VARIANTS.items():
    states[name] = os.path.join(work, f'state-{name}')
    run(['node', f'{repo}/bin/codira.js', 'index', '--full', '--path', sympy_copy, '--output-dir', states[name]])

rows = []
load = []
for r in range(ROUNDS):
    order = list(VARIANTS.items()) if r % 2 == 0 else list(VARIANTS.items())[::-1]
    with open(os.path.join(sympy_copy, BIG), 'a') as f:
        f.write(f'# s18-pywalk round {r}\n')
    floor, _ = run(['node', '-e', '0'])
    rows.append({'round': r, 'variant': 'floor', 'metric': 'node-e-0', 'cpuMs': floor})
    for name, repo in order:
        if INDEX_ONLY:
            a, p = 0, 0
        else:
            a, p = harness(repo, NX, 3, NX)
            rows.append({'round': r, 'variant': name, 'metric': 'nx-analysis', 'cpuMs': a, 'parseMs': p})
            a, p = harness(repo, f'{SYMPY}/{BIG}', 1, SYMPY)
            rows.append({'round': r, 'variant': name, 'metric': 'big-analysis-cold', 'cpuMs': a, 'parseMs': p})
            a, p = harness(repo, f'{SYMPY}/{BIG}', 5, SYMPY)
            rows.append({'round': r, 'variant': name, 'metric': 'big-analysis-warm', 'cpuMs': a, 'parseMs': p})
        out = os.path.join(work, f'nx-{name}')
        shutil.rmtree(out, ignore_errors=True)
        cpu, _ = run(['node', f'{repo}/bin/codira.js', 'index', '--full', '--path', NX, '--output-dir', out])
        rows.append({'round': r, 'variant': name, 'metric': 'nx-index-full', 'cpuMs': cpu})
        cpu, _ = run(['node', f'{repo}/bin/codira.js', 'index', '--path', sympy_copy, '--output-dir', states[name]])
        rows.append({'round': r, 'variant': name, 'metric': 'sympy-append-incremental', 'cpuMs': cpu})
    load.append(os.getloadavg()[0])
    print(f'round {r} done, load {load[-1]:.1f}', flush=True)

summary = {}
for metric in sorted({row['metric'] for row in rows}):
    for name in ['floor', *VARIANTS]:
        values = [row['cpuMs'] for row in rows if row['metric'] == metric and row['variant'] == name]
        if values:
            summary[f'{metric} {name}'] = round(statistics.median(values), 1)
for name in VARIANTS:
    parse = [row['parseMs'] for row in rows if row['metric'] == 'nx-analysis' and row['variant'] == name]
    if parse:
        summary[f'nx-parse-only {name}'] = round(statistics.median(parse), 1)
json.dump({'rounds': ROUNDS, 'load': load, 'summary': summary, 'rows': rows}, open(OUT, 'w'), indent=1)
print(json.dumps(summary, indent=1))
shutil.rmtree(work, ignore_errors=True)
