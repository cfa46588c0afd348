"""Copy a build with the phase clock switched to the main thread's CPU."""
# mkcpuph.py BUILD: make BUILD-cpuph, a copy whose phase clock is the main thread's CPU (/proc/thread-self/schedstat)
import sys, shutil, os
b = f'/tmp/s16-incr/{sys.argv[1]}'; c = b + '-cpuph'
shutil.rmtree(c, ignore_errors=True); shutil.copytree(b, c, symlinks=True)
p = c + '/dist/core/phases.js'; s = open(p).read()
old = "function now() {\n    return process.uptime() * 1000;\n}"
assert old in s
s = s.replace(old, "function now() {\n    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;\n}")
s = s.replace("import { appendFileSync } from 'node:fs';", "import { appendFileSync, readFileSync } from 'node:fs';")
open(p, 'w').write(s)
p = c + '/bin/codira.js'; s = open(p).read()
old = "if (process.env.CODIRA_PHASES) globalThis[Symbol.for('codira.binStartMs')] = process.uptime() * 1000;"
assert old in s
s = s.replace(old, "if (process.env.CODIRA_PHASES) globalThis[Symbol.for('codira.binStartMs')] = Number((await import('node:fs')).readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;")
open(p, 'w').write(s)
