"""Replace the probe function appended to radsimp.py (x1 and alpha/ of x4) by one with a new name: a one-function change."""
import sys, re, os
n = sys.argv[1]
for root in sys.argv[2:]:
    p = os.path.join(root, 'usr/lib/python3/dist-packages/sympy/simplify/radsimp.py')
    t = open(p).read()
    t = re.sub(r'\n# s15-probe start.*# s15-probe end\n', '\n', t, flags=re.S)
    t += f'\n# s15-probe start\ndef s15_probe_{n}(expr):\n    return collect(radsimp(expr), expr)\n# s15-probe end\n'
    open(p, 'w').write(t)
