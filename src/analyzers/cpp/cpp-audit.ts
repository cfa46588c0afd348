/**
 * The C++ documentation audit: the C rules under C++ ids, a documented function describes each parameter (CPP001)
 * and its return value (CPP002) in Doxygen style (`@param`/`\param`, `@return`/`\returns`, `@retval`).
 *
 * @packageDocumentation
 */
import type { AuditFinding } from '../../core/model.js';
import { auditDocumentedFunctions, type AuditedFunction } from '../c/c-audit.js';

/**
 * Audit the documented functions of a file.
 *
 * @param functions - Function definitions in symbol order.
 * @returns Findings in symbol order.
 */
export function auditCpp(functions: readonly AuditedFunction[]): AuditFinding[] {
  return auditDocumentedFunctions('CPP', functions);
}
