import { Extensions, getMetadataStorage } from 'type-graphql';
import {
  GraphQLID,
  GraphQLString,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
} from 'graphql';
import { isBlank, textProblem, type TextKind } from '../common/text';
import { badInput, type FieldProblem } from '../errors/app-error';

/**
 * Every text the API receives is checked here, from the schema itself: every String and ID in
 * every argument and input field, however deeply nested, before any resolver runs. No control
 * characters, no bidirectional controls or other invisible format characters, no invalid
 * Unicode, no tab or line break outside the fields marked multi-line, and nothing blank where a
 * text is required. A new input field is covered without a decorator; `@TextRules` only says
 * where a field differs from a one-line text.
 */
export interface TextRuleOptions {
  /** Notes and reasons: tabs and line breaks allowed. */
  multiLine?: boolean;
  /** Passwords: taken as typed, only well-formed Unicode required, never trimmed. */
  secret?: boolean;
  /** Not blank even where the field may be left out (a name in an update). */
  required?: boolean;
}

const KEY = 'ketnapText';
const EMPTY: TextRuleOptions = Object.freeze({});

/** The rules declared on input classes' properties (type-graphql drops an inherited field's extensions). */
const DECLARED = new Map<object, Map<string, TextRuleOptions>>();

export function TextRules(options: TextRuleOptions): PropertyDecorator {
  const extensions = Extensions({ [KEY]: options }) as PropertyDecorator;
  return (prototype, property) => {
    extensions(prototype, property);
    const owner = prototype.constructor;
    if (!DECLARED.has(owner)) DECLARED.set(owner, new Map());
    DECLARED.get(owner)?.set(String(property), options);
  };
}

/** A note or a reason: several lines allowed. */
export const MultiLineText = (): PropertyDecorator => TextRules({ multiLine: true });

function rulesOf(extensions: Readonly<Record<string, unknown>> | null | undefined): TextRuleOptions {
  return (extensions?.[KEY] as TextRuleOptions | undefined) ?? EMPTY;
}

let classesByName: Map<string, object> | null = null;

/** A field's rules, declared on its input class or on a class it extends. */
function fieldRules(type: GraphQLInputObjectType, field: GraphQLInputField): TextRuleOptions {
  const own = rulesOf(field.extensions);
  if (own !== EMPTY) return own;
  classesByName ??= new Map(getMetadataStorage().inputTypes.map((input) => [input.name, input.target]));
  for (let owner = classesByName.get(type.name); owner && owner !== Function.prototype; owner = Object.getPrototypeOf(owner)) {
    const declared = DECLARED.get(owner)?.get(field.name);
    if (declared) return declared;
  }
  return EMPTY;
}

function kindOf(rules: TextRuleOptions): TextKind {
  return rules.secret ? 'secret' : rules.multiLine ? 'multiLine' : 'line';
}

function check(value: unknown, type: GraphQLInputType, rules: TextRuleOptions, field: string, problems: FieldProblem[]): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) {
    check(value, type.ofType, { ...rules, required: true }, field, problems);
    return;
  }
  if (isListType(type)) {
    if (Array.isArray(value)) value.forEach((item, index) => check(item, type.ofType, rules, `${field}[${index}]`, problems));
    else check(value, type.ofType, rules, field, problems);
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return;
    const fields = type.getFields();
    for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
      const definition: GraphQLInputField | undefined = fields[name];
      if (definition) check(inner, definition.type, fieldRules(type, definition), field ? `${field}.${name}` : name, problems);
    }
    return;
  }
  const named = getNamedType(type);
  if (named !== GraphQLString && named !== GraphQLID) {
    // A JSON scalar (a step's facts): every text inside it, lines allowed.
    if (typeof value === 'object') checkJson(value, field, problems);
    return;
  }
  if (typeof value !== 'string') return;
  const problem = textProblem(value, kindOf(rules));
  if (problem) problems.push({ field, message: `${field} ${problem}` });
  else if (rules.required && !rules.secret && isBlank(value)) problems.push({ field, message: `${field} must not be blank` });
}

/** How deep a JSON argument may nest (a step's facts are flat; a recorded step's facts nest two levels). */
const MAX_JSON_DEPTH = 6;

function checkJson(value: unknown, field: string, problems: FieldProblem[], depth = 0): void {
  if (depth > MAX_JSON_DEPTH) {
    problems.push({ field, message: `${field} is nested more than ${MAX_JSON_DEPTH} levels deep` });
    return;
  }
  if (typeof value === 'string') {
    const problem = textProblem(value, 'multiLine');
    if (problem) problems.push({ field, message: `${field} ${problem}` });
  } else if (Array.isArray(value)) value.forEach((item, index) => checkJson(item, `${field}[${index}]`, problems, depth + 1));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      // A key is text too: a single line, like a name.
      const keyProblem = textProblem(key, 'line');
      if (keyProblem) problems.push({ field: `${field}.${JSON.stringify(key).slice(0, 40)}`, message: `a key of ${field} ${keyProblem}` });
      else checkJson(inner, `${field}.${key.slice(0, 64)}`, problems, depth + 1);
    }
  }
}

/** The problems of a field's arguments' texts; an argument named `input` is left out of the field names (`fullName`, not `input.fullName`). */
export function textProblems(args: readonly GraphQLArgument[], values: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const arg of args) {
    if (values[arg.name] === undefined) continue;
    check(values[arg.name], arg.type, rulesOf(arg.extensions), arg.name === 'input' ? '' : arg.name, problems);
  }
  return problems;
}

const checked = new WeakSet<object>();

/**
 * Refuses, with BAD_USER_INPUT and one problem per field, a resolver call whose arguments hold
 * a text that may not be stored. Called by the schema's argument validation (once per call,
 * however many arguments the resolver takes).
 */
export function assertTextArguments(field: GraphQLField<unknown, unknown> | undefined, values: Record<string, unknown>): void {
  if (!field || field.args.length === 0 || checked.has(values)) return;
  checked.add(values);
  const problems = textProblems(field.args, values);
  if (problems.length) throw badInput(`Invalid input: ${problems.map((p) => p.message).join('; ')}`, problems);
}
