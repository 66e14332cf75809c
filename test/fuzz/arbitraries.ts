// fast-check arbitraries derived from the JSON schemas of an OpenAPI 3.0 document: values a schema
// accepts, and values at and past its edges (wrong types, huge strings, deep nesting, Unicode edge
// cases, missing and extra fields). Written here rather than taken from a library: the one that
// derives arbitraries from JSON schema (json-schema-fast-check 0.0.6) targets fast-check 1, and
// TypeBox emits a small subset of JSON schema that fast-check's own `stringMatching`, `date` and
// `record` cover.
import fc from 'fast-check';

/** The subset of JSON schema (with OpenAPI's `nullable`) that TypeBox and Fastify emit. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly nullable?: boolean;
}

/** Values that exist in the system under test (ids of users, posts...), so inputs reach past lookups. */
export interface Known {
  readonly ids: readonly string[];
}

/** Strings code tends to get wrong: Unicode edge cases, operators, injections, numbers as text. */
export const edgeStrings: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '\u202eevil\u202c',
  'שלום عربى',
  `e${'\u0301'.repeat(300)}`,
  '\u200b\u200d\ufeff',
  '\ufffe\uffff',
  '👩‍👩‍👧‍👦'.repeat(30),
  '\r\n\t',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  '[object Object]',
  '$ne',
  '$where',
  '{"$gt":""}',
  '__proto__',
  'constructor',
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '%00',
  '%ZZ',
  'kudos:0:0',
  'users:99:99999999999',
  ':::',
  '2026-02-30T25:61:61Z',
  '+275760-09-13T00:00:00.001Z',
  '0000-01-01T00:00:00Z',
];

/** Lengths past any limit of the API (its largest maxLength is a few thousand characters). */
const hugeString = fc.constantFrom(100_001, 300_000).map((length) => 'é'.repeat(length));

const wrongTyped: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(-0, 1.5, 2 ** 53 + 2, -(2 ** 63), 1e308),
  fc.string({ maxLength: 10 }),
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 3 }),
);

/** `depth` levels of arrays or objects around a value. */
export const nested = (depth: number, inner: unknown = 1, asObject = false): unknown => {
  let value = inner;
  for (let level = 0; level < depth; level += 1) value = asObject ? { a: value } : [value];
  return value;
};

const deeplyNested = fc
  .tuple(fc.constantFrom(64, 500, 3_000), fc.boolean())
  .map(([depth, asObject]) => nested(depth, 'x', asObject));

const typesOf = (schema: JsonSchema): readonly string[] =>
  schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : schema.type;

/** An object with these own properties, `__proto__` and `constructor` included as plain keys. */
const objectOf = (entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> => {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries)
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
};

const validString = (schema: JsonSchema, known: Known, name: string): fc.Arbitrary<string> => {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 1_000;
  const fits = (value: string) => value.length >= min && value.length <= max;
  if (schema.format === 'date-time')
    return fc
      .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((date) => date.toISOString());
  if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  const options: fc.Arbitrary<string>[] = [
    fc.string({ minLength: min, maxLength: Math.min(max, 40), unit: 'grapheme' }),
    fc.string({ minLength: min, maxLength: Math.min(max, 40), unit: 'binary' }),
    fc.string({ minLength: max, maxLength: max, unit: 'grapheme-ascii' }),
  ];
  const ids = known.ids.filter(fits);
  if (ids.length > 0) options.push(fc.constantFrom(...ids), fc.constantFrom(...ids));
  if (/email|username/i.test(name)) options.push(fc.emailAddress().filter(fits));
  return fc.oneof(...options).filter(fits);
};

const validNumber = (schema: JsonSchema, integer: boolean): fc.Arbitrary<number> => {
  const min = schema.minimum ?? -1_000_000;
  const max = schema.maximum ?? 1_000_000;
  return integer
    ? fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max))
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
};

/** Values the schema accepts. `name` is the property that holds it (emails look like emails). */
export function validValue(schema: JsonSchema, known: Known, name = ''): fc.Arbitrary<unknown> {
  const plain = validPlain(schema, known, name);
  return schema.nullable === true ? fc.option(plain, { nil: null, freq: 8 }) : plain;
}

function validPlain(schema: JsonSchema, known: Known, name: string): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives !== undefined) return fc.oneof(...alternatives.map((one) => validValue(one, known, name)));
  const types = typesOf(schema);
  if (types.length > 1)
    return fc.oneof(...types.map((type) => validValue({ ...schema, type, nullable: false }, known, name)));
  switch (types[0]) {
    case 'string':
      return validString(schema, known, name);
    case 'integer':
      return validNumber(schema, true);
    case 'number':
      return validNumber(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validValue(schema.items ?? {}, known, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case 'object':
      return validObject(schema, known);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validObject(schema: JsonSchema, known: Known): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  return fc
    .tuple(
      ...properties.map(([key, property]) =>
        required.has(key)
          ? validValue(property, known, key).map((value) => [[key, value] as const])
          : fc.option(
              validValue(property, known, key).map((value) => [[key, value] as const]),
              { nil: [] as Array<readonly [string, unknown]> },
            ),
      ),
    )
    .map((entries) => objectOf(entries.flat()));
}

/** Keys a request should not be able to smuggle in. */
const strangeKeys = fc.constantFrom(
  '$where',
  '$ne',
  '$set',
  '__proto__',
  'constructor',
  'a.b',
  '',
  '_id',
  '_rev',
);

/**
 * Values near and past the schema's edges: at each level, mostly what it accepts, sometimes the wrong
 * type, an edge string, a huge string or deep nesting; objects lose required fields and gain extra ones.
 */
export function edgeValue(schema: JsonSchema, known: Known, name = '', depth = 0): fc.Arbitrary<unknown> {
  const edges: Array<fc.WeightedArbitrary<unknown>> = [
    { weight: 2, arbitrary: wrongTyped },
    { weight: 2, arbitrary: fc.constantFrom(...edgeStrings) },
    { weight: 1, arbitrary: deeplyNested },
  ];
  if (depth === 0) edges.push({ weight: 1, arbitrary: hugeString });
  if (schema.maxLength !== undefined)
    edges.push({ weight: 2, arbitrary: fc.constant('x'.repeat(schema.maxLength + 1)) });
  if (schema.minimum !== undefined || schema.maximum !== undefined)
    edges.push({
      weight: 2,
      arbitrary: fc.constantFrom((schema.minimum ?? 0) - 1, (schema.maximum ?? 2 ** 31) + 1),
    });
  const types = typesOf(schema);
  const deeper: Array<fc.WeightedArbitrary<unknown>> = [];
  if (types.includes('object') && schema.properties !== undefined)
    deeper.push({ weight: 6, arbitrary: edgeObject(schema, known, depth) });
  else if (types.includes('array') && schema.items !== undefined)
    deeper.push({
      weight: 4,
      arbitrary: fc.array(edgeValue(schema.items, known, name, depth + 1), {
        maxLength: (schema.maxItems ?? 5) + 2,
      }),
    });
  return fc.oneof({ weight: 6, arbitrary: validValue(schema, known, name) }, ...deeper, ...edges);
}

function edgeObject(schema: JsonSchema, known: Known, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  return fc
    .tuple(
      fc.tuple(
        ...properties.map(([key, property]) =>
          fc.option(
            edgeValue(property, known, key, depth + 1).map((value) => [key, value] as const),
            { nil: undefined, freq: 6 },
          ),
        ),
      ),
      fc.array(fc.tuple(fc.oneof(strangeKeys, fc.string({ maxLength: 8 })), wrongTyped), { maxLength: 2 }),
    )
    .map(([entries, extra]) =>
      objectOf([
        ...entries.filter((entry): entry is readonly [string, unknown] => entry !== undefined),
        ...extra,
      ]),
    );
}
