"""Module-load CPU of the DuckDB writer variants (s16-duckinc), interleaved with the node floor."""
import os, sys, time, statistics
cmds = {
 'floor': ['node','-e','0'],
 'bindings': ['node','-e',"require('@duckdb/node-bindings')"],
 'nodeapi-inst': ['node','-e',"require('@duckdb/node-api/lib/DuckDBInstance.js')"],
 'nodeapi-inst+chunk': ['node','-e',"require('@duckdb/node-api/lib/DuckDBInstance.js');require('@duckdb/node-api/lib/DuckDBDataChunk.js')"],
 'writer-module': ['node','--input-type=module','-e',"await import('/work/wt-s16-duckinc/dist/backends/duckdb/duckdb-writer.js')"],
 'arrow-batches': ['node','--input-type=module','-e',"await import('/work/wt-s16-duckinc/dist/backends/duckdb/duckdb-arrow-batches.js')"],
}
res = {k: [] for k in cmds}
for r in range(9):
    for k, argv in (list(cmds.items()) if r % 2 == 0 else list(cmds.items())[::-1]):
        pid = os.fork()
        if pid == 0:
            os.chdir('/work/wt-s16-duckinc'); os.execvp(argv[0], argv)
        _, st, ru = os.wait4(pid, 0); res[k].append(ru.ru_utime + ru.ru_stime)
for k, v in res.items(): print(f'{k:20s} {statistics.median(v)*1000:6.1f} ms CPU')
