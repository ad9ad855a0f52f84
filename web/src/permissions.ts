import { buildMongoQueryMatcher, createMongoAbility, subject, type ConditionsMatcher, type MongoAbility, type MongoQuery, type RawRuleOf } from '@casl/ability';
import type { FieldCondition, FieldInstruction, JsInterpreter } from '@ucast/mongo2js';

/**
 * The caller's rules (`me.permissions`, CASL's format) loaded into CASL, so a screen offers
 * only what the server would allow. The server stays the only guard: this only hides.
 * `$startsWith` is "the string begins with" (a subtree by its path), as the README says.
 */
export interface PermissionRule {
  actions: string[];
  subjects: string[];
  conditions?: Record<string, unknown> | null;
  inverted: boolean;
}

const startsWithInstruction: FieldInstruction<string> = { type: 'field' };
const startsWithInterpreter: JsInterpreter<FieldCondition<string>> = (condition, object, { get }) => {
  const value = get(object, condition.field);
  return typeof value === 'string' && value.startsWith(condition.value);
};
const conditionsMatcher = buildMongoQueryMatcher({ $startsWith: startsWithInstruction }, { startsWith: startsWithInterpreter }) as unknown as ConditionsMatcher<MongoQuery>;

export type Ability = MongoAbility;

export function abilityFrom(rules: readonly PermissionRule[]): Ability {
  const raw: RawRuleOf<MongoAbility>[] = rules.map((r) => ({ action: r.actions, subject: r.subjects, inverted: r.inverted, ...(r.conditions ? { conditions: r.conditions as MongoQuery } : {}) }));
  return createMongoAbility(raw, { conditionsMatcher });
}

/** May the user do `action` on this candidate (its `permissionSubject`)? */
export function canOnCandidate(ability: Ability, action: string, permissionSubject: Record<string, unknown>): boolean {
  return ability.can(action, subject('Candidate', { ...permissionSubject }));
}
