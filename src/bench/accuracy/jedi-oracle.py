"""The Python oracle for codira's accuracy measurement.

Enumerates every call inside a function body of a corpus (Python's own ``ast``), draws a seeded sample, and asks
jedi's ``goto`` (imports followed, types inferred) which definitions each callee reaches. Prints one JSON array of
sites in the shape of ``oracle-site.ts``. Run as ``python3 jedi-oracle.py ROOT FILE_LIST SAMPLE SEED`` (FILE_LIST: one repository-relative path a line) with jedi and parso on
``PYTHONPATH``.
"""

import ast
import json
import os
import random
import sys
import sysconfig

import jedi


def module_name(rel):
    """Dotted module name of a repository-relative path (a package's ``__init__`` names the package).

    Parameters
    ----------
    rel : str
        Path with ``/`` separators, ending in ``.py``.

    Returns
    -------
    str
        The module name.
    """
    name = rel[:-3].replace('/', '.')
    return name[: -len('.__init__')] if name.endswith('.__init__') else name


def chain_text(node):
    """The callee as codira writes it: a dotted chain of names, or ``super().m``.

    Parameters
    ----------
    node : ast.expr
        The call's ``func``.

    Returns
    -------
    str or None
        The text, or ``None`` when the callee is not a name chain.
    """
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == 'super':
        parts.append('super()')
    else:
        return None
    return '.'.join(reversed(parts))


class CallCollector(ast.NodeVisitor):
    """Calls inside function bodies, plus the file's import bindings (name -> imported module or object)."""

    def __init__(self, package, is_package):
        self.depth = 0
        self.calls = []
        self.imports = {}
        self.package = package
        self.is_package = is_package

    def absolute(self, module, level):
        """Absolute module name of a ``from`` import.

        Parameters
        ----------
        module : str or None
            The module as written after the dots.
        level : int
            Number of leading dots.

        Returns
        -------
        str
            The absolute dotted name.
        """
        if level == 0:
            return module or ''
        parts = self.package.split('.') if self.package else []
        base = parts if self.is_package else parts[:-1]
        base = base[: len(base) - (level - 1)] if level > 1 else base
        return '.'.join(base + ([module] if module else []))

    def visit_Import(self, node):
        """Bind ``import a.b`` (binds ``a``) and ``import a.b as c`` (binds ``c`` to ``a.b``).

        Parameters
        ----------
        node : ast.Import
            The statement.
        """
        for alias in node.names:
            if alias.asname:
                self.imports[alias.asname] = ('module', alias.name)
            else:
                head = alias.name.split('.')[0]
                self.imports.setdefault(head, ('module', head))

    def visit_ImportFrom(self, node):
        """Bind the names of ``from m import x [as y]`` to the module they are imported through.

        Parameters
        ----------
        node : ast.ImportFrom
            The statement.
        """
        source = self.absolute(node.module, node.level)
        for alias in node.names:
            if alias.name != '*':
                self.imports.setdefault(alias.asname or alias.name, ('from', source))

    def visit_function(self, node):
        """Count function nesting so only calls inside a body are kept.

        Parameters
        ----------
        node : ast.AST
            A function, async function or lambda.
        """
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = visit_function

    def visit_Call(self, node):
        """Keep a call inside a function body, then visit its parts.

        Parameters
        ----------
        node : ast.Call
            The call.
        """
        if self.depth > 0:
            self.calls.append(node)
        self.generic_visit(node)


def goto_position(func):
    """Line and column of the callee's last name, where jedi's goto answers for the whole callee.

    Parameters
    ----------
    func : ast.expr
        The call's ``func``.

    Returns
    -------
    tuple of int
        1-based line and 0-based column.
    """
    if isinstance(func, ast.Attribute):
        return func.end_lineno, func.end_col_offset - len(func.attr)
    if isinstance(func, ast.Name):
        return func.lineno, func.col_offset
    return func.end_lineno, max(func.end_col_offset - 1, 0)


def target_of(name, root, indexed):
    """The in-corpus definition a jedi name stands for, when a call graph should have it as a node.

    Parameters
    ----------
    name : jedi.api.classes.Name
        One answer of ``goto``.
    root : str
        Real path of the corpus root.
    indexed : set of str
        Repository-relative paths of the indexed files (anything else, even under the root, is outside the corpus).

    Returns
    -------
    tuple or None
        ``(target, kind)`` with the target as a dict (``path``, ``line``, ``name``) and the kind ``function``,
        ``class`` or ``constant`` (a module-level assignment); ``None`` for anything else.
    """
    path = name.module_path
    if path is None or name.line is None:
        return None
    path = os.path.realpath(str(path))
    if not path.startswith(root + os.sep):
        return None
    rel = os.path.relpath(path, root).replace(os.sep, '/')
    if rel not in indexed:
        return None
    if name.type in ('function', 'class'):
        kind = name.type
    elif name.type == 'statement':
        parent = name.parent()
        if parent is None or parent.type != 'module':
            return None
        kind = 'constant'
    else:
        return None
    return {'path': rel, 'line': name.line, 'name': name.name}, kind


def classify(func, text, kinds, targets, collector):
    """The call kind of a site, from its syntax and what jedi resolved it to.

    Parameters
    ----------
    func : ast.expr
        The call's ``func``.
    text : str or None
        The callee text.
    kinds : set of str
        Kinds of the in-corpus targets.
    targets : list of dict
        The in-corpus targets.
    collector : CallCollector
        The file's import bindings.

    Returns
    -------
    str
        One of the kinds of ``oracle-site.ts``.
    """
    if text is not None and text.startswith('super()'):
        return 'super'
    if text is not None and text.count('.') == 1 and text.split('.')[0] in ('self', 'cls'):
        return 'this-method'
    if 'class' in kinds:
        return 'constructor'
    if 'constant' in kinds:
        return 'constant'
    head = text.split('.')[0] if text is not None else None
    binding = collector.imports.get(head) if head is not None else None
    if binding is not None and targets:
        defining = module_name(targets[0]['path'])
        if binding[0] == 'from':
            through = binding[1]
        else:
            middle = text.split('.')[1:-1]
            through = '.'.join([binding[1]] + middle)
        if through != defining:
            return 're-export'
        return 'function'
    if isinstance(func, ast.Attribute):
        return 'object-method'
    return 'function'


def main():
    """Read the arguments, sample the sites, ask jedi, print the JSON array."""
    root = os.path.realpath(sys.argv[1])
    with open(sys.argv[2], encoding='utf-8') as handle:
        paths = [line.strip() for line in handle if line.strip()]
    indexed = set(paths)
    sample_size = int(sys.argv[3])
    seed = int(sys.argv[4])
    sites = []
    collectors = {}
    for rel in sorted(paths):
        try:
            with open(os.path.join(root, rel), encoding='utf-8') as handle:
                tree = ast.parse(handle.read())
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        collector = CallCollector(module_name(rel), rel.endswith('__init__.py'))
        collector.visit(tree)
        collectors[rel] = collector
        sites.extend((rel, call.lineno, call.col_offset, call) for call in collector.calls)
    sites.sort(key=lambda s: (s[0], s[1], s[2]))
    chosen = random.Random(seed).sample(range(len(sites)), min(sample_size, len(sites)))
    # The corpus and the standard library only: an installed copy of the same package must not answer for it.
    stdlib = sysconfig.get_paths()['stdlib']
    project = jedi.Project(root, smart_sys_path=False, sys_path=[root, stdlib, os.path.join(stdlib, 'lib-dynload')])
    scripts = {}
    out = []
    for index in sorted(chosen):
        rel, line, _, call = sites[index]
        if rel not in scripts:
            with open(os.path.join(root, rel), encoding='utf-8') as handle:
                scripts[rel] = jedi.Script(handle.read(), path=os.path.join(root, rel), project=project)
        text = chain_text(call.func)
        goto_line, goto_column = goto_position(call.func)
        try:
            names = scripts[rel].goto(goto_line, goto_column, follow_imports=True)
        except Exception:  # jedi gives up on some dynamic code; the site is then not judged
            names = []
        found = [t for t in (target_of(n, root, indexed) for n in names) if t is not None]
        targets = [t for t, _ in found]
        kinds = {k for _, k in found}
        status = 'resolved' if targets else ('external' if names else 'unknown')
        out.append(
            {
                'path': rel,
                'line': line,
                'text': text,
                'kind': classify(call.func, text, kinds, targets, collectors[rel]),
                'status': status,
                'targets': targets,
            }
        )
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
