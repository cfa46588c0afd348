/**
 * An analyzer that claims files by extension (lower-cased), the shape every tree-sitter analyzer shares.
 *
 * @packageDocumentation
 */
import { lazyAnalysis, type Analyzer, type AnalyzeFunction } from '../../core/analyzer.js';

/** What distinguishes one extension-claimed analyzer. */
export interface ExtensionAnalyzerSpec {
  readonly name: string;
  readonly version: string;
  /** Extensions claimed, lower-case with the dot. */
  readonly extensions: readonly string[];
  /** Further paths to claim (e.g. extension-less scripts); none when absent. */
  readonly claimsAlso?: (path: string) => boolean;
  /** Imports the parser and walker (on first use, see `Analyzer.load`) and returns the analysis. */
  readonly analysis: () => Promise<AnalyzeFunction>;
}

/**
 * Build an analyzer.
 *
 * @param spec - Name, version, extensions and the analysis.
 * @returns The frozen analyzer.
 */
export function extensionAnalyzer(spec: ExtensionAnalyzerSpec): Analyzer {
  const extensions = Object.freeze([...spec.extensions]);
  const claimsAlso = spec.claimsAlso ?? (() => false);
  const { load, analyze } = lazyAnalysis(spec.name, spec.analysis);
  return Object.freeze({
    name: spec.name,
    version: spec.version,
    extensions,
    claims(path: string): boolean {
      const lower = path.toLowerCase();
      return extensions.some((extension) => lower.endsWith(extension)) || claimsAlso(path);
    },
    load,
    analyze,
  });
}
