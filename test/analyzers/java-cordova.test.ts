import { beforeAll, describe, expect, it } from 'vitest';
import { javaAnalyzer } from '../../src/analyzers/java/java-analyzer.js';
import {
  analyzeCorpus,
  callLines,
  findingLines,
  invariantViolations,
  referenceLines,
  type CorpusAnalysis,
} from '../support/corpus-analysis.js';

// Facts below were checked by reading the Java sources of npm's cordova-android 12.0.1 (framework/src).
let corpus: CorpusAnalysis;
const PM = 'org/apache/cordova/PluginManager.java';

beforeAll(async () => {
  corpus = await analyzeCorpus(
    { kind: 'npm', package: 'cordova-android', version: '12.0.1', subdir: 'framework/src' },
    javaAnalyzer,
  );
});

describe('Java analyzer on cordova-android', () => {
  it('analyzes every .java file, keeping the invariants', () => {
    expect(corpus.failures).toEqual([]);
    expect(corpus.analyses.size).toBe(42);
    expect(invariantViolations(corpus.analyses)).toEqual([]);
  });

  it('qualifies types and members by package, with Javadoc docstrings', () => {
    const manager = corpus.of(PM);
    expect(manager.module).toBe('org.apache.cordova');
    expect(manager.symbols.find((s) => s.qualifiedName === 'org.apache.cordova.PluginManager')).toMatchObject({
      kind: 'class',
      startLine: 44,
      endLine: 647,
      signature: 'public class PluginManager',
      exported: true,
    });
    expect(manager.symbols.find((s) => s.qualifiedName === 'org.apache.cordova.PluginManager.getPlugin')).toEqual({
      qualifiedName: 'org.apache.cordova.PluginManager.getPlugin',
      name: 'getPlugin',
      kind: 'method',
      startLine: 175,
      endLine: expect.any(Number) as unknown,
      signature: 'public CordovaPlugin getPlugin(String service)',
      docstring: expect.stringMatching(/^Get the plugin object that implements the service\./) as unknown,
      exported: true,
    });
    // A constructor is a method named after its class.
    expect(
      manager.symbols.find((s) => s.qualifiedName === 'org.apache.cordova.PluginManager.PluginManager'),
    ).toMatchObject({
      kind: 'method',
      startLine: 64,
    });
  });

  it('hints calls through the enclosing class, imports, java.lang and constructions', () => {
    const calls = callLines(corpus.of(PM));
    expect(calls).toContain(
      'org.apache.cordova.PluginManager.exec -> getPlugin org.apache.cordova.PluginManager.getPlugin 138',
    );
    expect(calls).toContain('org.apache.cordova.PluginManager.exec -> LOG.d org.apache.cordova.LOG.d 140');
    expect(calls).toContain(
      'org.apache.cordova.PluginManager.exec -> new PluginResult org.apache.cordova.PluginResult 141',
    );
    expect(calls).toContain(
      'org.apache.cordova.PluginManager.exec -> System.currentTimeMillis java.lang.System.currentTimeMillis 147',
    );
    expect(callLines(corpus.of('org/apache/cordova/CordovaWebViewImpl.java'))).toContain(
      'org.apache.cordova.CordovaWebViewImpl.loadUrl -> loadUrlIntoView org.apache.cordova.CordovaWebViewImpl.loadUrlIntoView 207',
    );
  });

  it('audits Javadoc: public declarations documented (JV001), @param (JV002), @return (JV003)', () => {
    const findings = findingLines(corpus.of(PM));
    expect(findings).toContain('JV001 org.apache.cordova.PluginManager.getPluginEntries 70');
    expect(findings).toContain('JV002 org.apache.cordova.PluginManager.onNewIntent 367');
    expect(findings).toContain('JV003 org.apache.cordova.PluginManager.getLaunchUrlPrefix 385');
    // `@Override` methods inherit their documentation.
    expect(findingLines(corpus.of('org/apache/cordova/CordovaWebViewImpl.java'))).not.toContain(
      'JV001 org.apache.cordova.CordovaWebViewImpl.loadUrl 205',
    );
  });
});

describe('Java analyzer on small sources', () => {
  it('names nested types, makes interface members public and takes method references', () => {
    const source = [
      'package app;',
      'import java.util.List;',
      '/** Runs. */',
      'public class Runner {',
      '  /** Steps. */',
      '  public interface Step { int run(); }',
      '  /** Runs all. @param steps the steps */',
      '  public void all(List<Step> steps) { steps.forEach(this::one); Runner.helper(); }',
      '  private void one(Step s) { s.run(); }',
      '  static void helper() {}',
      '}',
    ].join('\n');
    const analysis = javaAnalyzer.analyze('src/app/Runner.java', source);
    expect(analysis.symbols.map((s) => `${s.kind} ${s.qualifiedName} ${s.exported}`)).toEqual([
      'module app true',
      'class app.Runner true',
      'interface app.Runner.Step true',
      'method app.Runner.Step.run true',
      'method app.Runner.all true',
      'method app.Runner.one false',
      'method app.Runner.helper false',
    ]);
    expect(referenceLines(analysis)).toEqual(['app.Runner.all ~> this::one app.Runner.one 8']);
    expect(callLines(analysis)).toEqual([
      'app.Runner.all -> steps.forEach null 8',
      'app.Runner.all -> Runner.helper app.Runner.helper 8',
      'app.Runner.one -> s.run null 9',
    ]);
    expect(findingLines(analysis)).toEqual(['JV001 app.Runner.Step.run 6']);
    expect(() => javaAnalyzer.analyze('Bad.java', 'class Bad {')).toThrow(/^syntax error at line 1$/);
  });
});
