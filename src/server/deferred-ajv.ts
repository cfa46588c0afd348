/**
 * Stands in for the SDK's ajv validator provider inside the SDK bundle (`scripts/bundle-sdk.mjs` puts it in place of
 * `@modelcontextprotocol/sdk/validation/ajv-provider`).
 *
 * The SDK's server module creates its JSON Schema validator at load time, which evaluates ajv and ajv-formats (about
 * 50 ms of CPU, a fifth of the start-up before the bundle) although the server validates JSON Schema with it only
 * when it elicits input from the client, which codira never does (tool arguments are validated by zod). This class
 * loads the real provider, from the installed SDK, on the first schema it is asked to compile.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import type * as AjvProviderModule from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType, JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';

const load = createRequire(import.meta.url);

/** The SDK's default validator, created (and ajv loaded) on the first schema it is asked to compile. */
export class AjvJsonSchemaValidator {
  private real: AjvProviderModule.AjvJsonSchemaValidator | undefined;

  /**
   * @param schema - A JSON Schema.
   * @returns The real provider's validator for it.
   */
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    this.real ??= new (
      load('@modelcontextprotocol/sdk/validation/ajv') as typeof AjvProviderModule
    ).AjvJsonSchemaValidator();
    return this.real.getValidator<T>(schema);
  }
}
