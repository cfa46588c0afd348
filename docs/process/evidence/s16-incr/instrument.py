"""Make an instrumented copy of a build: TL marks (wall) and thread CPU written to the file $TL names."""
import sys
root=sys.argv[1]; base=root+'/dist/'
T="import { readFileSync as __rfs, appendFileSync as __afs } from 'node:fs';globalThis.__tl=(n)=>{if(process.env.TL)__afs(process.env.TL,`TL ${n} ${(performance.timeOrigin+performance.now()).toFixed(1)}\\n`)};globalThis.__cpu=(n)=>{if(process.env.TL)__afs(process.env.TL,`CPU ${n} ${(Number(__rfs('/proc/thread-self/schedstat','utf8').split(' ')[0])/1e6).toFixed(1)}\\n`)};"
def ins(f, anchor, text):
    """Insert text before the first occurrence of anchor in a file of the copy's dist/.

    Parameters
    ----------
    f : str
        The file, relative to dist/.
    anchor : str
        The text to insert before.
    text : str
        The inserted text.
    """
    p=base+f; s=open(p).read()
    if anchor not in s: print('MISSING', f, anchor); return
    s = s.replace(anchor, text+anchor, 1); open(p,'w').write(s)
ins('core/analysis-worker.js', 'import ', T+"__tl('worker-top');\n")
ins('core/analysis-worker.js', "/**\n * Files from this size", "__tl('registry-loaded');\n")
ins('core/analysis-worker.js', '    const started = performance.now();', "__tl('analyzers-loaded');")
ins('core/analysis-worker.js', '    const payload = serialize(outcome);', "__tl('analyzed');__cpu('worker');")
p=root+'/bin/codira.js'; s=open(p).read(); s=s.replace("const slowdown", T+"__tl('bin');process.on('exit',()=>{__tl('exit');__cpu('main')});\nconst slowdown",1); open(p,'w').write(s)
ins('core/indexer.js', "    markPhase('read stored-state snapshot');", "__tl('indexer-start');")
ins('core/indexer.js', "    markPhase('plan');", "__tl('scanned');")
ins("core/indexer.js", "    options.beforeWrite?.(plan.paths);", "__tl('planned');")
ins('core/indexer.js', "    markPhase('open writer');", "__tl('pool-loaded');")
ins('core/indexer.js', "    const failures = [];", "__tl('session-begun');")
ins('core/indexer.js', "        markPhase('analyze');", "__tl('prepared');")
ins('core/indexer.js', "        markPhase('derived');", "__tl('persisted');")
ins('core/indexer.js', "        markPhase('commit');", "__tl('derived');")
ins('core/indexer.js', "        markPhase('close writer');", "__tl('committed');")
ins('core/analysis-pool.js', "            if (reply.kind === 'ready') {", "__tl('main-got-'+reply.kind);")
ins('core/analysis-spawn.js', "    waiting?.dispose();", "__tl('host-start');")
