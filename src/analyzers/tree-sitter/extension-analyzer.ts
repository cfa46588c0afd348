/**
 * An analyzer that claims files by extension (lower-cased), the shape every tree-sitter analyzer shares.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import type { FileAnalysis } from '../../core/model.js';

/** What distinguishes one extension-claimed analyzer. */
export interface ExtensionAnalyzerSpec {
  readonly name: string;
  readonly version: string;
  /** Extensions claimed, lower-case with the dot. */
  readonly extensions: readonly string[];
  /** Further paths to claim (e.g. extension-less scripts); none when absent. */
  readonly claimsAlso?: (path: string) => boolean;
  readonly analyze: (path: string, source: string) => FileAnalysis;
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
  return Object.freeze({
    name: spec.name,
    version: spec.version,
    extensions,
    claims(path: string): boolean {
      const lower = path.toLowerCase();
      return extensions.some((extension) => lower.endsWith(extension)) || claimsAlso(path);
    },
    analyze: spec.analyze,
  });
}
